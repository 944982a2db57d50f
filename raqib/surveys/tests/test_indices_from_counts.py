"""The results page's figures come from counts per point, item and value (grouped by the
database on PostgreSQL) rolled up to the groups: they must be, bit for bit, what
`indices.group_indices` gives over each group's answers (the straightforward computation)."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from raqib.registry.models import RegionTag, ServicePoint
from raqib.registry.tests.factories import PublicBodyFactory, ServicePointFactory
from raqib.surveys import indices, selectors
from raqib.surveys.models import SurveyResponse
from raqib.surveys.selectors._indices import T_QUANTILES_CACHE_KEY, group_keys_of

from .factories import make_wave, submit

CODES = ["SAT_OVERALL", "DRV_TIMELINESS", "IMP_TIMELINESS", "DRV_COURTESY", "IMP_OUTCOME"]
# What a stored answer may hold: the usual 1–5, and what must not count (or counts oddly).
ODD = [2.5, 4.0, 1.25, True, False, None, "4", 0, 6, -1, [3], {"v": 2}]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.integers(0, 50)), max_size=12))
def test_fsum_counts_is_fsum(pairs):
    expanded = [value for value, count in pairs for _ in range(count)]
    assert indices.fsum_counts(pairs) == math.fsum(expanded)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0, 37.5, 6.25, 62.5]), max_size=120),
    st.integers(2, 40),
)
def test_mean_figure_from_counts_is_mean_figure(values, min_sample):
    expected = indices.mean_figure(values, min_sample)
    assert indices.mean_figure_from_counts(Counter(values), min_sample) == expected


def test_t_quantile_stops_early_on_the_same_float():
    for df in [*range(1, 400), 1000, 4321, 99_999, 271_412]:
        assert indices._bisect_t(0.975, df) == indices._t_quantile_reference(0.975, df)


def _straightforward(wave, kinds):
    """The computation as first written: every group's answers, then group_indices."""
    drivers = selectors.wave_driver_suffixes(wave)
    keys_of = group_keys_of(list(kinds))
    counted, held = defaultdict(list), Counter()
    rows = SurveyResponse.objects.filter(wave=wave, screened=True).values_list(
        "answers",
        "quarantined",
        "wave_point__service_point_id",
        "wave_point__service_point__body_id",
        "wave_point__service_point__category_id",
        "wave_point__service_point__governorate_id",
    )
    for answers, quarantined, *where in rows:
        for key in keys_of(*where):
            if quarantined:
                held[key] += 1
            else:
                counted[key].append(answers)
    groups = set(counted) | set(held)
    return {
        key: (
            indices.group_indices(counted[key], min_sample=wave.min_sample, drivers=drivers),
            held[key],
        )
        for key in groups | {("wave", None)}
    }


def _by_key(data, kinds):
    got = {("wave", None): (data["wave"].result, data["wave"].quarantined)}
    for kind in kinds:
        for group in data[kind]:
            got[(group.kind, group.key)] = (group.result, group.quarantined)
    return got


@pytest.mark.django_db
def test_wave_indices_equal_the_straightforward_computation():
    rng = random.Random(20261205)
    ministry = PublicBodyFactory()
    child = PublicBodyFactory(parent=ministry)
    other = PublicBodyFactory()
    points = [ServicePointFactory(body=rng.choice([ministry, child, other])) for _ in range(6)]
    region = RegionTag.objects.create(code="counts-test", name_ar="اختبار", name_fr="Essai")
    region.governorates.add(ServicePoint.objects.get(pk=points[0].pk).governorate)
    wave = make_wave(points=points, min_sample=3)
    wave_points = list(wave.points.all())
    for wave_point in wave_points[:-1]:  # the last point gets no answer at all
        for _ in range(rng.randint(1, 25)):
            kwargs = {"honeypot": "bot"} if rng.random() < 0.15 else {}
            response = submit(wave_point, {"SAT_OVERALL": 3}, **kwargs).response
            # Stored as such (no form would): odd values must count exactly as before.
            answers = {
                code: rng.choice([1, 2, 3, 4, 5, 5, 4, *ODD])
                for code in CODES
                if rng.random() < 0.8
            }
            SurveyResponse.objects.filter(pk=response.pk).update(answers=answers)
    kinds = list(selectors.GROUP_KINDS)
    expected = _straightforward(wave, kinds)
    cache.delete(T_QUANTILES_CACHE_KEY)
    got = _by_key(selectors.wave_indices(wave=wave), kinds)
    assert got == expected
    # The t quantiles were shared through the cache, as this code computes them, and the
    # next read (another worker) uses them.
    shared = cache.get(T_QUANTILES_CACHE_KEY)
    assert shared
    assert all(indices._bisect_t(0.975, df) == value for df, value in shared.items())
    assert _by_key(selectors.wave_indices(wave=wave), kinds) == expected
    assert {k[0] for k in got} == {"wave", *kinds}
    assert any(held for _result, held in got.values())

    trend = selectors.survey_trend(waves=[wave])
    assert trend == [(wave, expected[("wave", None)][0])]
    ((_wave, light),) = selectors.survey_trend(waves=[wave], drivers=False)
    full = expected[("wave", None)][0]
    assert (light.responses, light.index, light.share_satisfied, light.net) == (
        full.responses,
        full.index,
        full.share_satisfied,
        full.net,
    )
