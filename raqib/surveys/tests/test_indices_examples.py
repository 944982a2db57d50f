"""docs/survey-indices.md, section 6, rebuilt through the services and checked number by
number (two decimals, as printed in the doc)."""

from __future__ import annotations

import pytest

from raqib.registry.tests.factories import PublicBodyFactory, ServicePointFactory
from raqib.surveys import indices
from raqib.surveys.selectors import wave_indices
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db


def _r(value):
    return None if value is None else round(value, 2)


def _fig(figure):
    return (figure.n, _r(figure.value), _r(figure.low), _r(figure.high))


@pytest.fixture
def example():
    body = PublicBodyFactory(code="doc-body")
    a = ServicePointFactory(code="DOC-A", body=body)
    b = ServicePointFactory(code="DOC-B", body=body)
    wave = make_wave(points=[a, b], min_sample=30)
    wp_a = wave.points.get(service_point=a)
    wp_b = wave.points.get(service_point=b)
    overall = [5] * 6 + [4] * 12 + [3] * 6 + [2] * 3 + [1] * 3
    timeliness = [2] * 10 + [3] * 10 + [4] * 10
    imp_timeliness = [5] * 15 + [4] * 15
    courtesy = [5] * 15 + [4] * 15
    imp_courtesy = [3] * 10 + [4] * 10 + [5] * 10
    for i in range(30):
        answers = {
            "SAT_OVERALL": overall[i],
            "DRV_TIMELINESS": timeliness[i],
            "IMP_TIMELINESS": imp_timeliness[i],
            "DRV_COURTESY": courtesy[i],
            "IMP_COURTESY": imp_courtesy[i],
        }
        if i < 10:
            answers["DRV_OUTCOME"] = 4
        assert not submit(wp_a, answers).response.quarantined
    for _ in range(2):
        assert submit(wp_a, {"SAT_OVERALL": 1}, honeypot="bot").response.quarantined
    for _ in range(29):
        submit(wp_b, {"SAT_OVERALL": 5})
    return wave, a, b, body


def test_point_a_matches_the_doc(example):
    wave, a, _b, _body = example
    data = wave_indices(wave=wave)
    point_a = next(g for g in data["point"] if g.key == a.pk)
    r = point_a.result
    assert point_a.quarantined == 2
    assert r.responses == 30
    assert _fig(r.index) == (30, 62.5, 51.07, 73.93)
    assert _fig(r.share_satisfied) == (30, 60.0, 42.32, 75.41)
    assert _fig(r.share_dissatisfied) == (30, 20.0, 9.51, 37.31)
    assert _fig(r.net) == (30, 40.0, 9.62, 70.38)
    assert _fig(r.drivers["TIMELINESS"]) == (30, 50.0, 42.25, 57.75)
    assert _fig(r.importance["TIMELINESS"]) == (30, 87.5, 82.75, 92.25)
    assert _fig(r.drivers["COURTESY"]) == (30, 87.5, 82.75, 92.25)
    assert _fig(r.importance["COURTESY"]) == (30, 75.0, 67.25, 82.75)
    assert _fig(r.drivers["OUTCOME"]) == (10, None, None, None)
    assert _fig(r.importance["OUTCOME"]) == (0, None, None, None)
    matrix, cut_imp, cut_sat = indices.priority_matrix(r)
    assert (cut_imp, cut_sat) == (81.25, 68.75)
    assert [(p.driver, p.quadrant) for p in matrix] == [
        ("TIMELINESS", indices.FIX_FIRST),
        ("COURTESY", indices.POSSIBLE_OVERKILL),
    ]


def test_point_b_is_not_enough_answers(example):
    wave, _a, b, _body = example
    point_b = next(g for g in wave_indices(wave=wave)["point"] if g.key == b.pk)
    assert point_b.result.responses == 29
    assert point_b.result.index.value is None
    assert point_b.result.share_satisfied.value is None
    assert point_b.result.net.value is None


def test_body_and_wave_pool_both_points(example):
    wave, _a, _b, body = example
    data = wave_indices(wave=wave)
    group = next(g for g in data["body"] if g.key == body.pk)
    for result, held in ((group.result, group.quarantined), (data["wave"].result, 2)):
        assert held == 2
        assert _fig(result.index) == (59, 80.93, 73.44, 88.42)
        assert _fig(result.share_satisfied) == (59, 79.66, 67.73, 87.96)
        assert _fig(result.net) == (59, 69.49, 52.55, 86.43)
    assert data["wave"].quarantined == 2


def test_t_quantiles_quoted_in_the_doc():
    assert round(indices.t_quantile(0.975, 29), 6) == 2.045230
    assert round(indices.t_quantile(0.975, 58), 6) == 2.001717
    assert round(indices.t_quantile(0.975, 1), 3) == 12.706


def test_minimum_sample_is_per_wave(example):
    wave, a, _b, _body = example
    wave.min_sample = 31
    wave.save(update_fields=["min_sample"])
    point_a = next(g for g in wave_indices(wave=wave)["point"] if g.key == a.pk)
    assert point_a.result.index.value is None


def test_mystery_comparison_hook(example, settings):
    from raqib.surveys.selectors import survey_mystery_comparison

    wave, a, b, _body = example
    settings.RAQIB_SURVEY_MYSTERY_SCORES = ""
    assert survey_mystery_comparison(wave=wave) is None  # no provider configured
    out = survey_mystery_comparison(wave=wave, scores={a.pk: 70.0, b.pk: 90.0, 999999: 50.0})
    assert out["paired"] == 1  # B has "not enough answers"; 999999 is not in the wave
    row_a = next(r for r in out["rows"] if r["service_point"] == a.pk)
    assert row_a["gap"] == pytest.approx(62.5 - 70.0)
    assert out["correlation"] is None


def test_trend_across_waves(coordinator):
    import datetime as dt

    from raqib.surveys.selectors import survey_trend

    point = ServicePointFactory()
    first = make_wave(points=[point], min_sample=2, starts_on=dt.date(2026, 1, 1))
    second = make_wave(points=[point], min_sample=2, starts_on=dt.date(2026, 6, 1))
    for v in (3, 3):
        submit(first.points.get(), {"SAT_OVERALL": v})
    for v in (4, 5):
        submit(second.points.get(), {"SAT_OVERALL": v})
    trend = survey_trend(waves=[second, first], kind="point", key=point.pk)
    assert [(w.pk, r.index.value) for w, r in trend] == [(first.pk, 50.0), (second.pk, 87.5)]
