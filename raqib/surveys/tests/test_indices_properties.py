"""Bounds and order invariance of the indices, on arbitrary answer sets (Hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from raqib.surveys import indices

answer = st.fixed_dictionaries(
    {"SAT_OVERALL": st.integers(1, 5)},
    optional={
        "DRV_TIMELINESS": st.integers(1, 5),
        "IMP_TIMELINESS": st.integers(1, 5),
        "DRV_COURTESY": st.integers(1, 5),
    },
)
answer_sets = st.lists(answer, min_size=0, max_size=80)


def _figures(result):
    yield result.index, (0, 100)
    yield result.share_satisfied, (0, 100)
    yield result.share_dissatisfied, (0, 100)
    yield result.net, (-100, 100)
    for figure in [*result.drivers.values(), *result.importance.values()]:
        yield figure, (0, 100)


@settings(max_examples=150, deadline=None)
@given(answer_sets, st.integers(2, 40))
def test_every_figure_is_bounded_and_inside_its_interval(sets, min_sample):
    result = indices.group_indices(sets, min_sample=min_sample)
    for figure, (low, high) in _figures(result):
        if figure.n < min_sample:
            assert figure.value is None
            assert figure.low is None
            assert figure.high is None
            continue
        assert low <= figure.low <= figure.value <= figure.high <= high


@settings(max_examples=100, deadline=None)
@given(answer_sets, st.integers(2, 40), st.randoms(use_true_random=False))
def test_order_does_not_matter(sets, min_sample, rnd: random.Random):
    shuffled = list(sets)
    rnd.shuffle(shuffled)
    a = indices.group_indices(sets, min_sample=min_sample).as_dict()
    b = indices.group_indices(shuffled, min_sample=min_sample).as_dict()
    assert a.keys() == b.keys()

    def close(x, y):
        if isinstance(x, dict):
            return all(close(x[k], y[k]) for k in x)
        if x is None or y is None:
            return x is y
        return abs(x - y) < 1e-9

    assert close(a, b)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_interval_is_within_0_100_and_contains_the_share(k, n):
    k = min(k, n)
    figure = indices.share_figure(k, n, 1)
    assert 0 <= figure.low <= figure.value <= figure.high <= 100


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 200))
def test_t_quantile_is_decreasing_towards_the_normal(df):
    assert indices.t_quantile(0.975, df) >= indices.t_quantile(0.975, df + 1) > 1.959


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_net_is_satisfied_minus_dissatisfied(sets):
    result = indices.group_indices(sets, min_sample=2)
    if result.net.value is not None:
        diff = result.share_satisfied.value - result.share_dissatisfied.value
        assert abs(result.net.value - diff) < 1e-9
