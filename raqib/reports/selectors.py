"""Reads for dashboards and periodic reports (implemented by the rollups owner).

Contract (see figures.py):

* ``dashboard_build(*, filters, body_scope=None) -> Dashboard`` — national or scoped figures;
  ``body_scope`` is a set of body ids (a focal point's tree) that every figure is limited to.
* ``dashboard_for_user(*, user, filters) -> Dashboard`` — applies the user's scope: staff see
  everything, a focal point only their bodies (a body filter outside it → Http404).
* ``body_scorecard_get_for_user(*, user, body_id, filters) -> Dashboard`` — one body's
  figures; Http404 when the body is out of the user's scope or does not exist.

How the figures are read (12–15 queries, whatever the volume; see the query-count test):

* planned / done / validated and the monthly trend: one aggregate over the missions whose
  window starts (local date) in the period, grouped by local month;
* scores, rankings, coverage and the survey waves' mystery-visit means: one aggregate of
  ``ReportFact`` per service point, rolled up in Python (a few thousand rows at most) into
  governorates, bodies and the total; the active points come from one query on the
  activity periods; the monthly means and grid versions from one more aggregate;
* section and criterion means: ``ScoreDayCube`` for national views (no governorate,
  region, category or body), else ``ScoreCube`` for the whole months of the period when no
  body filter or scope applies, and ``CriterionFact`` for the rest (partial months, bodies).
  All give the same numbers (see the tests); means are rounded to 6 decimals so that the
  order of the sums cannot show;
* labels from the grid versions' snapshots (``labels.py``, cached per content hash).

Every aggregate reads a covering index (models/facts.py) on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.registry.models import Governorate, PublicBody, RegionTag
from raqib.registry.selectors import public_body_descendant_ids, service_points_active_during

from .figures import (
    CriticalRow,
    Dashboard,
    Filters,
    GovernorateRow,
    ItemScore,
    MonthRow,
    RankRow,
    Rate,
    SurveyFigure,
    SurveyRow,
)
from .labels import ItemLabel, item_labels
from .models.facts import (
    CRITERION,
    SECTION,
    CriterionFact,
    ReportFact,
    ScoreCube,
    ScoreDayCube,
)
from .periods import Period

INTERIOR = "interior"
DASHBOARD_STAFF = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR})
CRITICAL_ROWS = 20
STRENGTHS = 5
DONE_STATUSES = ("submitted", "returned", "validated")
# Means are rounded to 6 decimals (a millionth of a point): the cube and the fine grain sum
# the same scores in a different order, and must give the same figure.
MEAN_DIGITS = 6


def _mean(total: float | None, n: int) -> float | None:
    return None if not n or total is None else round(total / n, MEAN_DIGITS)


@dataclasses.dataclass
class _Scope:
    """The filters resolved to ids: what every query of one dashboard shares."""

    filters: Filters
    governorate_ids: set[int] | None  # None: no restriction
    body_ids: set[int] | None
    interior_ids: set[int]

    @property
    def empty(self) -> bool:
        return (self.governorate_ids is not None and not self.governorate_ids) or (
            self.body_ids is not None and not self.body_ids
        )

    def q(self, prefix: str = "", *, channel: bool = True, dims: bool = True) -> Q:
        """Dimension filters on a model with governorate, body, category (and channel)."""
        f = self.filters
        q = Q()
        if dims:
            if self.governorate_ids is not None:
                q &= Q(**{f"{prefix}governorate_id__in": sorted(self.governorate_ids)})
            if self.body_ids is not None:
                q &= Q(**{f"{prefix}body_id__in": sorted(self.body_ids)})
            if f.category_id is not None:
                q &= Q(**{f"{prefix}category_id": f.category_id})
        if channel and f.channel:
            q &= Q(channel=f.channel)
        return q


def _resolve(filters: Filters, body_scope: Collection[int] | None) -> _Scope:
    tags = {INTERIOR} | ({filters.region_tag} if filters.region_tag else set())
    tagged: dict[str, set[int]] = defaultdict(set)
    for code, governorate_id in RegionTag.governorates.through.objects.filter(
        regiontag__code__in=tags
    ).values_list("regiontag__code", "governorate_id"):
        tagged[code].add(governorate_id)
    governorate_ids: set[int] | None = None
    if filters.governorate_id is not None:
        governorate_ids = {filters.governorate_id}
    if filters.region_tag:
        region = tagged.get(filters.region_tag, set())
        governorate_ids = region if governorate_ids is None else governorate_ids & region
    body_ids: set[int] | None = None
    if filters.body_id is not None:
        body_ids = public_body_descendant_ids(root_ids=[filters.body_id])
    if body_scope is not None:
        scope = set(body_scope)
        body_ids = scope if body_ids is None else body_ids & scope
    return _Scope(filters, governorate_ids, body_ids, tagged.get(INTERIOR, set()))


def _facts(scope: _Scope) -> QuerySet[ReportFact]:
    f = scope.filters
    return ReportFact.objects.filter(scope.q(), day__gte=f.start, day__lte=f.end).order_by()


def _local_bounds(filters: Filters) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min), tz)
    end = timezone.make_aware(
        dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min), tz
    )
    return start, end


def _month_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.date().replace(day=1)
    return value.replace(day=1)  # type: ignore[no-any-return,unused-ignore]


def _missions_by_month(scope: _Scope) -> dict[dt.date, tuple[int, int, int]]:
    """(planned, done, validated) per local month of the window start."""
    from raqib.missions.models import Mission, MissionStatus

    start, end = _local_bounds(scope.filters)
    rows = (
        Mission.objects.filter(
            scope.q("service_point__"), window_start__gte=start, window_start__lt=end
        )
        .exclude(status=MissionStatus.CANCELLED)
        .annotate(local_month=TruncMonth("window_start", tzinfo=timezone.get_default_timezone()))
        .order_by()
        .values("local_month")
        .annotate(
            planned=Count("id"),
            done=Count("id", filter=Q(status__in=DONE_STATUSES)),
            validated=Count("id", filter=Q(status=MissionStatus.VALIDATED)),
        )
    )
    found: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        counts = found[_month_of(row["local_month"])]
        counts[0] += row["planned"]
        counts[1] += row["done"]
        counts[2] += row["validated"]
    return {month: (c[0], c[1], c[2]) for month, c in found.items()}


@dataclasses.dataclass
class _Acc:
    n: int = 0
    total: float = 0.0
    scored: int = 0
    critical: int = 0

    @property
    def mean(self) -> float | None:
        return self.total / self.scored if self.scored else None


def _rank_key(row: RankRow) -> tuple[bool, float, int, str]:
    return (row.mean is None, -(row.mean or 0.0), -row.n, row.code)


def _whole_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the whole months inside [start, end], if any."""
    first = (
        start if start.day == 1 else (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    )
    after = end + dt.timedelta(days=1)
    last = end if after.day == 1 else end.replace(day=1) - dt.timedelta(days=1)
    return (first, last) if first <= last else None


def _items(scope: _Scope, labels: dict[tuple[str, str], ItemLabel]) -> list[ItemScore]:
    """Section and criterion means: the cube for whole months (when no body filter or scope
    applies: the cube has no body), the fine grain for the rest of the period."""
    f = scope.filters
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    national = scope.governorate_ids is None and scope.body_ids is None and not f.category_id
    whole = _whole_months(f.start, f.end) if scope.body_ids is None else None
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
            ScoreCube.objects.filter(scope.q(), month__gte=first, month__lte=last.replace(day=1))
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
                    mean=_mean(total, int(count)),
                    n=int(count),
                    critical_failures=int(failures),
                ),
            )
        )
    items.sort(key=lambda pair: (pair[0], pair[1].kind, pair[1].code))
    return [item for _position, item in items]


def _grid_versions(counts: dict[int, int]) -> list[dict[str, Any]]:
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
        {
            "id": row["pk"],
            "code": row["grid__code"],
            "version": row["number"],
            "title_ar": row["grid__title_ar"],
            "title_fr": row["grid__title_fr"],
            "content_hash": row["content_hash"],
            "reports": counts[row["pk"]],
        }
        for row in rows
    ]


def _critical(scope: _Scope, labels: dict[tuple[str, str], ItemLabel]) -> list[CriticalRow]:
    rows = (
        _facts(scope)
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


def _wave_tallies(scope: _Scope) -> list[Any]:
    """The survey waves of the period over the selected points (surveys.wave_tallies)."""
    try:
        from raqib.surveys.selectors import wave_tallies
    except ImportError:  # pragma: no cover - the surveys app always ships it
        return []
    point_filter = None
    f = scope.filters
    if scope.governorate_ids is not None or scope.body_ids is not None or f.category_id:
        from raqib.registry.models import ServicePoint

        point_filter = ServicePoint.objects.filter(scope.q(channel=False)).values("id")
    return list(wave_tallies(start=f.start, end=f.end, service_point_ids=point_filter))


def _wave_window(scope: _Scope, wave: Any) -> Q:
    """The reports of the wave's dates within the period (its points are checked apart)."""
    f = scope.filters
    return Q(day__gte=max(f.start, wave.starts_on), day__lte=min(f.end, wave.ends_on))


def _surveys(tallies: list[Any], mystery: dict[int, list[float]]) -> list[SurveyRow]:
    from raqib.surveys import indices

    rows = []
    for tally in tallies:
        wave = tally.wave
        index = indices.figure_from_sums(
            tally.overall_n, tally.overall_sum, tally.overall_sumsq, wave.min_sample
        )
        share = indices.share_figure(tally.satisfied, tally.overall_n, wave.min_sample)
        total, scored = mystery.get(wave.pk, [0.0, 0])
        rows.append(
            SurveyRow(
                wave_id=wave.pk,
                code=wave.code,
                title_ar=wave.title_ar,
                title_fr=wave.title_fr,
                starts_on=wave.starts_on,
                ends_on=wave.ends_on,
                responses=tally.responses,
                index=SurveyFigure(index.n, index.value, index.low, index.high),
                satisfied=SurveyFigure(share.n, share.value, share.low, share.high),
                mystery_mean=total / scored if scored else None,
            )
        )
    return rows


@dataclasses.dataclass
class _PerPoint:
    overall: _Acc = dataclasses.field(default_factory=_Acc)
    by_governorate: dict[int, _Acc] = dataclasses.field(default_factory=lambda: defaultdict(_Acc))
    by_body: dict[int, _Acc] = dataclasses.field(default_factory=lambda: defaultdict(_Acc))
    by_point: dict[int, _Acc] = dataclasses.field(default_factory=lambda: defaultdict(_Acc))
    point_governorate: dict[int, int] = dataclasses.field(default_factory=dict)
    # wave id → [sum of scores, scored reports] of the wave's points in its dates
    mystery: dict[int, list[float]] = dataclasses.field(
        default_factory=lambda: defaultdict(lambda: [0.0, 0])
    )


def _per_point(scope: _Scope, tallies: list[Any]) -> _PerPoint:
    """One aggregate of the facts per point (a few thousand rows at most), rolled up here into
    the total, governorates, bodies and points, with the mystery-visit sums of the survey
    waves (the reports of each wave's dates at its points)."""
    wave_sums: dict[str, Any] = {}
    for tally in tallies:
        in_wave = Case(When(_wave_window(scope, tally.wave), then=F("score")))
        wave_sums[f"wave_total_{tally.wave.pk}"] = Sum(in_wave)
        wave_sums[f"wave_n_{tally.wave.pk}"] = Count(in_wave)
    wave_ids = [tally.wave.pk for tally in tallies]
    wave_columns = [name for pk in wave_ids for name in (f"wave_total_{pk}", f"wave_n_{pk}")]
    per_point: Any = (
        _facts(scope)
        .values("service_point_id", "body_id", "governorate_id")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            scored=Count("score"),
            critical=Count("critical", filter=Q(critical=True)),
            **wave_sums,
        )
        .values_list(
            "service_point_id",
            "body_id",
            "governorate_id",
            "n",
            "total",
            "scored",
            "critical",
            *wave_columns,
        )
    )
    wave_points = [(pk, set(t.point_ids)) for pk, t in zip(wave_ids, tallies, strict=True)]
    per = _PerPoint()
    overall = per.overall
    by_governorate, by_body, by_point = per.by_governorate, per.by_body, per.by_point
    point_governorate, mystery = per.point_governorate, per.mystery
    for point_id, body_id, governorate_id, n, raw_total, scored, critical, *waves in per_point:
        total = raw_total or 0.0
        for acc in (
            overall,
            by_governorate[governorate_id],
            by_body[body_id],
            by_point[point_id],
        ):
            acc.n += n
            acc.total += total
            acc.scored += scored
            acc.critical += critical
        point_governorate[point_id] = governorate_id
        for index, (wave_id, points) in enumerate(wave_points):
            if waves[2 * index + 1] and point_id in points:
                wave_acc = mystery[wave_id]
                wave_acc[0] += waves[2 * index] or 0.0
                wave_acc[1] += waves[2 * index + 1]
    return per


def dashboard_build(*, filters: Filters, body_scope: Iterable[int] | None = None) -> Dashboard:
    """Every figure of the dashboard for `filters`, limited to `body_scope` when given."""
    scope = _resolve(filters, None if body_scope is None else set(body_scope))
    if scope.empty:
        scope.governorate_ids, scope.body_ids = set(), set()  # match nothing, keep the shape

    # Missions: planned, done, validated, by month.
    by_month_missions = _missions_by_month(scope)

    # Active points in the period (current dimensions), for coverage.
    names: dict[int, tuple[str, str, str]] = {}
    active_by_point: dict[int, int] = {}
    for pk, governorate_id, code, name_ar, name_fr in (
        service_points_active_during(start=filters.start, end=filters.end)
        .filter(scope.q(channel=False))
        .order_by()
        .values_list("id", "governorate_id", "code", "name_ar", "name_fr")
    ):
        active_by_point[pk] = governorate_id
        names[pk] = (code, name_ar, name_fr)

    tallies = _wave_tallies(scope)
    per = _per_point(scope, tallies)
    by_point, by_body, by_governorate = per.by_point, per.by_body, per.by_governorate
    overall = per.overall
    covered_points = set(by_point) & set(active_by_point)
    missing = set(by_point) - set(names)
    if missing:  # reported but not active in the period (or moved since): rare
        from raqib.registry.models import ServicePoint

        for pk, code, name_ar, name_fr in ServicePoint.objects.filter(pk__in=missing).values_list(
            "pk", "code", "name_ar", "name_fr"
        ):
            names[pk] = (code, name_ar, name_fr)

    governorates = list(
        Governorate.objects.order_by("iso_code").values_list("pk", "iso_code", "name_ar", "name_fr")
    )
    iso_of = {pk: iso for pk, iso, _ar, _fr in governorates}
    active_count: dict[int, int] = defaultdict(int)
    covered_count: dict[int, int] = defaultdict(int)
    for point_id, governorate_id in active_by_point.items():
        active_count[governorate_id] += 1
        if point_id in covered_points:
            covered_count[governorate_id] += 1

    def rate(ids: Iterable[int]) -> Rate:
        ids = list(ids)
        return Rate(
            covered=sum(covered_count[g] for g in ids), active=sum(active_count[g] for g in ids)
        )

    interior = scope.interior_ids
    governorate_rows = [
        GovernorateRow(
            id=pk,
            iso_code=iso,
            name_ar=name_ar,
            name_fr=name_fr,
            interior=pk in interior,
            coverage=Rate(covered=covered_count[pk], active=active_count[pk]),
            score=by_governorate[pk].mean if pk in by_governorate else None,
            reports=by_governorate[pk].n if pk in by_governorate else 0,
        )
        for pk, iso, name_ar, name_fr in governorates
    ]
    all_ids = set(active_count)

    # Bodies' names (a few hundred at most), for the rankings.
    bodies = {
        pk: (code, name_ar, name_fr)
        for pk, code, name_ar, name_fr in PublicBody.objects.filter(
            pk__in=list(by_body)
        ).values_list("pk", "code", "name_ar", "name_fr")
    }
    body_rows = sorted(
        (
            RankRow(
                id=pk,
                code=bodies.get(pk, ("", "", ""))[0],
                name_ar=bodies.get(pk, ("", "", ""))[1],
                name_fr=bodies.get(pk, ("", "", ""))[2],
                mean=acc.mean,
                n=acc.n,
                critical=acc.critical,
            )
            for pk, acc in by_body.items()
        ),
        key=_rank_key,
    )
    point_rows = sorted(
        (
            RankRow(
                id=pk,
                code=names.get(pk, ("", "", ""))[0],
                name_ar=names.get(pk, ("", "", ""))[1],
                name_fr=names.get(pk, ("", "", ""))[2],
                mean=acc.mean,
                n=acc.n,
                critical=acc.critical,
                governorate_iso=iso_of.get(per.point_governorate[pk], ""),
            )
            for pk, acc in by_point.items()
        ),
        key=_rank_key,
    )

    # Monthly trend of the scores, and the grid versions behind them.
    by_month_facts: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0])
    version_counts: dict[int, int] = defaultdict(int)
    for month_row in (
        _facts(scope)
        .values("month", "grid_version_id")
        .annotate(n=Count("*"), total=Sum("score"), scored=Count("score"))
    ):
        month_acc = by_month_facts[_month_of(month_row["month"])]
        month_acc[0] += month_row["total"] or 0.0
        month_acc[1] += month_row["scored"]
        version_counts[month_row["grid_version_id"]] += month_row["n"]
    trend = []
    for month in Period("custom", filters.start, filters.end).months:
        planned, _done, validated = by_month_missions.get(month, (0, 0, 0))
        facts = by_month_facts.get(month)
        mean = _mean(facts[0], int(facts[1])) if facts else None
        trend.append(MonthRow(month=month, planned=planned, validated=validated, mean=mean))

    grid_versions = _grid_versions(version_counts)
    labels = item_labels([(v["id"], v["content_hash"]) for v in grid_versions])
    items = _items(scope, labels)
    criteria = [item for item in items if item.kind == CRITERION]
    minimum = int(getattr(settings, "RAQIB_DASHBOARD_MIN_REPORTS", 5))
    enough = [c for c in criteria if c.n >= minimum and c.mean is not None]
    strengths = sorted(enough, key=lambda c: (-(c.mean or 0.0), -c.n, c.code))[:STRENGTHS]
    weaknesses = sorted(enough, key=lambda c: (c.mean or 0.0, -c.n, c.code))[:STRENGTHS]

    totals = [sum(c[i] for c in by_month_missions.values()) for i in range(3)]
    return Dashboard(
        filters=filters,
        target=float(getattr(settings, "RAQIB_COVERAGE_TARGET", 80)),
        planned=totals[0],
        done=totals[1],
        validated=totals[2],
        coverage=rate(all_ids),
        coverage_interior=rate(all_ids & interior),
        coverage_rest=rate(all_ids - interior),
        governorates=governorate_rows,
        mean_score=overall.mean,
        critical_reports=overall.critical,
        sections=[item for item in items if item.kind == SECTION],
        criteria=criteria,
        strengths=strengths,
        weaknesses=weaknesses,
        bodies=body_rows,
        points=point_rows,
        critical=_critical(scope, labels),
        trend=trend,
        surveys=_surveys(tallies, per.mystery),
        grid_versions=grid_versions,
    )


def _focal_scope(user: Any) -> frozenset[int] | None:
    """None for staff (everything); a focal point's bodies; PermissionDenied otherwise."""
    roles = user_roles(user)
    if roles & DASHBOARD_STAFF:
        return None
    if Role.FOCAL_POINT in roles:
        return frozenset(user.focal_body_ids)
    raise PermissionDenied


def dashboard_for_user(*, user: Any, filters: Filters) -> Dashboard:
    scope = _focal_scope(user)
    if scope is not None and filters.body_id is not None and filters.body_id not in scope:
        raise Http404
    return dashboard_build(filters=filters, body_scope=scope)


def body_scorecard_get_for_user(*, user: Any, body_id: int, filters: Filters) -> Dashboard:
    scope = _focal_scope(user)
    if scope is not None and body_id not in scope:
        raise Http404
    if not PublicBody.objects.filter(pk=body_id).exists():
        raise Http404
    return dashboard_build(filters=dataclasses.replace(filters, body_id=body_id), body_scope=scope)
