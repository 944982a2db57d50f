"""Paired testing for equal treatment, pure (no database): see docs/compliance.md.

Two observers who differ on one trait (say sex) visit the same point for the same request in
the same window: the pair is one experiment. For a trait, a pair is *usable* when one observer
has the trait's reference value and the other a different value. Outcomes compared in each
usable pair, oriented "other − reference":

- the overall score (frozen, capped): sign test over the pairs whose two scores differ;
- a critical finding (refused, a bribe asked…): exact McNemar test on the discordant pairs;
- each criterion scored in both reports, "fully met" (score = 1) or not: exact McNemar test.

The sign test and the exact McNemar test are the same exact binomial test: under equal
treatment, among the pairs that differ, "the other side fared worse" has probability 1/2.
The two-sided p-value is min(1, 2 × P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2).
Below the minimum number of usable pairs nothing is tested ("not enough pairs").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb


@dataclass(frozen=True)
class PairObservation:
    """One validated pair, already reduced to what the test needs."""

    pair_id: int
    trait_values: tuple[str | None, str | None]  # the two observers' values of the trait
    scores: tuple[Fraction | None, Fraction | None]  # overall (capped) scores, in [0, 1]
    critical: tuple[bool, bool]
    criteria: tuple[dict[str, Fraction], dict[str, Fraction]] = field(
        default_factory=lambda: ({}, {})
    )


@dataclass(frozen=True)
class BinaryTest:
    """Discordant pairs: ``worse_other`` where only the other side had the bad outcome,
    ``worse_reference`` where only the reference side had it; p None below the minimum."""

    worse_other: int
    worse_reference: int
    p_value: Fraction | None

    @property
    def discordant(self) -> int:
        return self.worse_other + self.worse_reference

    @property
    def p(self) -> float | None:
        """The p-value as a float, for display (the test keeps it exact)."""
        return None if self.p_value is None else float(self.p_value)

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < Fraction(5, 100)


@dataclass(frozen=True)
class CriterionTest:
    code: str
    pairs: int
    test: BinaryTest


@dataclass(frozen=True)
class PairedAnalysis:
    reference: str
    usable: int  # pairs with one reference-side and one other-side observer
    enough: bool
    with_difference: int  # usable pairs whose overall scores differ
    lower_other: int  # … the other side scored lower
    higher_other: int
    mean_difference: Fraction | None  # mean of (other − reference) scores, in [−1, 1]
    score_test: BinaryTest
    critical_test: BinaryTest
    criteria: tuple[CriterionTest, ...]
    by_value: dict[str, int]  # usable pairs per other-side value

    @property
    def share_with_difference(self) -> Fraction | None:
        return Fraction(self.with_difference, self.usable) if self.usable else None

    @property
    def share_percent(self) -> float | None:
        share = self.share_with_difference
        return None if share is None else float(share * 100)

    @property
    def mean_difference_points(self) -> float | None:
        """Mean of (other − reference) overall scores, in points out of 100."""
        return None if self.mean_difference is None else float(self.mean_difference * 100)


def binomial_two_sided(k: int, n: int) -> Fraction:
    """Exact two-sided p of k successes in n trials with p = 1/2: min(1, 2 P(X ≤ min(k, n−k)))."""
    if n < 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n")
    if n == 0:
        return Fraction(1)
    low = min(k, n - k)
    tail = Fraction(sum(comb(n, i) for i in range(low + 1)), 2**n)
    return min(Fraction(1), 2 * tail)


def binary_test(worse_other: int, worse_reference: int, *, enough: bool) -> BinaryTest:
    p = binomial_two_sided(worse_other, worse_other + worse_reference) if enough else None
    return BinaryTest(worse_other=worse_other, worse_reference=worse_reference, p_value=p)


def _oriented(pair: PairObservation, reference: str) -> tuple[int, int, str] | None:
    """(reference index, other index, other value) when the pair is usable, else None."""
    a, b = pair.trait_values
    if a is None or b is None or a == b:
        return None
    if a == reference:
        return 0, 1, b
    if b == reference:
        return 1, 0, a
    return None


def paired_analysis(
    *, pairs: Iterable[PairObservation], reference: str, min_pairs: int
) -> PairedAnalysis:
    usable: list[tuple[PairObservation, int, int]] = []
    by_value: dict[str, int] = {}
    for pair in pairs:
        oriented = _oriented(pair, reference)
        if oriented is None:
            continue
        ref, other, value = oriented
        usable.append((pair, ref, other))
        by_value[value] = by_value.get(value, 0) + 1
    enough = len(usable) >= max(1, min_pairs)
    lower = higher = 0
    differences: list[Fraction] = []
    crit_other = crit_ref = 0
    per_criterion: dict[str, list[int]] = {}  # code -> [pairs, worse_other, worse_reference]
    for pair, ref, other in usable:
        s_ref, s_other = pair.scores[ref], pair.scores[other]
        if s_ref is not None and s_other is not None:
            differences.append(s_other - s_ref)
            if s_other < s_ref:
                lower += 1
            elif s_other > s_ref:
                higher += 1
        if pair.critical[other] and not pair.critical[ref]:
            crit_other += 1
        elif pair.critical[ref] and not pair.critical[other]:
            crit_ref += 1
        ref_criteria, other_criteria = pair.criteria[ref], pair.criteria[other]
        for code in sorted(set(ref_criteria) & set(other_criteria)):
            counts = per_criterion.setdefault(code, [0, 0, 0])
            counts[0] += 1
            met_ref, met_other = ref_criteria[code] >= 1, other_criteria[code] >= 1
            if met_ref and not met_other:
                counts[1] += 1
            elif met_other and not met_ref:
                counts[2] += 1
    mean = sum(differences, Fraction(0)) / len(differences) if differences else None
    criteria = tuple(
        CriterionTest(code=code, pairs=c[0], test=binary_test(c[1], c[2], enough=enough))
        for code, c in sorted(per_criterion.items())
    )
    return PairedAnalysis(
        reference=reference,
        usable=len(usable),
        enough=enough,
        with_difference=lower + higher,
        lower_other=lower,
        higher_other=higher,
        mean_difference=mean,
        score_test=binary_test(lower, higher, enough=enough),
        critical_test=binary_test(crit_other, crit_ref, enough=enough),
        criteria=criteria,
        by_value=by_value,
    )


def flagged(analysis: PairedAnalysis, *, alpha: Fraction = Fraction(5, 100)) -> Sequence[str]:
    """Criterion codes whose test is below alpha, the other side faring worse."""
    return [
        c.code
        for c in analysis.criteria
        if c.test.p_value is not None
        and c.test.p_value < alpha
        and c.test.worse_other > c.test.worse_reference
    ]
