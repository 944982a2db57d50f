"""What a dashboard (and a periodic report) shows: plain frozen dataclasses, no querysets.

This is the contract between the selectors (raqib.reports.selectors), the dashboard views,
the PDF/XLSX builders and the benchmarks. ``Dashboard.as_dict()`` is JSON-serialisable and is
frozen with every published periodic report. Nothing here carries an observer's identity:
focal points see these same objects.

Scores are out of 100 (floats, not rounded: templates round); rates are percentages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date  # included
    governorate_id: int | None = None
    region_tag: str | None = None  # RegionTag.code, e.g. "interior"
    body_id: int | None = None  # the body and all its sub-bodies
    category_id: int | None = None
    channel: str | None = None  # GridChannel value

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data


@dataclass(frozen=True)
class Rate:
    covered: int
    active: int

    @property
    def rate(self) -> float | None:
        """Percentage of active points covered; None when no point was active."""
        return 100.0 * self.covered / self.active if self.active else None


@dataclass(frozen=True)
class GovernorateRow:
    id: int
    iso_code: str
    name_ar: str
    name_fr: str
    interior: bool
    coverage: Rate
    score: float | None  # mean report score in the governorate
    reports: int  # validated reports behind `score`


@dataclass(frozen=True)
class ItemScore:
    kind: str  # "section" or "criterion"
    code: str
    section: str  # the section's code (its own code for a section)
    label_ar: str
    label_fr: str
    mean: float | None  # mean score out of 100 over the reports that scored it
    n: int  # reports that scored it
    critical_failures: int = 0


@dataclass(frozen=True)
class RankRow:
    id: int
    code: str
    name_ar: str
    name_fr: str
    mean: float | None
    n: int  # validated reports behind `mean`
    critical: int  # reports with a critical finding
    governorate_iso: str = ""


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # first day
    planned: int
    validated: int
    mean: float | None


@dataclass(frozen=True)
class CriticalRow:
    mission_code: str
    day: dt.date
    point_code: str
    point_name_ar: str
    point_name_fr: str
    body_name_ar: str
    body_name_fr: str
    criteria: tuple[tuple[str, str, str], ...]  # (code, label_ar, label_fr)


@dataclass(frozen=True)
class SurveyFigure:
    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class SurveyRow:
    wave_id: int
    code: str
    title_ar: str
    title_fr: str
    starts_on: dt.date
    ends_on: dt.date
    responses: int
    index: SurveyFigure  # satisfaction index 0–100 with its 95 % interval
    satisfied: SurveyFigure  # share satisfied (4–5), %
    mystery_mean: float | None  # mean mission score over the same points and period


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    target: float  # coverage target, %
    planned: int  # missions (not cancelled) whose window starts in the period
    done: int  # of which a report was submitted (submitted, returned or validated)
    validated: int
    coverage: Rate
    coverage_interior: Rate
    coverage_rest: Rate
    governorates: list[GovernorateRow]  # all 24, in ISO code order
    mean_score: float | None
    critical_reports: int
    sections: list[ItemScore]
    criteria: list[ItemScore]
    strengths: list[ItemScore]  # best criteria (enough reports), best first
    weaknesses: list[ItemScore]  # worst criteria, worst first
    bodies: list[RankRow]  # best first; bodies with no report are left out
    points: list[RankRow]  # best first
    critical: list[CriticalRow]  # latest first, at most 20
    trend: list[MonthRow]  # every month of the period, in order
    surveys: list[SurveyRow] = field(default_factory=list)
    # What the figures rest on: methods and grid versions (for report annexes).
    grid_versions: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def convert(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [convert(v) for v in value]
            return value

        data = convert(dataclasses.asdict(self))
        for key in ("coverage", "coverage_interior", "coverage_rest"):
            rate = getattr(self, key)
            data[key]["rate"] = rate.rate
        for row, raw in zip(self.governorates, data["governorates"], strict=True):
            raw["coverage"]["rate"] = row.coverage.rate
        return data
