"""Implementation rates, medians and overdue on a hand-computed fixture (docs/followup.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raqib.core.activity import ActivityFilters
from raqib.followup.figures import followup_figures, median, rate
from raqib.followup.models import Recommendation
from raqib.followup.selectors import periodic_report_section
from raqib.followup.tests.factories import hand_computed_recommendations

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(coordinator):
    return hand_computed_recommendations(coordinator)


def test_figures_match_the_hand_computation(fixture):
    _a, _b = fixture
    fig = followup_figures(
        recommendations=Recommendation.objects.select_related("body"),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        today=dt.date(2026, 12, 4),
    )
    assert fig.as_of == dt.date(2026, 6, 30)
    t = fig.total
    # Due: R1, R2, R3, R6; effective: R1.
    assert (t.due, t.effective, t.rate) == (4, 1, Decimal("25.0"))
    # Days to acknowledge in the period: 5, 3, 1, 7 → median 4; to implement: 50, 101 → 75.5.
    assert (t.acknowledge_days, t.acknowledged) == (Decimal("4.0"), 4)
    assert (t.implement_days, t.implemented) == (Decimal("75.5"), 2)
    assert t.overdue == 2  # R2 (never claimed), R6 (claimed after 30/06)
    by_code = {f.code: f for f in fig.bodies}
    fa, fb = by_code["A-body"], by_code["B-body"]
    assert (fa.due, fa.effective, fa.rate, fa.overdue) == (3, 1, Decimal("33.3"), 1)
    assert (fa.acknowledge_days, fa.implement_days) == (Decimal("3.0"), Decimal("75.5"))
    assert (fb.due, fb.effective, fb.rate, fb.overdue) == (1, 0, Decimal("0.0"), 1)
    assert (fb.acknowledge_days, fb.implement_days) == (Decimal("7.0"), None)
    assert [r.days_late for r in fig.overdue] == [30, 15]


def test_the_periodic_section_carries_the_same_figures(fixture):
    from django.utils import translation

    with translation.override("fr"):
        section = periodic_report_section(
            filters=ActivityFilters(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
        )
    assert section is not None
    assert section.key == "followup"
    table = section.tables[0]
    total = table.rows[-1]
    assert total[1:] == (4, 1, Decimal("25.0"), Decimal("4.0"), Decimal("75.5"), 2)
    assert section.tables[1].rows[0][3] == 30  # R2, the longest overdue
    assert type(section).from_json(section.to_json()) == section


@given(st.integers(0, 500), st.integers(0, 500))
def test_rate_is_a_percentage_of_what_was_due(part, whole):
    value = rate(min(part, whole), whole)
    if whole == 0:
        assert value is None
    else:
        assert Decimal("0") <= value <= Decimal("100")


@given(st.lists(st.integers(0, 400), min_size=1, max_size=30))
def test_median_lies_between_the_extremes(values):
    assert min(values) <= median(values) <= max(values)
