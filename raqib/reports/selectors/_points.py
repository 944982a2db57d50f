"""Per-point aggregates: coverage, rankings, and the survey waves with their mystery means."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from django.db.models import Case, Count, F, Q, Sum, When

from raqib.registry.models import ServicePoint
from raqib.surveys.selectors import wave_tallies

from ..figures import (
    SurveyFigure,
    SurveyRow,
)
from ._scope import Accumulator, FactScope, as_tenths, plain_rows, scope_facts, tenths_mean


def survey_wave_tallies(scope: FactScope) -> list[Any]:
    """The survey waves of the period over the selected points (surveys.wave_tallies)."""
    point_filter = None
    f = scope.filters
    if scope.governorate_ids is not None or scope.body_ids is not None or f.category_id:
        point_filter = ServicePoint.objects.filter(scope.q(channel=False)).values("id")
    return list(wave_tallies(start=f.start, end=f.end, service_point_ids=point_filter))


def _wave_window(scope: FactScope, wave: Any) -> Q:
    """The reports of the wave's dates within the period (its points are checked apart)."""
    f = scope.filters
    return Q(day__gte=max(f.start, wave.starts_on), day__lte=min(f.end, wave.ends_on))


def survey_rows(tallies: list[Any], mystery: dict[int, list[int]]) -> list[SurveyRow]:
    from raqib.surveys import indices

    rows = []
    for tally in tallies:
        wave = tally.wave
        index = indices.figure_from_sums(
            tally.overall_n, tally.overall_sum, tally.overall_sumsq, wave.min_sample
        )
        share = indices.share_figure(tally.satisfied, tally.overall_n, wave.min_sample)
        total, scored = mystery.get(wave.pk, [0, 0])
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
                mystery_mean=tenths_mean(total, int(scored)),
            )
        )
    return rows


@dataclasses.dataclass
class _PerPoint:
    overall: Accumulator = dataclasses.field(default_factory=Accumulator)
    by_governorate: dict[int, Accumulator] = dataclasses.field(
        default_factory=lambda: defaultdict(Accumulator)
    )
    by_body: dict[int, Accumulator] = dataclasses.field(
        default_factory=lambda: defaultdict(Accumulator)
    )
    # point id → [reports, sum of scores in tenths, scored reports, critical] (thousands of
    # points: plain lists, no Accumulator each)
    by_point: dict[int, list[int]] = dataclasses.field(default_factory=dict)
    point_governorate: dict[int, int] = dataclasses.field(default_factory=dict)
    # wave id → [sum of scores in tenths, scored reports] of the wave's points in its dates
    mystery: dict[int, list[int]] = dataclasses.field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )


def per_point_figures(scope: FactScope, tallies: list[Any]) -> _PerPoint:
    """One aggregate of the facts per point (a few thousand rows at most), rolled up here into
    the total, governorates, bodies and points, with the mystery-visit sums of the survey
    waves (the reports of each wave's dates at its points). The sums of scores are turned
    into tenths of a point (``as_tenths``): the means are exact (see ``tenths_mean``)."""
    wave_sums: dict[str, Any] = {}
    for tally in tallies:
        in_wave = Case(When(_wave_window(scope, tally.wave), then=F("score")))
        wave_sums[f"wave_total_{tally.wave.pk}"] = Sum(in_wave)
        wave_sums[f"wave_n_{tally.wave.pk}"] = Count(in_wave)
    wave_ids = [tally.wave.pk for tally in tallies]
    wave_columns = [name for pk in wave_ids for name in (f"wave_total_{pk}", f"wave_n_{pk}")]
    columns = [
        "service_point_id",
        "body_id",
        "governorate_id",
        "n",
        "total",
        "scored",
        "critical",
        *wave_columns,
    ]
    per_point = plain_rows(
        scope_facts(scope)
        .values("service_point_id", "body_id", "governorate_id")
        .annotate(
            n=Count("*"),
            total=Sum("score"),
            scored=Count("score"),
            critical=Count("critical", filter=Q(critical=True)),
            **wave_sums,
        )
        .values_list(*columns),
        columns,
    )
    wave_points = [(pk, set(t.point_ids)) for pk, t in zip(wave_ids, tallies, strict=True)]
    per = _PerPoint()
    by_governorate, by_body = per.by_governorate, per.by_body
    point_governorate, mystery = per.point_governorate, per.mystery
    totals = [0, 0, 0, 0]
    # Plain lists while adding up (thousands of rows, written out for speed), Accumulators
    # at the end.
    points = per.by_point
    bodies: dict[int, list[int]] = {}
    governorates: dict[int, list[int]] = {}
    for point_id, body_id, governorate_id, n, raw_total, scored, critical, *waves in per_point:
        tenths = as_tenths(raw_total)
        found = points.get(point_id)
        if found is None:
            points[point_id] = [n, tenths, scored, critical]
        else:
            found[0] += n
            found[1] += tenths
            found[2] += scored
            found[3] += critical
        found = bodies.get(body_id)
        if found is None:
            bodies[body_id] = [n, tenths, scored, critical]
        else:
            found[0] += n
            found[1] += tenths
            found[2] += scored
            found[3] += critical
        found = governorates.get(governorate_id)
        if found is None:
            governorates[governorate_id] = [n, tenths, scored, critical]
        else:
            found[0] += n
            found[1] += tenths
            found[2] += scored
            found[3] += critical
        totals[0] += n
        totals[1] += tenths
        totals[2] += scored
        totals[3] += critical
        point_governorate[point_id] = governorate_id
        for index, (wave_id, members) in enumerate(wave_points):
            if waves[2 * index + 1] and point_id in members:
                wave_acc = mystery[wave_id]
                wave_acc[0] += as_tenths(waves[2 * index])
                wave_acc[1] += waves[2 * index + 1]
    per.overall = Accumulator(*totals)
    for table, target in ((bodies, by_body), (governorates, by_governorate)):
        for key, values in table.items():
            target[key] = Accumulator(*values)
    return per
