"""The wave list's figures, and the scope read of every wave page, without a join explosion.

Counting points and answers through two joins multiplied every point of a wave by every
answer (DISTINCT over 2,500 × 250,000 rows on the national dataset: tens of GB of temporary
files per request, the load test of issue 18). Each count is now its own subquery, and a
single wave's pages do not count at all.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from raqib.registry.tests.factories import ServicePointFactory
from raqib.surveys import selectors
from raqib.surveys.tests.factories import make_wave, submit


def test_counts_are_exact_per_wave(coordinator):
    busy = make_wave(actor=coordinator, n_points=3)
    quiet = make_wave(actor=coordinator, n_points=2)
    points = list(busy.points.all())
    for wave_point in (points[0], points[0], points[1], points[2]):
        submit(wave_point, {"SAT_OVERALL": 4})

    rows = {w.pk: w for w in selectors.wave_list_for_user(user=coordinator)}

    assert (rows[busy.pk].point_count, rows[busy.pk].response_count) == (3, 4)
    assert (rows[quiet.pk].point_count, rows[quiet.pk].response_count) == (2, 0)


def test_no_join_between_points_and_answers(coordinator, focal_point, focal_body):
    make_wave(actor=coordinator, n_points=2)
    for user in (coordinator, focal_point):
        sql = str(selectors.wave_list_for_user(user=user).query).upper()
        assert 'JOIN "SURVEYS_SURVEYRESPONSE"' not in sql
        assert "DISTINCT" not in sql


def test_focal_point_sees_each_reaching_wave_once_and_pages_skip_the_counts(
    coordinator, focal_point, focal_body
):
    own = [ServicePointFactory(body=focal_body) for _ in range(2)]
    reaching = make_wave(actor=coordinator, points=[*own, ServicePointFactory()])
    make_wave(actor=coordinator, n_points=2)  # none of the focal point's bodies

    listed = list(selectors.wave_list_for_user(user=focal_point))

    assert [w.pk for w in listed] == [reaching.pk]
    assert listed[0].point_count == 3  # every point of the wave, as for staff
    with CaptureQueriesContext(connection) as queries:
        wave = selectors.wave_get_for_user(user=focal_point, pk=reaching.pk)
    assert wave.pk == reaching.pk
    assert "surveys_surveyresponse" not in queries.captured_queries[0]["sql"]
