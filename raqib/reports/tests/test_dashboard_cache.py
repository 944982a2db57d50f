"""The dashboard cache: served again until the next validation, never for published reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from raqib.reports.figures import Filters
from raqib.reports.selectors import dashboard_build
from raqib.reports.tests.factories import make_point, planned_mission, validated_report

pytestmark = pytest.mark.django_db

YEAR = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


@pytest.fixture
def cached(settings):
    settings.RAQIB_DASHBOARD_CACHE_SECONDS = 120


def test_a_validation_shows_at_once_and_other_figures_may_lag(cached, django_assert_num_queries):
    point = make_point(governorate="TN-11")
    validated_report(point=point, day=dt.date(2026, 3, 10))
    first = dashboard_build(filters=YEAR)
    assert first.validated == 1
    with django_assert_num_queries(0):
        assert dashboard_build(filters=YEAR) == first
    # A mission planned since is not a validation: the cached figures stand for a while.
    planned_mission(point=point, day=dt.date(2026, 4, 2))
    assert dashboard_build(filters=YEAR).planned == first.planned
    assert dashboard_build(filters=YEAR, use_cache=False).planned == first.planned + 1
    # A validation drops every cached dashboard.
    validated_report(point=point, day=dt.date(2026, 5, 10))
    again = dashboard_build(filters=YEAR)
    assert again.validated == 2
    assert again.planned == first.planned + 2


def test_scopes_and_filters_are_cached_apart(cached, focal_body):
    point = make_point(governorate="TN-11")
    own = make_point(governorate="TN-23", body=focal_body)
    validated_report(point=point, day=dt.date(2026, 3, 10))
    validated_report(point=own, day=dt.date(2026, 3, 11))
    assert dashboard_build(filters=YEAR).validated == 2
    assert dashboard_build(filters=YEAR, body_scope=[focal_body.pk]).validated == 1
    tunis = Filters(start=YEAR.start, end=YEAR.end, governorate_id=point.governorate_id)
    assert dashboard_build(filters=tunis).validated == 1


def test_off_when_the_setting_is_zero(settings, django_assert_max_num_queries):
    settings.RAQIB_DASHBOARD_CACHE_SECONDS = 0
    dashboard_build(filters=YEAR)
    with django_assert_max_num_queries(20) as captured:
        dashboard_build(filters=YEAR)
    assert len(captured) > 0


def test_a_validation_committed_by_another_request_drops_figures_cached_meanwhile(
    cached, django_capture_on_commit_callbacks
):
    """The generation is replaced again after the commit (a fresh value, never a lost +1)."""
    from raqib.reports import cache as dashboard_cache

    point = make_point(governorate="TN-11")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        validated_report(point=point, day=dt.date(2026, 3, 10))
    # Between the validation's own bump and its commit, another request caches figures...
    dashboard_build(filters=YEAR)
    with CaptureQueriesContext(connection) as served:
        dashboard_build(filters=YEAR)
    assert len(served) == 0
    before = dashboard_cache.generation()
    for callback in callbacks:  # ...then the commit replaces the generation once more.
        callback()
    assert dashboard_cache.generation() != before
    with CaptureQueriesContext(connection) as recomputed:
        dashboard_build(filters=YEAR)
    assert len(recomputed) > 0
