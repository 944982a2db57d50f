"""Published figures per service point: what a citizen and an open-data user may read
(docs/publication.md). Pure aggregates of the apps' public selectors; no person ever appears.

Rules:
* **Visits**: validated mystery visits whose visit day (local date of the mission's window
  start) is in the period; the score is the mean of their one-decimal scores out of 100,
  **published only from `RAQIB_PUBLICATION_MIN_VISITS` visits** (default 3); the count is
  always shown.
* **Satisfaction**: the index of the point in the newest survey wave overlapping the period,
  with its 95 % interval, published only from the wave's own minimum sample.
* **Marhba label**: held today (certified, or certified with a follow-up visit due).
* **Improvements**: the body's recommendations verified effective and published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from raqib.compliance.selectors import labelled_points
from raqib.followup.selectors import effective_counts_by_body
from raqib.missions.selectors import first_validated_visit_year, visit_means_by_point
from raqib.registry.models import ServicePoint
from raqib.surveys.selectors import PointSatisfaction, point_satisfaction

PERIOD = re.compile(r"^(?P<year>20\d\d)(?:-S(?P<half>[12]))?$")


@dataclass(frozen=True)
class Period:
    label: str  # "2026" or "2026-S1", or "rolling"
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class PointFigures:
    point: ServicePoint
    visits: int
    mean: float  # of the visits' scores, unrounded (0.0 without visits)
    score: Decimal | None  # None: below the minimum number of visits
    satisfaction: PointSatisfaction | None
    labelled: bool
    labelled_since: dt.date | None
    improvements: int  # of the point's body

    @property
    def index(self) -> Decimal | None:
        if self.satisfaction is None or self.satisfaction.figure.value is None:
            return None
        return one_decimal(self.satisfaction.figure.value)


def one_decimal(value: float) -> Decimal:
    """Rounded half up to one decimal, as everywhere in Raqib (62.25 → 62.3)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def min_visits() -> int:
    return int(settings.RAQIB_PUBLICATION_MIN_VISITS)


def rolling_period(today: dt.date | None = None) -> Period:
    """The pages' period: the `RAQIB_PUBLICATION_DAYS` days (default 365) ending today."""
    today = today or timezone.localdate()
    days = int(settings.RAQIB_PUBLICATION_DAYS)
    return Period("rolling", today - dt.timedelta(days=days - 1), today)


def parse_period(label: str) -> Period:
    """`2026` (the year) or `2026-S1` / `2026-S2` (semesters); anything else is a 404."""
    match = PERIOD.match(label)
    if match is None:
        raise Http404
    year = int(match["year"])
    half = match["half"]
    if half == "1":
        return Period(label, dt.date(year, 1, 1), dt.date(year, 6, 30))
    if half == "2":
        return Period(label, dt.date(year, 7, 1), dt.date(year, 12, 31))
    return Period(label, dt.date(year, 1, 1), dt.date(year, 12, 31))


def open_periods(today: dt.date | None = None) -> list[Period]:
    """Every year and semester from the first validated visit's year to today, newest first
    (a semester is listed once it has begun)."""
    today = today or timezone.localdate()
    first = first_validated_visit_year() or today.year
    out: list[Period] = []
    for year in range(today.year, first - 1, -1):
        if year < today.year or today.month >= 7:
            out.append(parse_period(f"{year}-S2"))
        out.append(parse_period(f"{year}-S1"))
        out.append(parse_period(str(year)))
    return out


def point_figures(*, points: list[ServicePoint], period: Period) -> list[PointFigures]:
    """The published figures of `points` over `period`: four queries whatever their number."""
    ids = [p.pk for p in points]
    visits = visit_means_by_point(start=period.start, end=period.end, service_point_ids=ids)
    satisfaction = point_satisfaction(start=period.start, end=period.end, service_point_ids=ids)
    labels = labelled_points(service_point_ids=ids)
    improvements = effective_counts_by_body()
    minimum = min_visits()
    out = []
    for point in points:
        n, mean = visits.get(point.pk, (0, 0.0))
        out.append(
            PointFigures(
                point=point,
                visits=n,
                mean=mean,
                score=one_decimal(mean) if n >= minimum else None,
                satisfaction=satisfaction.get(point.pk),
                labelled=point.pk in labels,
                labelled_since=labels.get(point.pk),
                improvements=improvements.get(point.body_id, 0),
            )
        )
    return out


@dataclass(frozen=True)
class BodyFigures:
    points: list[PointFigures]
    visits: int
    score: Decimal | None
    labelled: int


def body_figures(*, points: list[ServicePoint], period: Period) -> BodyFigures:
    """A body's figures over its points: the mean of every validated visit of its points
    (Σ visits × point mean / Σ visits), published from the minimum number of visits."""
    rows = point_figures(points=points, period=period)
    visits = sum(r.visits for r in rows)
    total = sum(r.visits * r.mean for r in rows)
    return BodyFigures(
        points=rows,
        visits=visits,
        score=one_decimal(total / visits) if visits and visits >= min_visits() else None,
        labelled=sum(1 for r in rows if r.labelled),
    )


def figures_row(figures: PointFigures, period: Period) -> dict[str, Any]:
    """One open-data row (CSV and JSON share it): public registry facts and the figures."""
    point = figures.point
    sat = figures.satisfaction
    figure = sat.figure if sat else None
    return {
        "period": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "service_point_code": point.code,
        "service_point_name_ar": point.name_ar,
        "service_point_name_fr": point.name_fr,
        "body_code": point.body.code,
        "body_name_ar": point.body.name_ar,
        "body_name_fr": point.body.name_fr,
        "governorate_code": point.governorate.iso_code,
        "governorate_name_ar": point.governorate.name_ar,
        "governorate_name_fr": point.governorate.name_fr,
        "visits": figures.visits,
        "visit_score_mean": None if figures.score is None else str(figures.score),
        "survey_wave": sat.wave_code if sat else None,
        "survey_answers": figure.n if figure else 0,
        "satisfaction_index": None if figures.index is None else str(figures.index),
        "satisfaction_low": None
        if figure is None or figure.low is None
        else str(one_decimal(figure.low)),
        "satisfaction_high": None
        if figure is None or figure.high is None
        else str(one_decimal(figure.high)),
        "marhba_label": figures.labelled,
        "body_improvements_verified": figures.improvements,
    }
