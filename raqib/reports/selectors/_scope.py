"""Scope of a dashboard query: the filters resolved to ids, and the shared helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from raqib.core.roles import Role
from raqib.registry.models import RegionTag
from raqib.registry.selectors import public_body_descendant_ids

from ..figures import (
    Filters,
    RankRow,
)
from ..models.facts import (
    MissionDayCube,
    ReportFact,
)

INTERIOR = "interior"
DASHBOARD_STAFF = frozenset(
    {Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER}
)
CRITICAL_ROWS = 20
STRENGTHS = 5
DONE_STATUSES = ("submitted", "returned", "validated")
# Means are rounded to 6 decimals (a millionth of a point): the cube and the fine grain sum
# the same scores in a different order, and must give the same figure.
MEAN_DIGITS = 6


def mean_or_none(total: float | None, n: int) -> float | None:
    return None if not n or total is None else round(total / n, MEAN_DIGITS)


def as_tenths(total: float | None) -> int:
    """A SQL sum of 1-decimal scores as the exact integer number of tenths of a point.

    Summing floats, the database is off the exact sum by at most n × (sum) × 2⁻⁵² (under
    10⁻³ of a tenth for a million reports), so rounding the sum × 10 gives it exactly, whatever
    the order of the rows; rounding each row in SQL would cost a numeric cast per row."""
    return 0 if total is None else round(total * 10)


def tenths_mean(tenths: float | int | None, n: int) -> float | None:
    """The mean of `n` 1-decimal scores summing to `tenths` tenths of a point: the correctly
    rounded quotient of two integers, so equal means are equal floats whatever the order of
    the sums (ties then follow the documented rule: more reports, then the code)."""
    return None if not n or tenths is None else int(tenths) / (10 * n)


@dataclasses.dataclass
class FactScope:
    """The filters resolved to ids: what every query of one dashboard shares."""

    filters: Filters
    governorate_ids: set[int] | None  # None: no restriction
    body_ids: set[int] | None
    interior_ids: set[int]

    @property
    def national(self) -> bool:
        """No governorate, region, body, scope or category: every point (a channel may be
        set). The national day cubes answer such a dashboard."""
        return (
            self.governorate_ids is None
            and self.body_ids is None
            and self.filters.category_id is None
        )

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


def resolve_scope(filters: Filters, body_scope: Collection[int] | None) -> FactScope:
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
    return FactScope(filters, governorate_ids, body_ids, tagged.get(INTERIOR, set()))


def plain_rows(queryset: QuerySet[Any], names: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list(*names)`` queryset of ints, floats and strings, fetched
    without Django's per-row converters (~1 µs a row for thousands of rows): the driver's
    values are already those. Falls back to the queryset if the columns are not `names`."""
    query = queryset.query
    if [*query.values_select, *query.annotation_select] != list(names) or query.extra_select:
        return list(queryset)
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def scope_facts(scope: FactScope) -> QuerySet[ReportFact]:
    f = scope.filters
    return ReportFact.objects.filter(scope.q(), day__gte=f.start, day__lte=f.end).order_by()


def _local_bounds(filters: Filters) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min), tz)
    end = timezone.make_aware(
        dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min), tz
    )
    return start, end


def month_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        local: dt.datetime = value
        if timezone.is_aware(local):
            local = timezone.localtime(local, timezone.get_default_timezone())
        return local.date().replace(day=1)
    return value.replace(day=1)  # type: ignore[no-any-return,unused-ignore]


def missions_by_month(scope: FactScope) -> dict[dt.date, tuple[int, int, int]]:
    """(planned, done, validated) per local month of the window start: from the missions'
    day cube (PostgreSQL, national views), else from the missions themselves."""
    from raqib.missions.models import Mission, MissionStatus

    f = scope.filters
    rows: Any
    if scope.national and connection.vendor == "postgresql":
        rows = (
            MissionDayCube.objects.filter(scope.q(dims=False), day__gte=f.start, day__lte=f.end)
            .exclude(status=MissionStatus.CANCELLED)
            .annotate(local_month=TruncMonth("day"))
            .order_by()
            .values("local_month")
            .annotate(
                planned=Sum("missions"),
                done=Sum("missions", filter=Q(status__in=DONE_STATUSES)),
                validated=Sum("missions", filter=Q(status=MissionStatus.VALIDATED)),
            )
        )
        return {
            month_of(row["local_month"]): (
                int(row["planned"] or 0),
                int(row["done"] or 0),
                int(row["validated"] or 0),
            )
            for row in rows
        }
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
        counts = found[month_of(row["local_month"])]
        counts[0] += row["planned"]
        counts[1] += row["done"]
        counts[2] += row["validated"]
    return {month: (c[0], c[1], c[2]) for month, c in found.items()}


@dataclasses.dataclass
class Accumulator:
    n: int = 0
    tenths: int = 0  # sum of the scores in tenths of a point
    scored: int = 0
    critical: int = 0

    @property
    def mean(self) -> float | None:
        return tenths_mean(self.tenths, self.scored)


def rank_key(row: RankRow) -> tuple[bool, float, int, str]:
    return (row.mean is None, -(row.mean or 0.0), -row.n, row.code)
