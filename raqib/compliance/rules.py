"""The compliance rule, pure (no database): see docs/compliance.md for a worked example.

An *observation* is one mapped criterion scored in one validated, active report: its frozen
score (raqib.grids.frozen.FrozenCriterion.score, in [0, 1]) — criteria answered "not
applicable", hidden or unanswered are not observations. For a requirement, over the
observations of the scope and period:

- mean = 1 → **met**; 0 < mean < 1 → **partly met**; mean = 0 → **not met**;
- no observation → **not observed** (never counted as met nor as failed).

Every observation weighs the same (a report scoring three mapped criteria brings three). The
**compliance percent** of a scope is the mean, over its *observed* requirements, of their means,
times 100, one decimal rounded half up; none when no requirement is observed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MET = "met"
PARTLY = "partly"
NOT_MET = "not_met"
NOT_OBSERVED = "not_observed"
LEVELS = (MET, PARTLY, NOT_MET, NOT_OBSERVED)


@dataclass(frozen=True)
class Observation:
    requirement: str  # requirement code
    report_id: int
    criterion: str
    score: Fraction


@dataclass(frozen=True)
class RequirementCompliance:
    requirement: str
    level: str
    mean: Fraction | None
    n: int  # observations
    report_ids: tuple[int, ...]
    criteria: tuple[str, ...]

    @property
    def percent(self) -> Decimal | None:
        return None if self.mean is None else percent(self.mean)


def percent(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), ROUND_HALF_UP)


def level_of(mean: Fraction | None) -> str:
    if mean is None:
        return NOT_OBSERVED
    if mean >= 1:
        return MET
    if mean <= 0:
        return NOT_MET
    return PARTLY


def requirement_compliance(
    *, requirements: Sequence[str], observations: Iterable[Observation]
) -> list[RequirementCompliance]:
    """One result per requirement code, in the given order."""
    grouped: dict[str, list[Observation]] = {code: [] for code in requirements}
    for observation in observations:
        if observation.requirement in grouped:
            grouped[observation.requirement].append(observation)
    results = []
    for code in requirements:
        found = grouped[code]
        mean = sum((o.score for o in found), Fraction(0)) / len(found) if found else None
        results.append(
            RequirementCompliance(
                requirement=code,
                level=level_of(mean),
                mean=mean,
                n=len(found),
                report_ids=tuple(sorted({o.report_id for o in found})),
                criteria=tuple(sorted({o.criterion for o in found})),
            )
        )
    return results


def compliance_percent(results: Iterable[RequirementCompliance]) -> Decimal | None:
    means = [r.mean for r in results if r.mean is not None]
    if not means:
        return None
    return percent(sum(means, Fraction(0)) / len(means))
