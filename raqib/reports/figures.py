"""What a dashboard (and a periodic report) shows: plain frozen dataclasses, no querysets.

This is the contract between the selectors (raqib.reports.selectors), the dashboard views,
the PDF/XLSX builders and the benchmarks: the HTML, the PDF and the XLSX all format one
:class:`Dashboard`. ``Dashboard.as_dict()`` is JSON-serialisable and is frozen with every
published periodic report; ``Dashboard.from_dict()`` reads such a snapshot back (snapshots
written before a field existed read with its default). Nothing here carries an observer's
identity: focal points see these same objects.

Scores are out of 100 (floats, not rounded: templates round); rates are percentages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _build(cls: type[T], raw: Mapping[str, Any], **typed: Any) -> T:
    """cls(**raw) keeping only its fields (a stored snapshot may carry derived keys)."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in raw.items() if k in names and k not in typed}, **typed)


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

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Filters:
        return _build(cls, raw, start=_date(raw["start"]), end=_date(raw["end"]))


@dataclass(frozen=True)
class Rate:
    covered: int
    active: int

    @property
    def rate(self) -> float | None:
        """Percentage of active points covered; None when no point was active."""
        return 100.0 * self.covered / self.active if self.active else None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Rate:
        return cls(covered=int(raw.get("covered", 0)), active=int(raw.get("active", 0)))


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
class GridVersionRow:
    """A grid version behind the figures (for report annexes)."""

    id: int
    code: str  # the grid's code
    version: int
    title_ar: str
    title_fr: str
    content_hash: str  # SHA-256 of the snapshot
    reports: int  # validated reports scored on it

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> GridVersionRow:
        return cls(
            id=int(raw.get("id") or 0),
            code=str(raw.get("code") or ""),
            version=int(raw.get("version") or 0),
            title_ar=str(raw.get("title_ar") or ""),
            title_fr=str(raw.get("title_fr") or ""),
            content_hash=str(raw.get("content_hash") or ""),
            reports=int(raw.get("reports") or 0),
        )


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
    grid_versions: list[GridVersionRow] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Dashboard:
        """The figures of an ``as_dict()`` snapshot (e.g. a published periodic report)."""

        def rates(key: str) -> Rate:
            return Rate.from_dict(raw.get(key) or {})

        def items(key: str) -> list[ItemScore]:
            return [_build(ItemScore, row) for row in raw.get(key) or []]

        def ranks(key: str) -> list[RankRow]:
            return [_build(RankRow, row) for row in raw.get(key) or []]

        return cls(
            filters=Filters.from_dict(raw["filters"]),
            target=float(raw.get("target") or 0.0),
            planned=int(raw.get("planned", 0)),
            done=int(raw.get("done", 0)),
            validated=int(raw.get("validated", 0)),
            coverage=rates("coverage"),
            coverage_interior=rates("coverage_interior"),
            coverage_rest=rates("coverage_rest"),
            governorates=[
                _build(GovernorateRow, row, coverage=Rate.from_dict(row.get("coverage") or {}))
                for row in raw.get("governorates") or []
            ],
            mean_score=raw.get("mean_score"),
            critical_reports=int(raw.get("critical_reports", 0)),
            sections=items("sections"),
            criteria=items("criteria"),
            strengths=items("strengths"),
            weaknesses=items("weaknesses"),
            bodies=ranks("bodies"),
            points=ranks("points"),
            critical=[
                _build(
                    CriticalRow,
                    row,
                    day=_date(row["day"]),
                    criteria=tuple(
                        (str(code), str(ar), str(fr)) for code, ar, fr in row.get("criteria") or []
                    ),
                )
                for row in raw.get("critical") or []
            ],
            trend=[
                _build(MonthRow, row, month=_date(row["month"])) for row in raw.get("trend") or []
            ],
            surveys=[
                _build(
                    SurveyRow,
                    row,
                    starts_on=_date(row["starts_on"]),
                    ends_on=_date(row["ends_on"]),
                    index=_build(SurveyFigure, row.get("index") or {"n": 0}),
                    satisfied=_build(SurveyFigure, row.get("satisfied") or {"n": 0}),
                )
                for row in raw.get("surveys") or []
            ],
            grid_versions=[GridVersionRow.from_dict(row) for row in raw.get("grid_versions") or []],
        )

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
