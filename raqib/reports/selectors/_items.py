"""Section and criterion means (cubes or fine grain), grid versions and critical findings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum

from ..figures import (
    CriticalRow,
    GridVersionRow,
    ItemScore,
)
from ..labels import ItemLabel
from ..models.facts import (
    CRITERION,
    SECTION,
    CriterionFact,
    ScoreBodyCube,
    ScoreCube,
    ScoreDayCube,
)
from ._scope import CRITICAL_ROWS, FactScope, mean_or_none, scope_facts


def whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the whole months inside [start, end], if any."""
    first = (
        start if start.day == 1 else (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    )
    after = end + dt.timedelta(days=1)
    last = end if after.day == 1 else end.replace(day=1) - dt.timedelta(days=1)
    return (first, last) if first <= last else None


def item_scores(scope: FactScope, labels: dict[tuple[str, str], ItemLabel]) -> list[ItemScore]:
    """Section and criterion means: the day cube for national views, else a monthly cube for
    the whole months (with the body dimension under a body filter or scope) and the fine
    grain for the rest of the period."""
    f = scope.filters
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    national = scope.governorate_ids is None and scope.body_ids is None and not f.category_id
    whole = whole_months(f.start, f.end)
    # The cube with a body dimension under a body filter or scope, the smaller one otherwise.
    cube_model: Any = ScoreCube if scope.body_ids is None else ScoreBodyCube
    ranges = [(f.start, f.end)]
    if national:
        daily = (
            ScoreDayCube.objects.filter(scope.q(dims=False), day__gte=f.start, day__lte=f.end)
            .order_by()
            .values("kind", "code")
            .annotate(count=Sum("n"), sum=Sum("total"), failures=Sum("critical_failures"))
        )
        for row in daily:
            acc = sums[(row["kind"], row["code"])]
            acc[0] += row["count"] or 0
            acc[1] += row["sum"] or 0.0
            acc[2] += row["failures"] or 0
        ranges = []
    elif whole is not None:
        first, last = whole
        cube = (
            cube_model.objects.filter(scope.q(), month__gte=first, month__lte=last.replace(day=1))
            .order_by()
            .values("kind", "code")
            .annotate(count=Sum("n"), sum=Sum("total"), failures=Sum("critical_failures"))
        )
        for row in cube:
            acc = sums[(row["kind"], row["code"])]
            acc[0] += row["count"] or 0
            acc[1] += row["sum"] or 0.0
            acc[2] += row["failures"] or 0
        ranges = []
        if f.start < first:
            ranges.append((f.start, first - dt.timedelta(days=1)))
        if last < f.end:
            ranges.append((last + dt.timedelta(days=1), f.end))
    # One query per range (at most two): an OR of ranges would defeat the (…, day) indexes.
    for low, high in ranges:
        rows = (
            CriterionFact.objects.filter(scope.q(), day__gte=low, day__lte=high)
            .order_by()
            .values("kind", "code")
            .annotate(
                count=Count("*"),
                sum=Sum("score"),
                failures=Count("critical_failure", filter=Q(critical_failure=True)),
            )
        )
        for row in rows:
            acc = sums[(row["kind"], row["code"])]
            acc[0] += row["count"] or 0
            acc[1] += row["sum"] or 0.0
            acc[2] += row["failures"] or 0
    items = []
    for (kind, code), (count, total, failures) in sums.items():
        label = labels.get((kind, code))
        items.append(
            (
                label.position if label else 10**9,
                ItemScore(
                    kind=kind,
                    code=code,
                    section=label.section if label else (code if kind == SECTION else ""),
                    label_ar=label.label_ar if label else code,
                    label_fr=label.label_fr if label else code,
                    mean=mean_or_none(total, int(count)),
                    n=int(count),
                    critical_failures=int(failures),
                ),
            )
        )
    items.sort(key=lambda pair: (pair[0], pair[1].kind, pair[1].code))
    return [item for _position, item in items]


def grid_version_rows(counts: dict[int, int]) -> list[GridVersionRow]:
    """The grid versions behind the reports (reports per version), oldest first."""
    from raqib.grids.models import GridVersion

    if not counts:
        return []
    rows = (
        GridVersion.objects.filter(pk__in=list(counts))
        .order_by("published_at", "pk")
        .values("pk", "number", "content_hash", "grid__code", "grid__title_ar", "grid__title_fr")
    )
    return [
        GridVersionRow(
            id=row["pk"],
            code=row["grid__code"],
            version=row["number"],
            title_ar=row["grid__title_ar"],
            title_fr=row["grid__title_fr"],
            content_hash=row["content_hash"],
            reports=counts[row["pk"]],
        )
        for row in rows
    ]


def critical_rows(scope: FactScope, labels: dict[tuple[str, str], ItemLabel]) -> list[CriticalRow]:
    rows = (
        scope_facts(scope)
        .filter(critical=True)
        .order_by("-day", "-validated_at", "-pk")
        .values(
            "mission__code",
            "day",
            "critical_codes",
            "service_point__code",
            "service_point__name_ar",
            "service_point__name_fr",
            "body__name_ar",
            "body__name_fr",
        )[:CRITICAL_ROWS]
    )
    result = []
    for row in rows:
        criteria = []
        for code in row["critical_codes"] or []:
            label = labels.get((CRITERION, code))
            criteria.append(
                (code, label.label_ar if label else code, label.label_fr if label else code)
            )
        result.append(
            CriticalRow(
                mission_code=row["mission__code"],
                day=row["day"],
                point_code=row["service_point__code"],
                point_name_ar=row["service_point__name_ar"],
                point_name_fr=row["service_point__name_fr"],
                body_name_ar=row["body__name_ar"],
                body_name_fr=row["body__name_fr"],
                criteria=tuple(criteria),
            )
        )
    return result
