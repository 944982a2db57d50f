"""Scoring engine: turns a grid version snapshot and a report's answers into scores.

Pure Python (no models, no database), deterministic, and exact: every intermediate number is
a :class:`fractions.Fraction`, so multiplying all weights by a constant changes nothing, and
rounding happens once, at the end, ROUND_HALF_UP to one decimal. The method is written out
with worked examples in ``docs/scoring.md``; ``tests/test_scoring_examples.py`` replays them.

In short:

* each answered, relevant criterion gets a score ``s`` in [0, 1] (or is not applicable);
* a section's score is ``Σ wᵢ·sᵢ / Σ wᵢ`` over its applicable criteria;
* the overall score is the same weighted mean over sections that have a score, capped at
  ``critical_cap / 100`` when a critical criterion scored 0 and the grid sets a cap;
* ``out_of_100`` and ``out_of_10`` are the exact overall rounded once each to one decimal;
  the report conforms when ``out_of_10 ≥ conformity_threshold`` (7 by default).

Invalid answers are never scored silently: :func:`score_criterion` and :func:`score_report`
raise :class:`InvalidAnswer`; :func:`validate_answers` lists every problem with a
translatable message. Defects of the snapshot itself (unknown type, scale without bounds,
band score outside [0, 1]...) raise :class:`InvalidSnapshot`; the importer must prevent them.

Evidence: a photo answering a criterion's evidence rule is passed in the same answers dict
under the key ``"<code>__photo"`` (any non-blank value, e.g. the stored file's identifier).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from raqib.grids.relevance import evaluate

__all__ = [
    "DEFAULT_THRESHOLD",
    "METHOD_VERSION",
    "PHOTO_SUFFIX",
    "AnswerError",
    "CriterionResult",
    "InvalidAnswer",
    "InvalidSnapshot",
    "ScoreResult",
    "SectionResult",
    "is_blank",
    "round_half_up",
    "score_criterion",
    "score_report",
    "validate_answers",
]

# Bumped whenever the method changes, and stored in ScoreResult.to_dict(), so a frozen score
# always says which rules produced it.
METHOD_VERSION = 1
DEFAULT_THRESHOLD = Decimal("7")
PHOTO_SUFFIX = "__photo"

MESSAGES: dict[str, Promise] = {
    "required": _("An answer is required."),
    "choice": _("Choose one of the proposed answers."),
    "number": _("Enter a number."),
    "range": _("Enter a number between %(min)s and %(max)s."),
    "above_bands": _("Enter a number no greater than %(max)s."),
    "datetime": _("Enter a valid date or time."),
    "format": _("This answer has the wrong format."),
    "evidence": _("A photo is required for this answer."),
}

# Criterion statuses in results.
SCORED = "scored"
HIDDEN = "hidden"  # relevance condition is false
BLANK = "blank"  # no answer
NOT_APPLICABLE = "na"  # answered "not applicable"
NOT_SCORED = "not_scored"  # weight 0, informative type, number without bands, choice w/o score

_YES_NO = {"yes_no": ("yes", "no"), "yes_no_na": ("yes", "no", "na")}


class InvalidSnapshot(ValueError):
    """The grid version snapshot breaks the contract (a programming or import error)."""


@dataclass(frozen=True)
class AnswerError:
    """One problem with one answer. ``kind`` is a key of ``MESSAGES``."""

    criterion: str
    kind: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The message in the active language."""
        text = str(MESSAGES[self.kind])
        return text % dict(self.params) if self.params else text

    def __str__(self) -> str:
        return self.message


class InvalidAnswer(ValueError):
    """An answer that cannot be scored; ``error`` says which and why."""

    def __init__(self, criterion: str, kind: str, **params: str) -> None:
        self.error = AnswerError(criterion, kind, tuple(sorted(params.items())))
        super().__init__(criterion, kind)

    def __str__(self) -> str:
        return f"{self.error.criterion}: {self.error.message}"


# --- Numbers -----------------------------------------------------------------------------


def _to_fraction(value: Any) -> Fraction | None:
    """An exact number from int/float/Decimal/Fraction/numeric text, else None.

    Floats are read through their shortest repr, so the JSON number 0.3 means 3/10, not the
    binary double closest to it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    return None


def _setting(value: Any, what: str, *, low: int | None = 0, high: int | None = None) -> Fraction:
    """A number from the snapshot, within [low, high] (None: unbounded)."""
    number = _to_fraction(value)
    too_low = low is not None and number is not None and number < low
    too_high = high is not None and number is not None and number > high
    if number is None or too_low or too_high:
        raise InvalidSnapshot(f"{what} must be a number in [{low}, {high}], got {value!r}")
    return number


def _decimal(number: Fraction) -> Decimal:
    return Decimal(number.numerator) / Decimal(number.denominator)


def _plain(number: Fraction) -> str:
    """A number for messages: 5, 2.5 (snapshot bounds are decimals)."""
    if number.denominator == 1:
        return str(number.numerator)
    return format(_decimal(number), "f")


def round_half_up(value: Fraction, places: int = 1) -> Decimal:
    """Round exactly (no float, no Decimal context) to ``places`` decimals, halves up."""
    scale = 10**places
    scaled = value * scale
    units = (
        math.floor(scaled + Fraction(1, 2))
        if scaled >= 0
        else -math.floor(-scaled + Fraction(1, 2))
    )
    return Decimal(units).scaleb(-places)


def is_blank(value: Any) -> bool:
    """Missing, None, "" or an empty list: the criterion was not answered."""
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


# --- One criterion -----------------------------------------------------------------------


def _code(criterion: Mapping[str, Any]) -> str:
    return str(criterion.get("code", "?"))


def _weight(item: Mapping[str, Any], what: str) -> Fraction:
    return _setting(item.get("weight", 1), f"{what} weight")


def _unit_score(value: Any, what: str) -> Fraction:
    return _setting(value, what, low=0, high=1)


def _choice_names(criterion: Mapping[str, Any], value: Any) -> list[str]:
    """Selected names, in order, without duplicates (ODK selections are sets)."""
    names = value.split() if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise InvalidAnswer(_code(criterion), "choice")
    return list(dict.fromkeys(names))


def _choice_list(
    criterion: Mapping[str, Any], choice_lists: Mapping[str, Any]
) -> dict[str, Mapping[str, Any]]:
    name = criterion.get("choices")
    if not isinstance(name, str) or name not in choice_lists:
        raise InvalidSnapshot(f"criterion {_code(criterion)}: unknown choice list {name!r}")
    return {choice["name"]: choice for choice in choice_lists[name]}


def _choice_score(criterion: Mapping[str, Any], choice: Mapping[str, Any]) -> Fraction | None:
    score = choice.get("score")
    if score is None:
        return None
    return _unit_score(score, f"criterion {_code(criterion)}: choice {choice['name']} score")


def _number(criterion: Mapping[str, Any], value: Any) -> Fraction:
    number = _to_fraction(value)
    if number is None:
        raise InvalidAnswer(_code(criterion), "number")
    return number


Scorer = Callable[[Mapping[str, Any], Any, Mapping[str, Any]], Fraction | None]


def _score_yes_no(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    if not isinstance(value, str) or value not in _YES_NO[str(criterion.get("type"))]:
        raise InvalidAnswer(_code(criterion), "choice")
    if value == "na":
        return None
    return Fraction(int((value == "yes") != bool(criterion.get("negative"))))


def _score_scale(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    code = _code(criterion)
    bounds = criterion.get("scale") or {}
    low = _setting(bounds.get("min"), f"criterion {code}: scale min", low=None)
    high = _setting(bounds.get("max"), f"criterion {code}: scale max", low=None)
    if low >= high:
        raise InvalidSnapshot(f"criterion {code}: scale min must be below max")
    number = _number(criterion, value)
    if not low <= number <= high:
        raise InvalidAnswer(code, "range", min=_plain(low), max=_plain(high))
    return (number - low) / (high - low)


def _score_number(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    code = _code(criterion)
    number = _number(criterion, value)
    bands = criterion.get("bands") or []
    for index, band in enumerate(bands):
        where = f"criterion {code}: band {index + 1}"
        limit = band.get("max")
        if limit is None or number <= _setting(limit, f"{where} max", low=None):
            return _unit_score(band.get("score"), f"{where} score")
    if bands:
        limit = _setting(bands[-1].get("max"), "band max", low=None)
        raise InvalidAnswer(code, "above_bands", max=_plain(limit))
    return None


def _score_single_choice(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    choices = _choice_list(criterion, choice_lists)
    if not isinstance(value, str) or value not in choices:
        raise InvalidAnswer(_code(criterion), "choice")
    return _choice_score(criterion, choices[value])


def _score_multiple_choice(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    choices = _choice_list(criterion, choice_lists)
    names = _choice_names(criterion, value)
    if any(name not in choices for name in names):
        raise InvalidAnswer(_code(criterion), "choice")
    scores = [_choice_score(criterion, choices[name]) for name in names]
    scored = [score for score in scores if score is not None]
    return sum(scored, Fraction(0)) / len(scored) if scored else None


def _check_datetime(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    if not isinstance(value, str) or not _is_iso_datetime(value):
        raise InvalidAnswer(_code(criterion), "datetime")
    return None


def _check_free(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    if not isinstance(value, str):
        raise InvalidAnswer(_code(criterion), "format")
    return None


_SCORERS: dict[str, Scorer] = {
    **dict.fromkeys(_YES_NO, _score_yes_no),
    "scale": _score_scale,
    "number": _score_number,
    "single_choice": _score_single_choice,
    "multiple_choice": _score_multiple_choice,
    "datetime": _check_datetime,
    "text": _check_free,
    "photo": _check_free,
}


def _score_value(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    """Check a non-blank answer and score it in [0, 1]; None when the type is not scored."""
    kind = criterion.get("type")
    scorer = _SCORERS.get(kind) if isinstance(kind, str) else None
    if scorer is None:
        raise InvalidSnapshot(f"criterion {_code(criterion)}: unknown type {kind!r}")
    return scorer(criterion, value, choice_lists)


def _is_iso_datetime(text: str) -> bool:
    for parser in (datetime.fromisoformat, time.fromisoformat):
        try:
            parser(text)
        except ValueError:
            continue
        return True
    return False


def score_criterion(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> Fraction | None:
    """Score one answer in [0, 1], or None when it does not count (see module docstring).

    Raises :class:`InvalidAnswer` for an answer of the wrong type, an unknown choice or a
    value out of range, even when the criterion would not be scored (weight 0).
    Relevance is not considered here: see :func:`score_report`.
    """
    return _criterion_status(criterion, value, choice_lists)[1]


def _criterion_status(
    criterion: Mapping[str, Any], value: Any, choice_lists: Mapping[str, Any]
) -> tuple[str, Fraction | None]:
    if is_blank(value):
        return BLANK, None
    score = _score_value(criterion, value, choice_lists)
    if value == "na" and criterion.get("type") == "yes_no_na":
        return NOT_APPLICABLE, None
    if score is None or _weight(criterion, f"criterion {_code(criterion)}") == 0:
        return NOT_SCORED, None
    return SCORED, score


# --- Walking a snapshot ------------------------------------------------------------------


def _walk(
    snapshot: Mapping[str, Any], answers: Mapping[str, Any]
) -> Iterator[tuple[int, Mapping[str, Any], Mapping[str, Any], bool]]:
    """Yield (section index, section, criterion, shown) in form order, with ODK relevance.

    A criterion hidden by its condition is blank for every later condition, whatever its
    answer, so hiding cascades. Conditions are expected to refer to earlier questions (the
    importer checks it); a forward reference reads the raw answer.
    """
    if snapshot.get("schema", 1) != 1:
        raise InvalidSnapshot(f"unsupported snapshot schema {snapshot.get('schema')!r}")
    context = dict(answers)
    seen: set[str] = set()
    for index, section in enumerate(snapshot.get("sections") or []):
        for criterion in section.get("criteria") or []:
            code = criterion.get("code")
            if not isinstance(code, str) or not code or code in seen:
                raise InvalidSnapshot(f"missing or duplicate criterion code {code!r}")
            seen.add(code)
            condition = (criterion.get("relevant") or "").strip()
            shown = evaluate(condition, context) if condition else True
            if not shown:
                context[code] = None
            yield index, section, criterion, shown


def validate_answers(snapshot: Mapping[str, Any], answers: Mapping[str, Any]) -> list[AnswerError]:
    """Every problem that would stop the answers from being scored or accepted, in form order.

    Hidden criteria are skipped (their answers are ignored, as ODK clears them). Checked:
    required-but-blank, type and format, unknown choices, scale range and band limits, and
    the evidence rule: when the answer (or, for multiple choice, one selected name) is listed
    in ``evidence.photo_required_when``, ``answers["<code>__photo"]`` must not be blank.
    Answer keys that are not criterion codes are ignored.
    """
    errors: list[AnswerError] = []
    choice_lists = snapshot.get("choice_lists") or {}
    for _index, _section, criterion, shown in _walk(snapshot, answers):
        code = criterion["code"]
        value = answers.get(code)
        if not shown:
            continue
        if is_blank(value):
            if criterion.get("required"):
                errors.append(AnswerError(code, "required"))
            continue
        try:
            _score_value(criterion, value, choice_lists)
        except InvalidAnswer as exc:
            errors.append(exc.error)
            continue
        if _photo_required(criterion, value) and is_blank(answers.get(code + PHOTO_SUFFIX)):
            errors.append(AnswerError(code, "evidence"))
    return errors


def _photo_required(criterion: Mapping[str, Any], value: Any) -> bool:
    rule = criterion.get("evidence") or {}
    triggers = {str(t) for t in rule.get("photo_required_when") or []}
    if criterion.get("type") == "multiple_choice":
        return bool(triggers & set(_choice_names(criterion, value)))
    return str(value) in triggers


# --- Results -----------------------------------------------------------------------------


def _exact(number: Fraction | None) -> str | None:
    return None if number is None else str(number)


def _percent(number: Fraction | None) -> str | None:
    return None if number is None else str(round_half_up(number * 100))


def _share(weight: Fraction, score: Fraction | None, total: Fraction) -> str | None:
    return None if score is None or not total else str(weight * score / total)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    type: str
    weight: Fraction
    critical: bool
    status: str  # SCORED, HIDDEN, BLANK, NOT_APPLICABLE or NOT_SCORED
    score: Fraction | None  # in [0, 1] when status is SCORED, else None

    @property
    def critical_failure(self) -> bool:
        return self.critical and self.score == 0

    def to_dict(self, section_weight_sum: Fraction) -> dict[str, Any]:
        return {
            "code": self.code,
            "type": self.type,
            "weight": _exact(self.weight),
            "critical": self.critical,
            "status": self.status,
            "score": _exact(self.score),
            "percent": _percent(self.score),
            "contribution": _share(self.weight, self.score, section_weight_sum),
        }


@dataclass(frozen=True)
class SectionResult:
    code: str
    weight: Fraction
    criteria: tuple[CriterionResult, ...]
    weight_sum: Fraction  # Σ wᵢ over scored criteria
    weighted_sum: Fraction  # Σ wᵢ·sᵢ over scored criteria

    @property
    def score(self) -> Fraction | None:
        return self.weighted_sum / self.weight_sum if self.weight_sum else None

    @property
    def counts(self) -> bool:
        """Whether the section enters the overall score."""
        return self.weight_sum > 0 and self.weight > 0

    def to_dict(self, overall_weight_sum: Fraction) -> dict[str, Any]:
        return {
            "code": self.code,
            "weight": _exact(self.weight),
            "weight_sum": _exact(self.weight_sum),
            "weighted_sum": _exact(self.weighted_sum),
            "score": _exact(self.score),
            "percent": _percent(self.score),
            "contribution": _share(
                self.weight, self.score if self.counts else None, overall_weight_sum
            ),
            "criteria": [c.to_dict(self.weight_sum) for c in self.criteria],
        }


@dataclass(frozen=True)
class ScoreResult:
    sections: tuple[SectionResult, ...]
    overall_uncapped: Fraction | None  # weighted mean of section scores, in [0, 1]
    overall: Fraction | None  # after the critical cap
    critical_failures: tuple[str, ...]  # codes of critical criteria that scored 0
    critical_cap: Fraction | None  # from the settings, out of 100
    threshold: Decimal  # out of 10
    out_of_100: Decimal | None
    out_of_10: Decimal | None
    conforming: bool | None  # None when nothing was scored

    @property
    def capped(self) -> bool:
        return self.overall != self.overall_uncapped

    def criterion(self, code: str) -> CriterionResult:
        for section in self.sections:
            for result in section.criteria:
                if result.code == code:
                    return result
        raise KeyError(code)

    def section(self, code: str) -> SectionResult:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, to be frozen with the report.

        Exact values are fraction strings (``"2/3"``, ``"1"``; ``Fraction(text)`` reads them
        back); ``percent``, ``out_of_100`` and ``out_of_10`` are display strings rounded
        ROUND_HALF_UP to one decimal. ``contribution`` is a criterion's part of its section
        score, or a section's part of the overall score: ``w·s / Σw``. A section's criteria add
        up exactly to its score; the sections add up exactly to ``overall_uncapped`` (the score
        before the critical cap), so for a capped report they add up to more than ``overall``.
        """
        total = sum((s.weight for s in self.sections if s.counts), Fraction(0))
        return {
            "method": METHOD_VERSION,
            "overall": _exact(self.overall),
            "overall_uncapped": _exact(self.overall_uncapped),
            "out_of_100": None if self.out_of_100 is None else str(self.out_of_100),
            "out_of_10": None if self.out_of_10 is None else str(self.out_of_10),
            "threshold": str(self.threshold),
            "conforming": self.conforming,
            "critical_failures": list(self.critical_failures),
            "critical_cap": _exact(self.critical_cap),
            "capped": self.capped,
            "sections": [section.to_dict(total) for section in self.sections],
        }


def _weighted_sums(pairs: Sequence[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
    """(Σ w, Σ w·s)."""
    weights = sum((weight for weight, _ in pairs), Fraction(0))
    return weights, sum((weight * score for weight, score in pairs), Fraction(0))


def score_report(snapshot: Mapping[str, Any], answers: Mapping[str, Any]) -> ScoreResult:
    """Score a whole report. Raises :class:`InvalidAnswer` on the first invalid shown answer.

    Call :func:`validate_answers` first to show the observer every problem at once.
    """
    choice_lists = snapshot.get("choice_lists") or {}
    settings = snapshot.get("settings") or {}
    criteria: dict[int, list[CriterionResult]] = {}
    for index, _section, criterion, shown in _walk(snapshot, answers):
        code = criterion["code"]
        status, score = (
            _criterion_status(criterion, answers.get(code), choice_lists)
            if shown
            else (HIDDEN, None)
        )
        criteria.setdefault(index, []).append(
            CriterionResult(
                code=code,
                type=str(criterion.get("type")),
                weight=_weight(criterion, f"criterion {code}"),
                critical=bool(criterion.get("critical")),
                status=status,
                score=score,
            )
        )

    sections = []
    for index, section in enumerate(snapshot.get("sections") or []):
        results = tuple(criteria.get(index, ()))
        weight_sum, weighted_sum = _weighted_sums(
            [(c.weight, c.score) for c in results if c.score is not None]
        )
        sections.append(
            SectionResult(
                code=str(section.get("code", "")),
                weight=_weight(section, f"section {section.get('code')}"),
                criteria=results,
                weight_sum=weight_sum,
                weighted_sum=weighted_sum,
            )
        )

    total, weighted = _weighted_sums(
        [(s.weight, s.score) for s in sections if s.counts and s.score is not None]
    )
    uncapped = weighted / total if total else None
    failures = tuple(c.code for s in sections for c in s.criteria if c.critical_failure)
    cap = settings.get("critical_cap")
    cap = None if cap is None else _setting(cap, "critical_cap", high=100)
    overall = uncapped
    if overall is not None and cap is not None and failures:
        overall = min(overall, cap / 100)
    threshold = settings.get("conformity_threshold")
    threshold = (
        DEFAULT_THRESHOLD
        if threshold is None
        else _decimal(_setting(threshold, "conformity_threshold", high=10))
    )
    out_of_10 = None if overall is None else round_half_up(overall * 10)
    return ScoreResult(
        sections=tuple(sections),
        overall_uncapped=uncapped,
        overall=overall,
        critical_failures=failures,
        critical_cap=cap,
        threshold=threshold,
        out_of_100=None if overall is None else round_half_up(overall * 100),
        out_of_10=out_of_10,
        conforming=None if out_of_10 is None else out_of_10 >= threshold,
    )
