"""Rollups written at validation, and their rebuild."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raqib.missions import services as mission_services
from raqib.missions.models import Report
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory
from raqib.reports.models import CriterionFact, ReportFact, ScoreCube
from raqib.reports.models.facts import (
    MissionDayCube,
    ReportDayCube,
    ScoreBodyCube,
    ScoreDayCube,
)
from raqib.reports.rollups import on_report_validated, reference_day, rollups_rebuild
from raqib.reports.tests.factories import (
    make_point,
    planned_mission,
    report_answers,
    validated_report,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 4)


def _criteria(fact: ReportFact) -> dict[tuple[str, str], tuple[str, float, bool]]:
    return {
        (c.kind, c.code): (c.section, c.score, c.critical_failure)
        for c in CriterionFact.objects.filter(fact=fact)
    }


def test_validation_writes_the_fact_its_criteria_and_the_cube():
    point = make_point(governorate="TN-11")
    # Q01 "no" (0), Q02 5 min (1), Q03 good (1) → reception 2/3 = 66.7;
    # Q04 "yes" to a negative critical criterion (0), Q05 4 on 1–5 (3/4) → integrity 3/8 = 37.5;
    # overall (2·2/3 + 1·3/8) / 3 = 41/72 = 56.9.
    report = validated_report(
        point=point, day=DAY, answers=report_answers(q01="no", q04="yes"), channel="phone"
    )
    fact = ReportFact.objects.get()
    assert fact.report_id == report.pk
    assert fact.mission_id == report.mission_id
    assert fact.day == DAY
    assert fact.month == dt.date(2026, 3, 1)
    assert (fact.service_point_id, fact.governorate_id) == (point.pk, point.governorate_id)
    assert (fact.body_id, fact.category_id) == (point.body_id, point.category_id)
    assert fact.channel == "phone"
    assert fact.grid_version_id == report.mission.grid_version_id
    assert fact.score == 56.9
    assert fact.critical is True
    assert fact.critical_codes == ["Q04"]
    assert fact.validated_at == report.validated_at
    assert _criteria(fact) == {
        ("section", "reception"): ("reception", 66.7, False),
        ("section", "integrity"): ("integrity", 37.5, True),
        ("criterion", "Q01"): ("reception", 0.0, False),
        ("criterion", "Q02"): ("reception", 100.0, False),
        ("criterion", "Q03"): ("reception", 100.0, False),
        ("criterion", "Q04"): ("integrity", 0.0, True),
        ("criterion", "Q05"): ("integrity", 75.0, False),
    }
    criterion = CriterionFact.objects.first()
    assert criterion is not None
    assert (criterion.day, criterion.channel, criterion.body_id) == (DAY, "phone", point.body_id)
    cube = {
        (c.kind, c.code): (c.month, c.governorate_id, c.channel, c.n, c.total, c.critical_failures)
        for c in ScoreCube.objects.all()
    }
    march, gov = dt.date(2026, 3, 1), point.governorate_id
    assert cube[("criterion", "Q04")] == (march, gov, "phone", 1, 0.0, 1)
    assert cube[("section", "reception")] == (march, gov, "phone", 1, 66.7, 0)
    assert len(cube) == 7
    daily = {(c.kind, c.code): (c.day, c.channel, c.n, c.total) for c in ScoreDayCube.objects.all()}
    assert daily[("criterion", "Q05")] == (DAY, "phone", 1, 75.0)
    assert len(daily) == 7


def test_the_cube_adds_up_reports_of_the_same_cell_and_a_second_signal_is_a_no_op():
    point = make_point(governorate="TN-11")
    validated_report(point=point, day=DAY, answers=report_answers(q05=5))  # Q05 = 100
    report = validated_report(point=point, day=DAY + dt.timedelta(days=3))  # Q05 4 = 75
    cell = ScoreCube.objects.get(kind="criterion", code="Q05")
    assert (cell.n, cell.total, cell.critical_failures) == (2, 175.0, 0)
    before = (ReportFact.objects.count(), CriterionFact.objects.count())
    on_report_validated(Report, report=report)
    assert (ReportFact.objects.count(), CriterionFact.objects.count()) == before
    cell.refresh_from_db()
    assert cell.n == 2


def test_a_rolled_back_validation_leaves_no_facts(coordinator):
    point = make_point()
    mission = planned_mission(point=point, day=DAY, status="submitted")
    report = Report.objects.get(mission=mission)
    seen = []

    def validate_then_fail():
        with transaction.atomic():
            mission_services.report_validate(actor=coordinator, report=report)
            seen.append(ReportFact.objects.count())  # written inside the transaction…
            raise RuntimeError

    with pytest.raises(RuntimeError):
        validate_then_fail()
    assert seen == [1]
    # … and gone with it.
    assert (ReportFact.objects.count(), CriterionFact.objects.count()) == (0, 0)
    assert ScoreCube.objects.count() == 0


def test_the_reference_day_is_the_local_date_of_the_window_start():
    # 23:30 UTC on 31 March is 00:30 on 1 April in Tunis (UTC+1).
    late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
    assert reference_day(late) == dt.date(2026, 4, 1)


def _snapshot() -> dict[str, Any]:
    facts = {
        f.report_id: (
            f.mission_id,
            f.day,
            f.month,
            f.service_point_id,
            f.governorate_id,
            f.body_id,
            f.category_id,
            f.channel,
            f.grid_version_id,
            f.score,
            f.critical,
            f.critical_codes,
            f.validated_at,
        )
        for f in ReportFact.objects.all()
    }
    criteria = sorted(
        CriterionFact.objects.values_list(
            "fact__report_id",
            "day",
            "governorate_id",
            "body_id",
            "category_id",
            "channel",
            "kind",
            "code",
            "section",
            "score",
            "critical_failure",
        )
    )
    cube = {
        (c.month, c.governorate_id, c.category_id, c.channel, c.kind, c.code): (
            c.section,
            c.n,
            round(c.total, 6),
            c.critical_failures,
        )
        for c in ScoreCube.objects.all()
    }
    day_cube = {
        (c.day, c.channel, c.kind, c.code): (c.n, round(c.total, 6), c.critical_failures)
        for c in ScoreDayCube.objects.all()
    }
    body_cube = {
        (c.month, c.body_id, c.governorate_id, c.category_id, c.channel, c.kind, c.code): (
            c.section,
            c.n,
            round(c.total, 6),
            c.critical_failures,
        )
        for c in ScoreBodyCube.objects.all()
    }
    report_days = {
        (c.day, c.channel, c.grid_version_id): (c.reports, c.scored, c.tenths, c.critical)
        for c in ReportDayCube.objects.all()
    }
    # Cells a mission left stay at 0 in the trigger-kept table; a rebuild writes none.
    mission_days = {
        (c.day, c.channel, c.status): c.missions
        for c in MissionDayCube.objects.filter(missions__gt=0)
    }
    return {
        "facts": facts,
        "criteria": criteria,
        "cube": cube,
        "day_cube": day_cube,
        "body_cube": body_cube,
        "report_days": report_days,
        "mission_days": mission_days,
    }


def test_incremental_rollups_equal_a_rebuild():
    body, category = PublicBodyFactory(), ServiceCategoryFactory()
    points = [
        make_point(governorate="TN-11", body=body, category=category),
        make_point(governorate="TN-11", body=body, category=category),
        make_point(governorate="TN-42"),
        make_point(governorate="TN-81", category=category),
    ]
    plan = [
        (0, dt.date(2026, 1, 10), "in_person", report_answers()),
        (1, dt.date(2026, 1, 20), "in_person", report_answers(q02=15, q03="fair")),
        (0, dt.date(2026, 2, 3), "phone", report_answers(q04="yes")),
        (2, dt.date(2026, 2, 28), "phone", report_answers(q01="no", q05=1)),
        (3, dt.date(2026, 2, 28), "in_person", report_answers(q02=40, q05=2)),
        (1, dt.date(2026, 3, 1), "phone", report_answers(q03="poor")),
    ]
    for index, day, channel, answers in plan:
        validated_report(point=points[index], day=day, channel=channel, answers=answers)
    planned_mission(point=points[2], day=dt.date(2026, 1, 5), status="submitted")  # no fact
    incremental = _snapshot()
    assert len(incremental["facts"]) == 6
    out = StringIO()
    call_command("rebuild_rollups", "--batch-size", "4", stdout=out)
    assert "Rebuilt: 6 reports, 42 criterion scores" in out.getvalue()
    assert _snapshot() == incremental
    # 6 reports × 7 items; the first two share month, governorate, category and channel.
    # Daily national cells: no two reports share day and channel (28 Feb: phone and in
    # person) → 6 × 7 = 42.
    # The body cube: the same 35 cells (the two reports sharing a cube cell share a body).
    # Report days: six distinct (day, channel, grid version). Mission days (PostgreSQL): the
    # six validated missions and the submitted one, seven (day, channel, status) cells.
    assert rollups_rebuild(batch_size=1000) == {
        "reports": 6,
        "criteria": 42,
        "cube": 35,
        "day_cube": 42,
        "body_cube": 35,
        "report_days": 6,
        "mission_days": 7 if connection.vendor == "postgresql" else 0,
    }
    assert _snapshot() == incremental
    if connection.vendor == "postgresql":
        assert len(incremental["mission_days"]) == 7


answers_strategy = st.fixed_dictionaries(
    {
        "Q01": st.sampled_from(["yes", "no"]),
        "Q02": st.integers(min_value=0, max_value=40),
        "Q03": st.sampled_from(["good", "fair", "poor"]),
        "Q04": st.sampled_from(["yes", "no"]),
        "Q05": st.integers(min_value=1, max_value=5),
    }
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(reports=st.lists(st.tuples(answers_strategy, st.booleans()), min_size=1, max_size=4))
def test_cube_totals_equal_the_sums_of_the_fact_scores(db, reports):
    with transaction.atomic():
        points = [make_point(governorate="TN-11"), make_point(governorate="TN-12")]
        for index, (answers, second) in enumerate(reports):
            day = dt.date(2026, 4, 1) + dt.timedelta(days=index)
            validated_report(point=points[int(second)], day=day, answers=answers)
        expected: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0, 0.0, 0])
        for c in CriterionFact.objects.select_related("fact"):
            key = (c.fact.month, c.governorate_id, c.category_id, c.channel, c.kind, c.code)
            expected[key][0] += 1
            expected[key][1] += c.score
            expected[key][2] += int(c.critical_failure)
        cube = {
            (c.month, c.governorate_id, c.category_id, c.channel, c.kind, c.code): [
                c.n,
                c.total,
                c.critical_failures,
            ]
            for c in ScoreCube.objects.all()
        }
        assert cube.keys() == expected.keys()
        for key, (n, total, failures) in expected.items():
            assert cube[key][0] == n
            assert cube[key][1] == pytest.approx(total)
            assert cube[key][2] == failures
        daily: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0, 0.0, 0])
        for c in CriterionFact.objects.all():
            key = (c.day, c.channel, c.kind, c.code)
            daily[key][0] += 1
            daily[key][1] += c.score
            daily[key][2] += int(c.critical_failure)
        day_cube = {
            (c.day, c.channel, c.kind, c.code): [c.n, pytest.approx(c.total), c.critical_failures]
            for c in ScoreDayCube.objects.all()
        }
        assert day_cube == daily
        # Every report's criterion facts agree with its frozen score.
        for fact in ReportFact.objects.all():
            report = Report.objects.get(pk=fact.report_id)
            assert fact.score == float(report.score_out_of_100)
            assert fact.critical == bool(report.score["critical_failures"])
        # The daily report cube holds the same reports in exact tenths of a point.
        report_days: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for fact in ReportFact.objects.all():
            cell = report_days[(fact.day, fact.channel, fact.grid_version_id)]
            cell[0] += 1
            cell[1] += fact.score is not None
            cell[2] += round((fact.score or 0) * 10)
            cell[3] += int(fact.critical)
        assert report_days == {
            (c.day, c.channel, c.grid_version_id): [c.reports, c.scored, c.tenths, c.critical]
            for c in ReportDayCube.objects.all()
        }
        transaction.set_rollback(True)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL trigger")
def test_the_mission_day_cube_follows_every_mission_change(coordinator):
    """Creation, assignment, submission, validation, cancellation, a moved window, deletion."""
    from raqib.missions.models import Mission

    def direct() -> dict[tuple[Any, ...], int]:
        counts: dict[tuple[Any, ...], int] = defaultdict(int)
        for mission in Mission.objects.all():
            counts[(reference_day(mission.window_start), mission.channel, mission.status)] += 1
        return dict(counts)

    def cube() -> dict[tuple[Any, ...], int]:
        return {
            (c.day, c.channel, c.status): c.missions
            for c in MissionDayCube.objects.filter(missions__gt=0)
        }

    point = make_point(governorate="TN-11")
    planned_mission(point=point, day=dt.date(2026, 1, 31))
    planned_mission(point=point, day=dt.date(2026, 2, 1), status="submitted")
    cancelled = planned_mission(point=point, day=dt.date(2026, 2, 1), status="cancelled")
    validated_report(point=point, day=dt.date(2026, 3, 31), channel="phone")
    assert cube() == direct()
    Mission.objects.filter(pk=cancelled.pk).update(
        window_start=cancelled.window_start + dt.timedelta(days=40),
        window_end=cancelled.window_end + dt.timedelta(days=40),
    )
    assert cube() == direct()
    Mission.objects.filter(pk=cancelled.pk).delete()
    assert cube() == direct()
    rollups_rebuild()
    assert cube() == direct()
