"""Before/after on the linked criteria, and whether a recommendation worked (docs/followup.md).

Pure functions over frozen scores: the services feed them the reports before (the findings
the recommendation rests on) and after (the verification visits), and freeze the result.

A linked criterion is **met** when the verification visits scored it at least once, their
mean score reaches the threshold (RAQIB_FOLLOWUP_EFFECTIVE_PERCENT, 75 % by default) and is
not below the mean before. The recommendation is **verified effective** when at least one
linked criterion was scored by the verification visits and every scored one is met; a
criterion the visits did not score (not applicable, skipped) is shown as "not observed" and
decides nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from raqib.grids.frozen import FrozenScore

METHOD = 1


def percent(value: Fraction | None) -> Decimal | None:
    """A score in [0, 1] as a percentage with one decimal, halves rounded up."""
    if value is None:
        return None
    return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def criterion_means(
    scores: Iterable[FrozenScore | None], codes: Sequence[str]
) -> dict[str, tuple[int, Fraction | None]]:
    """{code: (number of reports that scored it, exact mean score)} over the given scores."""
    sums: dict[str, Fraction] = {c: Fraction(0) for c in codes}
    counts: dict[str, int] = dict.fromkeys(codes, 0)
    for score in scores:
        if score is None:
            continue
        for section in score.sections:
            for criterion in section.criteria:
                if criterion.code in sums and criterion.scored and criterion.score is not None:
                    sums[criterion.code] += criterion.score
                    counts[criterion.code] += 1
    return {c: (counts[c], sums[c] / counts[c] if counts[c] else None) for c in codes}


@dataclass(frozen=True)
class CriterionCheck:
    code: str
    before_n: int
    before: Fraction | None
    after_n: int
    after: Fraction | None
    met: bool | None  # None: not observed by the verification visits

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "before_n": self.before_n,
            "before": _text(percent(self.before)),
            "after_n": self.after_n,
            "after": _text(percent(self.after)),
            "met": self.met,
        }


@dataclass(frozen=True)
class VerificationResult:
    effective: bool
    threshold: int
    criteria: tuple[CriterionCheck, ...]
    reports_before: int
    reports_after: int

    def to_json(self) -> dict[str, Any]:
        return {
            "method": METHOD,
            "effective": self.effective,
            "threshold": self.threshold,
            "reports_before": self.reports_before,
            "reports_after": self.reports_after,
            "criteria": [c.to_json() for c in self.criteria],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def verification_result(
    *,
    before: Sequence[FrozenScore | None],
    after: Sequence[FrozenScore | None],
    codes: Sequence[str],
    threshold_percent: int,
) -> VerificationResult:
    means_before = criterion_means(before, codes)
    means_after = criterion_means(after, codes)
    threshold = Fraction(threshold_percent, 100)
    checks = []
    for code in codes:
        n_before, mean_before = means_before[code]
        n_after, mean_after = means_after[code]
        met: bool | None = None
        if mean_after is not None:
            met = mean_after >= threshold and (mean_before is None or mean_after >= mean_before)
        checks.append(CriterionCheck(code, n_before, mean_before, n_after, mean_after, met))
    observed = [c for c in checks if c.met is not None]
    return VerificationResult(
        effective=bool(observed) and all(c.met for c in observed),
        threshold=threshold_percent,
        criteria=tuple(checks),
        reports_before=sum(1 for s in before if s is not None),
        reports_after=sum(1 for s in after if s is not None),
    )
