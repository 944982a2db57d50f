"""The frozen score: the typed reader and writer of the JSON stored with a validated report.

:meth:`raqib.grids.scoring.ScoreResult.to_dict` writes the JSON once, when a report is
validated; the missions app adds the grid version's id and content hash. Everything that
reads a stored score afterwards (the review page, the dashboard rollups, the reports) goes
through :class:`FrozenScore` — nobody reads the dict by key names.

``FrozenScore.from_json(data).to_json() == data`` for every score written since the method
version 1 (with or without the keys the missions app adds), and
``FrozenScore.from_result(result).to_json() == result.to_dict()``. Exact values are
:class:`fractions.Fraction` (stored as ``"2/3"``), display values :class:`decimal.Decimal`
(stored as ``"66.7"``). Reading is lenient about missing keys (a stored score is never
rejected), strict about values (a value that is not a number raises ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .scoring import DEFAULT_THRESHOLD, METHOD_VERSION, SCORED, ScoreResult

__all__ = ["FrozenCriterion", "FrozenScore", "FrozenSection"]


def _fraction(value: Any) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class FrozenCriterion:
    code: str
    type: str
    weight: Fraction
    critical: bool
    status: str  # scoring.SCORED, HIDDEN, BLANK, NOT_APPLICABLE or NOT_SCORED
    score: Fraction | None  # in [0, 1]
    percent: Decimal | None  # score × 100, one decimal
    contribution: Fraction | None  # w·s / Σw of its section

    @property
    def scored(self) -> bool:
        return self.status == SCORED and self.percent is not None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FrozenCriterion:
        return cls(
            code=str(data.get("code", "")),
            type=str(data.get("type", "")),
            weight=_fraction(data.get("weight", 1)) or Fraction(0),
            critical=bool(data.get("critical", False)),
            status=str(data.get("status", "")),
            score=_fraction(data.get("score")),
            percent=_decimal(data.get("percent")),
            contribution=_fraction(data.get("contribution")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "type": self.type,
            "weight": _exact(self.weight),
            "critical": self.critical,
            "status": self.status,
            "score": _exact(self.score),
            "percent": _text(self.percent),
            "contribution": _exact(self.contribution),
        }


@dataclass(frozen=True)
class FrozenSection:
    code: str
    weight: Fraction
    weight_sum: Fraction
    weighted_sum: Fraction
    score: Fraction | None
    percent: Decimal | None
    contribution: Fraction | None  # w·s / Σw over the sections that count
    criteria: tuple[FrozenCriterion, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FrozenSection:
        return cls(
            code=str(data.get("code", "")),
            weight=_fraction(data.get("weight", 1)) or Fraction(0),
            weight_sum=_fraction(data.get("weight_sum", 0)) or Fraction(0),
            weighted_sum=_fraction(data.get("weighted_sum", 0)) or Fraction(0),
            score=_fraction(data.get("score")),
            percent=_decimal(data.get("percent")),
            contribution=_fraction(data.get("contribution")),
            criteria=tuple(FrozenCriterion.from_json(c) for c in data.get("criteria") or ()),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "weight": _exact(self.weight),
            "weight_sum": _exact(self.weight_sum),
            "weighted_sum": _exact(self.weighted_sum),
            "score": _exact(self.score),
            "percent": _text(self.percent),
            "contribution": _exact(self.contribution),
            "criteria": [criterion.to_json() for criterion in self.criteria],
        }


@dataclass(frozen=True)
class FrozenScore:
    method: int
    overall: Fraction | None  # after the critical cap, in [0, 1]
    overall_uncapped: Fraction | None
    out_of_100: Decimal | None
    out_of_10: Decimal | None
    threshold: Decimal
    conforming: bool | None
    critical_failures: tuple[str, ...]
    critical_cap: Fraction | None
    capped: bool
    sections: tuple[FrozenSection, ...]
    # Added by the missions app when it freezes the score (absent from older scores).
    grid_version: int | None = None
    content_hash: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FrozenScore:
        overall = _fraction(data.get("overall"))
        uncapped = _fraction(data.get("overall_uncapped", data.get("overall")))
        threshold = _decimal(data.get("threshold"))
        grid_version = data.get("grid_version")
        content_hash = data.get("content_hash")
        return cls(
            method=int(data.get("method", METHOD_VERSION)),
            overall=overall,
            overall_uncapped=uncapped,
            out_of_100=_decimal(data.get("out_of_100")),
            out_of_10=_decimal(data.get("out_of_10")),
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
            conforming=data.get("conforming"),
            critical_failures=tuple(str(c) for c in data.get("critical_failures") or ()),
            critical_cap=_fraction(data.get("critical_cap")),
            capped=bool(data.get("capped", overall != uncapped)),
            sections=tuple(FrozenSection.from_json(s) for s in data.get("sections") or ()),
            grid_version=None if grid_version is None else int(grid_version),
            content_hash=None if content_hash is None else str(content_hash),
        )

    @classmethod
    def read(cls, data: Mapping[str, Any] | None) -> FrozenScore | None:
        """The frozen score of a report's ``score`` field; None when nothing is stored."""
        return cls.from_json(data) if data else None

    @classmethod
    def from_result(
        cls,
        result: ScoreResult,
        *,
        grid_version: int | None = None,
        content_hash: str | None = None,
    ) -> FrozenScore:
        extra = {"grid_version": grid_version, "content_hash": content_hash}
        return cls.from_json({**result.to_dict(), **extra})

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "method": self.method,
            "overall": _exact(self.overall),
            "overall_uncapped": _exact(self.overall_uncapped),
            "out_of_100": _text(self.out_of_100),
            "out_of_10": _text(self.out_of_10),
            "threshold": str(self.threshold),
            "conforming": self.conforming,
            "critical_failures": list(self.critical_failures),
            "critical_cap": _exact(self.critical_cap),
            "capped": self.capped,
            "sections": [section.to_json() for section in self.sections],
        }
        if self.grid_version is not None:
            data["grid_version"] = self.grid_version
        if self.content_hash is not None:
            data["content_hash"] = self.content_hash
        return data

    @property
    def critical(self) -> bool:
        """Whether a critical criterion scored 0."""
        return bool(self.critical_failures)

    def section(self, code: str) -> FrozenSection | None:
        return next((s for s in self.sections if s.code == code), None)
