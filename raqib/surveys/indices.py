"""Satisfaction indices: pure functions over answer dicts (no database, no Django).

The method is written down in docs/survey-indices.md; the tests reproduce its worked
examples. In short, for one group of counted (non-quarantined) responses:

- satisfaction index = mean of SAT_OVERALL rescaled to 0–100, (v − 1) / 4 × 100, with a
  Student t 95 % interval (clipped to 0–100);
- driver score = the same for each DRV_<X> item, over the people who answered it;
- share satisfied = % of SAT_OVERALL answers at 4 or 5, with a Wilson 95 % interval;
- net satisfaction = % satisfied − % dissatisfied (1 or 2), in points; its interval is the
  t interval of the mean of +100 / 0 / −100 per response (the same number, as a mean);
- a figure resting on fewer answers than the minimum sample is `None`: "not enough answers".
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .bank import DRIVER_PREFIX, IMPORTANCE_PREFIX, OVERALL

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
SCALE_MIN, SCALE_MAX = 1, 5


# --- Student t quantile, without SciPy -----------------------------------------------------


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: int) -> float:
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


# Quantiles already computed elsewhere by this very function (another worker, through the
# cache: selectors._indices), keyed (p, df); bounded, see t_quantile_seed.
_SEEDED: dict[tuple[float, int], float] = {}
_SEEDED_MAX = 200_000


def t_quantile(p: float, df: int) -> float:
    """The p-quantile of Student's t with df degrees of freedom (p > 0.5): see _bisect_t."""
    known = _SEEDED.get((p, df))
    return known if known is not None else _bisect_t(p, df)


def t_quantile_seed(p: float, values: Mapping[int, float]) -> None:
    """Remember {df: t_quantile(p, df)} computed by another process with this same code."""
    if len(_SEEDED) + len(values) > _SEEDED_MAX:
        _SEEDED.clear()
    _SEEDED.update({(p, df): value for df, value in values.items()})


@functools.lru_cache(maxsize=65536)
def _bisect_t(p: float, df: int) -> float:
    """The p-quantile of Student's t with df degrees of freedom (p > 0.5), by bisection.

    At most 200 halvings, but a step that leaves (low, high) unchanged would leave it so at
    every later step (t_cdf is a pure function): stopping there gives the very same float,
    after about 75 steps instead of 200. A national wave needs thousands of distinct df, and
    this function was most of its results page's time (docs/benchmarks.md)."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            if mid == low:
                break
            low = mid
        else:
            if mid == high:
                break
            high = mid
    return (low + high) / 2.0


def _t_quantile_reference(p: float, df: int) -> float:
    """The 200-step bisection as first written: the tests check t_quantile against it."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


# --- Figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number with its 95 % interval, or "not enough answers" (value None)."""

    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def enough(self) -> bool:
        return self.value is not None

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "value": self.value, "low": self.low, "high": self.high}


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def mean_figure(
    values: Sequence[float], min_sample: int, bounds: tuple[float, float] = (0.0, 100.0)
) -> Figure:
    """Mean with a t interval: mean ± t(0.975, n−1) × s / √n, s the sample deviation."""
    n = len(values)
    if n < max(min_sample, 2):
        return Figure(n=n)
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_quantile(0.975, n - 1) * math.sqrt(variance / n)
    mean = _clip(mean, *bounds)
    return Figure(
        n=n, value=mean, low=_clip(mean - half, *bounds), high=_clip(mean + half, *bounds)
    )


def figure_from_sums(
    n: int,
    total: float,
    sumsq: float,
    min_sample: int,
    bounds: tuple[float, float] = (0.0, 100.0),
) -> Figure:
    """`mean_figure` from running totals (count, sum, sum of squares) instead of the values:
    what the wave point tallies hold. Variance = (Σx² − (Σx)²/n) / (n − 1), floored at 0
    (rounding may leave a tiny negative when every value is the same)."""
    if n < max(min_sample, 2):
        return Figure(n=n)
    mean = total / n
    variance = max(0.0, (sumsq - total * total / n) / (n - 1))
    half = t_quantile(0.975, n - 1) * math.sqrt(variance / n)
    mean = _clip(mean, *bounds)
    return Figure(
        n=n, value=mean, low=_clip(mean - half, *bounds), high=_clip(mean + half, *bounds)
    )


def share_figure(successes: int, n: int, min_sample: int) -> Figure:
    """A percentage with its Wilson score interval (good at small n and near 0 or 100 %)."""
    if n < max(min_sample, 1):
        return Figure(n=n)
    p = successes / n
    z2 = Z_95 * Z_95
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = Z_95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # The Wilson interval always contains p; min/max only undo rounding at p = 0 or 1.
    return Figure(
        n=n,
        value=100.0 * p,
        low=100.0 * min(p, max(0.0, centre - half)),
        high=100.0 * max(p, min(1.0, centre + half)),
    )


def rescale(value: Any) -> float | None:
    """A 1–5 answer on 0–100; anything else (skipped, out of range) → None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not SCALE_MIN <= value <= SCALE_MAX:
        return None
    return (float(value) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100.0


@dataclass(frozen=True)
class GroupIndices:
    responses: int  # counted responses in the group (quarantined ones are not given here)
    index: Figure
    share_satisfied: Figure
    share_dissatisfied: Figure
    net: Figure
    drivers: dict[str, Figure] = field(default_factory=dict)
    importance: dict[str, Figure] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "index": self.index.as_dict(),
            "share_satisfied": self.share_satisfied.as_dict(),
            "share_dissatisfied": self.share_dissatisfied.as_dict(),
            "net_satisfaction": self.net.as_dict(),
            "drivers": {k: v.as_dict() for k, v in self.drivers.items()},
            "importance": {k: v.as_dict() for k, v in self.importance.items()},
        }


def driver_suffixes(answer_sets: Iterable[Mapping[str, Any]]) -> list[str]:
    found = set()
    for answers in answer_sets:
        for code in answers:
            if code.startswith(DRIVER_PREFIX):
                found.add(code[len(DRIVER_PREFIX) :])
    return sorted(found)


def group_indices(
    answer_sets: Sequence[Mapping[str, Any]],
    *,
    min_sample: int = 30,
    drivers: Sequence[str] | None = None,
) -> GroupIndices:
    """Every figure of one group of counted responses (order does not matter)."""
    overall = [v for a in answer_sets if (v := rescale(a.get(OVERALL))) is not None]
    n = len(overall)
    satisfied = sum(1 for v in overall if v >= 75.0)
    dissatisfied = sum(1 for v in overall if v <= 25.0)
    net_values = [100.0 if v >= 75.0 else -100.0 if v <= 25.0 else 0.0 for v in overall]
    suffixes = list(drivers) if drivers is not None else driver_suffixes(answer_sets)
    driver_figures = {}
    importance_figures = {}
    for suffix in suffixes:
        sat = [
            v for a in answer_sets if (v := rescale(a.get(f"{DRIVER_PREFIX}{suffix}"))) is not None
        ]
        imp = [
            v
            for a in answer_sets
            if (v := rescale(a.get(f"{IMPORTANCE_PREFIX}{suffix}"))) is not None
        ]
        driver_figures[suffix] = mean_figure(sat, min_sample)
        importance_figures[suffix] = mean_figure(imp, min_sample)
    return GroupIndices(
        responses=len(answer_sets),
        index=mean_figure(overall, min_sample),
        share_satisfied=share_figure(satisfied, n, min_sample),
        share_dissatisfied=share_figure(dissatisfied, n, min_sample),
        net=mean_figure(net_values, min_sample, bounds=(-100.0, 100.0)),
        drivers=driver_figures,
        importance=importance_figures,
    )


# --- What to fix first ---------------------------------------------------------------------

FIX_FIRST = "fix_first"  # important, poorly rated
KEEP_UP = "keep_up"  # important, well rated
SECONDARY = "secondary"  # less important, poorly rated
POSSIBLE_OVERKILL = "possible_overkill"  # less important, well rated


@dataclass(frozen=True)
class MatrixPoint:
    driver: str
    importance: float
    satisfaction: float
    quadrant: str


def priority_matrix(result: GroupIndices) -> tuple[list[MatrixPoint], float | None, float | None]:
    """Importance × satisfaction per driver, cut at the mean importance and the mean
    satisfaction of the drivers shown (the Common Measurements Tool convention), so the
    quadrants are relative: "fix first" means below the other drivers, not below 50.
    Drivers with too few answers on either axis are left out. Returns (points, cuts)."""
    rows = [
        (d, result.importance[d].value, result.drivers[d].value)
        for d in result.drivers
        if result.drivers[d].enough and d in result.importance and result.importance[d].enough
    ]
    if not rows:
        return [], None, None
    cut_imp = math.fsum(r[1] for r in rows) / len(rows)  # type: ignore[misc]
    cut_sat = math.fsum(r[2] for r in rows) / len(rows)  # type: ignore[misc]
    points = []
    for driver, imp, sat in rows:
        assert imp is not None
        assert sat is not None
        important, good = imp >= cut_imp, sat >= cut_sat
        quadrant = (
            (KEEP_UP if good else FIX_FIRST)
            if important
            else (POSSIBLE_OVERKILL if good else SECONDARY)
        )
        points.append(MatrixPoint(driver, imp, sat, quadrant))
    order = {FIX_FIRST: 0, SECONDARY: 1, KEEP_UP: 2, POSSIBLE_OVERKILL: 3}
    points.sort(key=lambda p: (order[p.quadrant], p.satisfaction - p.importance, p.driver))
    return points, cut_imp, cut_sat


# --- Survey vs mystery visits --------------------------------------------------------------


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def compare_with_mystery(
    survey_index: Mapping[int, Figure], mystery_scores: Mapping[int, float]
) -> dict[str, Any]:
    """Side by side, per service point, the survey index (0–100) and a mystery-visit score
    (0–100). Points lacking either, or with "not enough answers", are listed but not used
    in the correlation."""
    rows = []
    paired: list[tuple[float, float]] = []
    for point_id in sorted(set(survey_index) | set(mystery_scores)):
        figure = survey_index.get(point_id)
        survey = figure.value if figure is not None else None
        mystery = mystery_scores.get(point_id)
        gap = None
        if survey is not None and mystery is not None:
            gap = survey - mystery
            paired.append((survey, float(mystery)))
        rows.append({"service_point": point_id, "survey": survey, "mystery": mystery, "gap": gap})
    correlation = pearson([p[0] for p in paired], [p[1] for p in paired]) if paired else None
    return {"rows": rows, "paired": len(paired), "correlation": correlation}


# --- The same figures from counts (what the database aggregates) ----------------------------

ValueCounts = Mapping[float, int]  # a rescaled value (0–100) → how many answers gave it


def fsum_counts(pairs: Iterable[tuple[float, int]]) -> float:
    """`math.fsum` of a multiset given as (value, how many times) pairs, bit for bit.

    fsum returns the exactly rounded sum; so does this: the exact sum as a ratio of integers
    (a float's denominator is a power of two), then one correctly rounded int / int
    division. Multiplying the float by the count instead would round at each step."""
    numerator, denominator = 0, 1
    for value, count in pairs:
        if not count:
            continue
        num, den = value.as_integer_ratio()
        if den > denominator:
            numerator *= den // denominator
            denominator = den
        numerator += count * num * (denominator // den)
    return numerator / denominator


def mean_figure_from_counts(
    counts: ValueCounts, min_sample: int, bounds: tuple[float, float] = (0.0, 100.0)
) -> Figure:
    """Exactly `mean_figure` over the values the counts stand for (the same floats)."""
    n = sum(counts.values())
    if n < max(min_sample, 2):
        return Figure(n=n)
    mean = fsum_counts(counts.items()) / n
    variance = fsum_counts(((v - mean) ** 2, c) for v, c in counts.items()) / (n - 1)
    half = t_quantile(0.975, n - 1) * math.sqrt(variance / n)
    mean = _clip(mean, *bounds)
    return Figure(
        n=n, value=mean, low=_clip(mean - half, *bounds), high=_clip(mean + half, *bounds)
    )


def group_indices_from_counts(
    responses: int,
    items: Mapping[str, ValueCounts],
    *,
    min_sample: int,
    drivers: Sequence[str],
) -> GroupIndices:
    """Exactly `group_indices(answer_sets, ...)` from `responses` = len(answer_sets) and, per
    item code, how many of the answer sets hold each rescaled value (`rescale` ≠ None)."""
    empty: dict[float, int] = {}
    overall = items.get(OVERALL, empty)
    n = sum(overall.values())
    satisfied = sum(c for v, c in overall.items() if v >= 75.0)
    dissatisfied = sum(c for v, c in overall.items() if v <= 25.0)
    net = {100.0: satisfied, -100.0: dissatisfied, 0.0: n - satisfied - dissatisfied}
    return GroupIndices(
        responses=responses,
        index=mean_figure_from_counts(overall, min_sample),
        share_satisfied=share_figure(satisfied, n, min_sample),
        share_dissatisfied=share_figure(dissatisfied, n, min_sample),
        net=mean_figure_from_counts(
            {v: c for v, c in net.items() if c}, min_sample, bounds=(-100.0, 100.0)
        ),
        drivers={
            d: mean_figure_from_counts(items.get(f"{DRIVER_PREFIX}{d}", empty), min_sample)
            for d in drivers
        },
        importance={
            d: mean_figure_from_counts(items.get(f"{IMPORTANCE_PREFIX}{d}", empty), min_sample)
            for d in drivers
        },
    )
