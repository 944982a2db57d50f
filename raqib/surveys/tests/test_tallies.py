"""Running tallies per wave point: kept by the submit and the release, rebuilt from answers,
summed per wave for dashboards, and turned into the same index as the answers give."""

from __future__ import annotations

import datetime as dt
import math
import uuid

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from raqib.registry.models import ServicePoint
from raqib.registry.tests.factories import ServicePointFactory
from raqib.surveys import indices, selectors, services
from raqib.surveys.models import WavePointTally
from raqib.surveys.services.tallies import survey_tallies_rebuild, tally_contribution

from .factories import make_wave, submit

FIELDS = ("responses", "overall_n", "overall_sum", "overall_sumsq", "satisfied", "dissatisfied")


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _tally(wave_point) -> tuple:
    row = WavePointTally.objects.filter(wave_point=wave_point).first()
    if row is None:
        return (0, 0, 0.0, 0.0, 0, 0)
    return tuple(getattr(row, f) for f in FIELDS)


def _all_tallies() -> dict[int, tuple]:
    return {
        t.pk: tuple(getattr(t, f) for f in FIELDS)
        for t in WavePointTally.objects.order_by("pk")
        if t.responses or t.overall_n
    }


# --- figure_from_sums ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 5), max_size=200), st.integers(2, 40))
def test_figure_from_sums_equals_mean_figure(answers, min_sample):
    values = [indices.rescale(a) for a in answers]
    expected = indices.mean_figure(values, min_sample)
    total = sumsq = 0.0
    for v in values:  # added one by one, as the tallies are
        total += v
        sumsq += v * v
    got = indices.figure_from_sums(len(values), total, sumsq, min_sample)
    assert got.n == expected.n
    assert _close(got.value, expected.value)
    assert _close(got.low, expected.low)
    assert _close(got.high, expected.high)


def test_figure_from_sums_constant_values_and_small_samples():
    same = indices.figure_from_sums(50, 50 * 75.0, 50 * 75.0**2, 30)
    assert (same.value, same.low, same.high) == (75.0, 75.0, 75.0)
    assert not indices.figure_from_sums(29, 29 * 50.0, 29 * 2500.0, 30).enough
    assert not indices.figure_from_sums(1, 100.0, 10000.0, 1).enough  # never below 2
    net = indices.figure_from_sums(3, -100.0, 20000.0, 2, bounds=(-100.0, 100.0))
    assert net.value == pytest.approx(-100.0 / 3)
    assert net.low == -100.0


def test_contribution_of_one_answer():
    assert tally_contribution({"SAT_OVERALL": 5}) == {
        "responses": 1,
        "overall_n": 1,
        "overall_sum": 100.0,
        "overall_sumsq": 10000.0,
        "satisfied": 1,
        "dissatisfied": 0,
    }
    assert tally_contribution({"SAT_OVERALL": 2})["dissatisfied"] == 1
    assert tally_contribution({"SAT_OVERALL": 3})["overall_sum"] == 50.0
    for skipped in ({}, {"SAT_OVERALL": None}, {"SAT_OVERALL": 9}, {"SAT_OVERALL": True}, []):
        assert tally_contribution(skipped) == dict.fromkeys(FIELDS, 0) | {"responses": 1}


# --- Kept up to date by the services -------------------------------------------------------


@pytest.mark.django_db
def test_submissions_update_the_tally():
    wave = make_wave(n_points=2)
    wp, other = list(wave.points.all())
    for value in (5, 4, 3, 1):
        submit(wp, {"SAT_OVERALL": value})
    submit(wp, {"DRV_COURTESY": 4})  # counted, but no overall answer
    submit(other, {"SAT_OVERALL": 2})
    assert _tally(wp) == (5, 4, 225.0, 10000.0 + 5625.0 + 2500.0, 2, 1)
    assert _tally(other) == (1, 1, 25.0, 625.0, 0, 1)


@pytest.mark.django_db
def test_interviewer_answers_count(observer):
    wave = make_wave()
    wp = wave.points.get()
    services.survey_response_submit(
        wave_point=wp,
        answers={"SAT_OVERALL": 4},
        client_uuid=uuid.uuid4(),
        mode="interviewer",
        interviewer=observer,
    )
    assert _tally(wp) == (1, 1, 75.0, 5625.0, 1, 0)


@pytest.mark.django_db
def test_a_retry_does_not_count_twice():
    wave = make_wave()
    wp = wave.points.get()
    key = uuid.uuid4()
    first = submit(wp, {"SAT_OVERALL": 5}, client_uuid=key)
    again = submit(wp, {"SAT_OVERALL": 5}, client_uuid=key)
    assert first.created
    assert not again.created
    assert _tally(wp)[:2] == (1, 1)


@pytest.mark.django_db
def test_quarantined_counts_only_once_released(coordinator):
    wave = make_wave()
    wp = wave.points.get()
    submit(wp, {"SAT_OVERALL": 4})
    bad1 = submit(wp, {"SAT_OVERALL": 1}, honeypot="x").response
    bad2 = submit(wp, {"SAT_OVERALL": 5}, honeypot="y").response
    assert bad1.quarantined
    assert bad2.quarantined
    assert _tally(wp) == (1, 1, 75.0, 5625.0, 1, 0)
    services.survey_response_confirm(actor=coordinator, response=bad2)
    assert _tally(wp) == (1, 1, 75.0, 5625.0, 1, 0)
    services.survey_response_release(actor=coordinator, response=bad1)
    assert _tally(wp) == (2, 2, 75.0, 5625.0, 1, 1)
    # A confirmed answer may still be released later: then it counts, once.
    services.survey_response_release(actor=coordinator, response=bad2)
    assert _tally(wp) == (3, 3, 175.0, 15625.0, 2, 1)


# --- Rebuild -------------------------------------------------------------------------------


def _populate(coordinator):
    wave_a = make_wave(n_points=3)
    wave_b = make_wave(n_points=2, code="wave-b")
    points = [*wave_a.points.all(), *wave_b.points.all()]
    values = [1, 2, 3, 4, 5, None, 4, 5, 2]
    for i, value in enumerate(values * 3):
        answers = {"DRV_COURTESY": 3} if value is None else {"SAT_OVERALL": value}
        submit(points[i % (len(points) - 1)], answers)  # the last point gets no answer
    bad = submit(points[0], {"SAT_OVERALL": 5}, honeypot="x").response
    submit(points[1], {"SAT_OVERALL": 1}, honeypot="x")  # stays quarantined
    services.survey_response_release(actor=coordinator, response=bad)
    return wave_a, wave_b


@pytest.mark.django_db
def test_rebuild_equals_incremental(coordinator):
    wave_a, _wave_b = _populate(coordinator)
    incremental = _all_tallies()
    assert sum(t[0] for t in incremental.values()) == 28
    WavePointTally.objects.update(responses=999, overall_sum=-1.0)
    WavePointTally.objects.filter(pk=wave_a.points.first().pk).delete()
    assert survey_tallies_rebuild() == 5  # every point has a row afterwards
    assert _all_tallies() == incremental
    assert WavePointTally.objects.count() == 5


@pytest.mark.django_db
def test_rebuild_of_one_wave_leaves_the_others(coordinator):
    wave_a, wave_b = _populate(coordinator)
    incremental = _all_tallies()
    WavePointTally.objects.update(responses=999)
    assert survey_tallies_rebuild(wave=wave_a) == 3
    rebuilt = _all_tallies()
    for point in wave_a.points.all():
        assert rebuilt.get(point.pk) == incremental.get(point.pk)
    untouched = WavePointTally.objects.filter(wave_point__wave=wave_b)
    assert list(untouched.values_list("responses", flat=True)) == [999]  # one point answered


@pytest.mark.django_db
def test_rebuild_command(coordinator):
    wave_a, _wave_b = _populate(coordinator)
    incremental = _all_tallies()
    WavePointTally.objects.all().delete()
    call_command("rebuild_survey_tallies", "--wave", wave_a.code)
    assert WavePointTally.objects.count() == 3
    call_command("rebuild_survey_tallies")
    assert _all_tallies() == incremental


@pytest.mark.django_db
def test_tallies_give_the_figures_of_the_results_page(coordinator):
    wave = make_wave(n_points=2, min_sample=5)
    wp1, wp2 = list(wave.points.all())
    for i, value in enumerate([5, 4, 4, 3, 2, 5, 1, 4, 4, 5, 3, 3]):
        submit(wp1 if i % 3 else wp2, {"SAT_OVERALL": value})
    submit(wp1, {"SAT_OVERALL": 1}, honeypot="x")
    expected = selectors.wave_indices(wave=wave, kinds=[])["wave"].result
    (tally,) = selectors.wave_tallies(start=wave.starts_on, end=wave.ends_on)
    index = indices.figure_from_sums(
        tally.overall_n, tally.overall_sum, tally.overall_sumsq, wave.min_sample
    )
    assert tally.responses == expected.responses == 12
    assert index.n == expected.index.n
    assert _close(index.value, expected.index.value)
    assert _close(index.low, expected.index.low)
    assert _close(index.high, expected.index.high)
    share = indices.share_figure(tally.satisfied, tally.overall_n, wave.min_sample)
    assert share == expected.share_satisfied
    assert indices.share_figure(tally.dissatisfied, tally.overall_n, wave.min_sample) == (
        expected.share_dissatisfied
    )


# --- wave_tallies --------------------------------------------------------------------------


@pytest.mark.django_db
def test_wave_tallies_overlap_status_and_points(django_assert_max_num_queries):
    shared = ServicePointFactory()
    oct_wave = make_wave(points=[shared, ServicePointFactory()], starts_on=dt.date(2026, 10, 1))
    make_wave(points=[shared], starts_on=dt.date(2027, 1, 1), status="closed", code="jan")
    make_wave(points=[shared], starts_on=dt.date(2026, 11, 1), status="draft", code="draft")
    oct_shared, oct_other = (
        oct_wave.points.get(service_point=shared),
        oct_wave.points.exclude(service_point=shared).get(),
    )
    submit(oct_shared, {"SAT_OVERALL": 5})
    submit(oct_other, {"SAT_OVERALL": 1})
    submit(oct_other, {"DRV_COURTESY": 3})

    # Oct 1 → Nov 30 (+60 days); Jan 1 → Mar 2. The draft never shows.
    with django_assert_max_num_queries(3):  # sums, points, waves
        both = selectors.wave_tallies(start=dt.date(2026, 11, 30), end=dt.date(2027, 1, 1))
    assert [t.wave.code for t in both] == [oct_wave.code, "jan"]
    october, january = both
    assert (october.responses, october.overall_n, october.satisfied) == (3, 2, 1)
    assert (october.overall_sum, october.overall_sumsq, october.dissatisfied) == (
        100.0,
        10000.0,
        1,
    )
    assert october.point_ids == tuple(sorted([shared.pk, oct_other.service_point_id]))
    assert january.point_ids == (shared.pk,)
    assert (january.responses, january.overall_n, january.overall_sum) == (0, 0, 0.0)

    assert selectors.wave_tallies(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)) == []
    assert [
        t.wave.code
        for t in selectors.wave_tallies(start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 1))
    ] == [oct_wave.code]

    only_shared = selectors.wave_tallies(
        start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), service_point_ids=[shared.pk]
    )
    assert [(t.wave.code, t.responses, t.point_ids) for t in only_shared] == [
        (oct_wave.code, 1, (shared.pk,)),
        ("jan", 0, (shared.pk,)),
    ]
    other_qs = ServicePoint.objects.filter(pk=oct_other.service_point_id).values("pk")
    with django_assert_max_num_queries(3):  # sums, points, waves
        only_other = selectors.wave_tallies(
            start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), service_point_ids=other_qs
        )
    assert [(t.wave.code, t.responses, t.overall_n) for t in only_other] == [(oct_wave.code, 2, 1)]
    assert (
        selectors.wave_tallies(
            start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), service_point_ids=[]
        )
        == []
    )


@pytest.mark.django_db
def test_wave_tallies_query_count_does_not_grow_with_waves(django_assert_max_num_queries):
    points = [ServicePointFactory() for _ in range(3)]
    for i in range(6):
        wave = make_wave(points=points, code=f"many-{i}")
        submit(wave.points.first(), {"SAT_OVERALL": 1 + i % 5})
    with django_assert_max_num_queries(3):  # sums, points, waves
        tallies = selectors.wave_tallies(start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1))
        codes = [t.wave.code for t in tallies]
        assert all(t.wave.grid_version.pk for t in tallies)
    assert sorted(codes) == [f"many-{i}" for i in range(6)]
    assert sum(t.responses for t in tallies) == 6
