"""The dashboard's public selectors."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from raqib.core import conf
from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.registry.models import Governorate, PublicBody
from raqib.registry.selectors import service_points_active_during

from .. import cache as dashboard_cache
from ..figures import (
    Dashboard,
    Filters,
    GovernorateRow,
    MonthRow,
    RankRow,
    Rate,
)
from ..labels import item_labels
from ..models.facts import (
    CRITERION,
    SECTION,
    ReportDayCube,
)
from ..periods import Period
from ._items import critical_rows, grid_version_rows, item_scores
from ._points import per_point_figures, survey_rows, survey_wave_tallies
from ._scope import (
    DASHBOARD_STAFF,
    MEAN_DIGITS,
    STRENGTHS,
    FactScope,
    as_tenths,
    missions_by_month,
    month_of,
    plain_rows,
    rank_key,
    resolve_scope,
    scope_facts,
    tenths_mean,
)

if TYPE_CHECKING:
    from raqib.accounts.models import User


def dashboard_build(
    *, filters: Filters, body_scope: Iterable[int] | None = None, use_cache: bool = True
) -> Dashboard:
    """Every figure of the dashboard for `filters`, limited to `body_scope` when given.

    Served from the short-lived cache (reports/cache.py) unless `use_cache` is False, as for
    published reports, which always compute their figures afresh.
    """
    scope_list = None if body_scope is None else sorted(set(body_scope))
    timeout = dashboard_cache.seconds()
    if not use_cache or timeout <= 0:
        return _dashboard_compute(filters, scope_list)
    cache_key = dashboard_cache.key(filters.as_dict(), scope_list)
    board: Dashboard | None = cache.get(cache_key)
    if board is None:
        board = _dashboard_compute(filters, scope_list)
        cache.set(cache_key, board, timeout)
    return board


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while one dashboard is computed.

    A national dashboard makes ~100,000 short-lived objects (rows, accumulators, ranked
    rows); they trigger full collections of the whole process's objects, ~90 ms each at
    the 95th percentile of a national year. Nothing here makes reference cycles: everything
    is freed by reference counting when the figures are returned, and the collector resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _dashboard_compute(filters: Filters, body_scope: Iterable[int] | None) -> Dashboard:
    with _collector_paused():
        return _compute(filters, body_scope)


def _compute(filters: Filters, body_scope: Iterable[int] | None) -> Dashboard:
    scope = resolve_scope(filters, None if body_scope is None else set(body_scope))
    if scope.empty:
        scope.governorate_ids, scope.body_ids = set(), set()  # match nothing, keep the shape

    # Missions: planned, done, validated, by month.
    by_month_missions = missions_by_month(scope)

    # Active points in the period (current dimensions), for coverage.
    names: dict[int, tuple[str, str, str]] = {}
    active_by_point: dict[int, int] = {}
    columns = ["id", "governorate_id", "code", "name_ar", "name_fr"]
    for pk, governorate_id, code, name_ar, name_fr in plain_rows(
        service_points_active_during(start=filters.start, end=filters.end)
        .filter(scope.q(channel=False))
        .order_by()
        .values_list(*columns),
        columns,
    ):
        active_by_point[pk] = governorate_id
        names[pk] = (code, name_ar, name_fr)

    tallies = survey_wave_tallies(scope)
    per = per_point_figures(scope, tallies)
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

    # Bodies' names (a few hundred at most), for the rankings: all of them when many are
    # ranked (cheaper than a list of hundreds of ids to match).
    named = PublicBody.objects.order_by()
    if len(by_body) < 50:
        named = named.filter(pk__in=list(by_body))
    bodies = {
        pk: (code, name_ar, name_fr)
        for pk, code, name_ar, name_fr in named.values_list("pk", "code", "name_ar", "name_fr")
    }
    nameless = ("", "", "")
    body_rows = sorted(
        (
            RankRow(pk, *bodies.get(pk, nameless), acc.mean, acc.n, acc.critical)
            for pk, acc in by_body.items()
        ),
        key=rank_key,
    )
    point_governorate = per.point_governorate
    point_rows = sorted(
        (
            RankRow(
                pk,
                *names.get(pk, nameless),
                tenths_mean(tenths, scored),
                n,
                critical,
                iso_of.get(point_governorate[pk], ""),
            )
            for pk, (n, tenths, scored, critical) in by_point.items()
        ),
        key=rank_key,
    )

    # Monthly trend of the scores, and the grid versions behind them.
    by_month_facts, version_counts = _months_and_versions(scope)
    trend = []
    for month in Period("custom", filters.start, filters.end).months:
        planned, _done, validated = by_month_missions.get(month, (0, 0, 0))
        tenths, scored = by_month_facts.get(month, (0, 0))
        trend.append(
            MonthRow(
                month=month,
                planned=planned,
                validated=validated,
                mean=None if not scored else round(tenths_mean(tenths, scored) or 0.0, MEAN_DIGITS),
            )
        )

    grid_versions = grid_version_rows(version_counts)
    labels = item_labels([(v.id, v.content_hash) for v in grid_versions])
    items = item_scores(scope, labels)
    criteria = [item for item in items if item.kind == CRITERION]
    minimum = conf.dashboard_min_reports()
    enough = [c for c in criteria if c.n >= minimum and c.mean is not None]
    strengths = sorted(enough, key=lambda c: (-(c.mean or 0.0), -c.n, c.code))[:STRENGTHS]
    weaknesses = sorted(enough, key=lambda c: (c.mean or 0.0, -c.n, c.code))[:STRENGTHS]

    totals = [sum(c[i] for c in by_month_missions.values()) for i in range(3)]
    return Dashboard(
        filters=filters,
        target=conf.coverage_target(),
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
        critical=critical_rows(scope, labels),
        trend=trend,
        surveys=survey_rows(tallies, per.mystery),
        grid_versions=grid_versions,
    )


def _months_and_versions(
    scope: FactScope,
) -> tuple[dict[dt.date, tuple[int, int]], dict[int, int]]:
    """({month: (sum of scores in tenths, scored reports)}, {grid version: reports}): from the
    daily report cube for national views (a few hundred rows for any period), else from the
    facts."""
    f = scope.filters
    rows: Any
    if scope.national:
        rows = (
            ReportDayCube.objects.filter(scope.q(dims=False), day__gte=f.start, day__lte=f.end)
            .annotate(month=TruncMonth("day"))
            .order_by()
            .values("month", "grid_version_id")
            .annotate(n=Sum("reports"), tenths=Sum("tenths"), scored=Sum("scored"))
        )
    else:
        rows = (
            scope_facts(scope)
            .values("month", "grid_version_id")
            .annotate(n=Count("*"), total=Sum("score"), scored=Count("score"))
        )
    months: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    versions: dict[int, int] = defaultdict(int)
    for row in rows:
        month = months[month_of(row["month"])]
        month[0] += int(row["tenths"] or 0) if "tenths" in row else as_tenths(row["total"])
        month[1] += int(row["scored"] or 0)
        versions[row["grid_version_id"]] += int(row["n"] or 0)
    return {m: (t, n) for m, (t, n) in months.items()}, versions


def _focal_scope(user: User) -> frozenset[int] | None:
    """None for staff (everything); a focal point's bodies; PermissionDenied otherwise."""
    roles = user_roles(user)
    if roles & DASHBOARD_STAFF:
        return None
    if Role.FOCAL_POINT in roles:
        return frozenset(user.focal_body_ids)
    raise PermissionDenied


def dashboard_for_user(*, user: User, filters: Filters) -> Dashboard:
    scope = _focal_scope(user)
    if scope is not None and filters.body_id is not None and filters.body_id not in scope:
        raise Http404
    return dashboard_build(filters=filters, body_scope=scope)


def body_scorecard_get_for_user(*, user: User, body_id: int, filters: Filters) -> Dashboard:
    scope = _focal_scope(user)
    if scope is not None and body_id not in scope:
        raise Http404
    if not PublicBody.objects.filter(pk=body_id).exists():
        raise Http404
    return dashboard_build(filters=dataclasses.replace(filters, body_id=body_id), body_scope=scope)
