"""Agreement between raters (docs/training.md § Agreement). Pure functions, no Django.

* **Share of agreement** of a practice attempt: criteria answered as the reference ÷ criteria
  of the reference, overall and per criterion (1 or 0).
* **Cohen's kappa** over pairs of categorical answers (rater A, rater B):
  κ = (p_o − p_e) / (1 − p_e), with p_o the share of pairs that agree and
  p_e = Σ_c p_A(c) × p_B(c) the agreement expected by chance from each rater's own
  frequencies. κ = 1: perfect agreement; 0: no better than chance; < 0: worse. When both
  raters always give the one same answer, p_e = 1 and κ is undefined (None): agreement is
  perfect but says nothing about the criterion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def cohen_kappa(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    """Cohen's kappa of (a, b) answer pairs; None with no pair or when p_e = 1."""
    n = len(pairs)
    if n == 0:
        return None
    a = Counter(_key(x) for x, _y in pairs)
    b = Counter(_key(y) for _x, y in pairs)
    observed = sum(1 for x, y in pairs if _key(x) == _key(y)) / n
    expected = sum(a[c] * b[c] for c in a) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class PracticeAgreement:
    matched: int
    compared: int
    per_criterion: dict[str, bool]

    @property
    def percent(self) -> float:
        return 100.0 * self.matched / self.compared if self.compared else 0.0


def practice_agreement(
    *, reference: Mapping[str, Any], answers: Mapping[str, Any]
) -> PracticeAgreement:
    """Each criterion of the reference: does the observer's answer equal it?"""
    per = {code: _key(answers.get(code)) == _key(value) for code, value in reference.items()}
    return PracticeAgreement(matched=sum(per.values()), compared=len(per), per_criterion=per)


def kappa_by_criterion(
    ratings: Iterable[tuple[str, Any, Any]],
) -> dict[str, tuple[int, float | None]]:
    """{criterion: (pairs, kappa)} from (criterion, answer A, answer B) triples."""
    grouped: dict[str, list[tuple[Any, Any]]] = {}
    for code, x, y in ratings:
        grouped.setdefault(code, []).append((x, y))
    return {code: (len(pairs), cohen_kappa(pairs)) for code, pairs in sorted(grouped.items())}
