"""The rules docs/dashboard.md states, each pinned here (or in the test it names).

Other rules of the same page are pinned elsewhere: the period date in
test_rollups.test_the_reference_day_is_the_local_date_of_the_window_start, the mean of
displayed one-decimal scores in test_selectors (means quoted from the one-decimal scores).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from raqib.reports.figures import RankRow
from raqib.reports.formatting import number
from raqib.reports.selectors import body_scorecard_get_for_user, dashboard_build
from raqib.reports.selectors._scope import rank_key
from raqib.reports.tests.test_selectors import PERIOD, world  # noqa: F401 (fixture)


def _row(code: str, mean: float | None, n: int) -> RankRow:
    return RankRow(id=0, code=code, name_ar=code, name_fr=code, mean=mean, n=n, critical=0)


def test_ties_more_reports_first_then_code():
    rows = [
        _row("c", 80.0, 3),
        _row("z", None, 0),
        _row("b", 80.0, 3),
        _row("a", 80.0, 2),
        _row("d", 90.0, 1),
    ]
    assert [r.code for r in sorted(rows, key=rank_key)] == ["d", "b", "c", "a", "z"]


def test_rounding_is_half_up_the_same_on_the_page_and_in_the_pdf():
    with translation.override("fr"):
        for value, text in ((62.25, "62,3"), (2.675, "2,7"), (99.95, "100,0"), (72.2, "72,2")):
            assert number(value) == text
            assert floatformat(value, 1) == text


@pytest.mark.django_db
def test_body_rankings_use_own_points_while_the_scorecard_pools_sub_bodies(world, director):  # noqa: F811
    # focal-body owns P1 (reports A 95.8 and F 48.6); its sub-body b2 owns P2 (B 47.2) and
    # P4 (D 100.0).
    national = dashboard_build(filters=PERIOD)
    rows = {row.code: row for row in national.bodies}
    assert (rows["focal-body"].n, rows["focal-body"].mean) == (2, pytest.approx(72.2))
    assert (rows["b2"].n, rows["b2"].mean) == (2, pytest.approx(73.6))
    card = body_scorecard_get_for_user(user=director, body_id=world["b1"].pk, filters=PERIOD)
    assert card.mean_score == pytest.approx((95.8 + 48.6 + 47.2 + 100.0) / 4)
    assert card.validated == 4


@pytest.mark.django_db
def test_a_points_mystery_score_takes_the_visits_whose_window_meets_the_wave():
    # docs/survey-indices.md §5: validated, active reports whose mission window (local dates)
    # meets the wave's dates, both ends included; the mean of their scores out of 100.
    from types import SimpleNamespace

    from raqib.missions.selectors import mission_scores_for_survey_wave
    from raqib.reports.tests.factories import make_point, validated_report

    point = make_point()
    day = dt.date(2026, 3, 10)  # the window: 10:00–14:00 that day
    report = validated_report(point=point, day=day)
    one = dt.timedelta(days=1)

    def wave(start: dt.date, end: dt.date) -> dict[int, float]:
        return mission_scores_for_survey_wave(SimpleNamespace(starts_on=start, ends_on=end))

    expected = {point.pk: float(report.score_out_of_100)}
    assert wave(day - 10 * one, day) == expected
    assert wave(day, day + 10 * one) == expected
    assert wave(day - 10 * one, day - one) == {}
    assert wave(day + one, day + 10 * one) == {}
