"""Dashboard figures on a hand-computed fixture.

Grid MISSIONTEST: reception (weight 2) = mean(Q01 yes/no, Q02 ≤10 min 1 · ≤20 ½ · more 0,
Q03 good 1 · fair ½ · poor 0); integrity (weight 1) = mean(Q04 "no" 1 · "yes" 0 and critical,
Q05 (v−1)/4); overall = (2·reception + integrity) / 3, rounded to one decimal.

Period: January–February 2026. Bodies: B1 (the focal point's body) with its sub-body B2; B3.

    point  governorate        body  cat  activity
    P1     TN-11 Tunis        B1    C1   always
    P2     TN-11              B2    C1   always
    P3     TN-12 Ariana       B3    C2   always
    P4     TN-42 Kasserine*   B2    C1   always                    (* interior)
    P5     TN-42*             B3    C2   closed on 2026-01-20 (still counts)
    P6     TN-12              B3    C1   opened 2026-03-15 (not counted)
    P7     TN-11              B1    C2   always, never visited

Validated reports (reception, integrity → overall):

    A  P1 2026-01-05 in_person yes 5 good  no 4   100.0, 87.5 → (2+.875)/3   = 95.8
    B  P2 2026-01-12 phone     no 15 fair  no 3    33.3, 75.0 → (2/3+.75)/3  = 47.2
    C  P3 2026-02-03 in_person yes 25 poor yes 1   33.3,  0.0 → (2/3)/3      = 22.2  critical
    D  P4 2026-02-14 in_person yes 5 good  no 5   100.0,100.0 →                100.0
    E  P5 2026-01-10 phone     yes 12 good no 4    83.3, 87.5 → (5/3+.875)/3 = 84.7
    F  P1 2026-02-20 phone     no 5 good  yes 2    66.7, 12.5 → (4/3+.125)/3 = 48.6  critical
    G  P6 2026-03-20 (after the period)

Other missions: P7 planned 2026-01-25; P3 submitted 2026-02-10; P4 cancelled 2026-01-15;
P2 assigned 2026-02-27.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from raqib.registry.models import Governorate, PublicBody
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory
from raqib.reports import labels
from raqib.reports.figures import Filters, Rate
from raqib.reports.selectors import (
    body_scorecard_get_for_user,
    dashboard_build,
    dashboard_for_user,
)
from raqib.reports.tests.factories import (
    make_point,
    planned_mission,
    report_answers,
    validated_report,
)

pytestmark = pytest.mark.django_db

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
PERIOD = Filters(start=JAN, end=dt.date(2026, 2, 28))


@pytest.fixture
def world(focal_body):
    labels.clear_cache()
    b1 = focal_body
    b2 = PublicBodyFactory(code="b2", name_ar="ب2", name_fr="B2", parent=b1)
    b3 = PublicBodyFactory(code="b3", name_ar="ب3", name_fr="B3")
    c1, c2 = ServiceCategoryFactory(code="c1"), ServiceCategoryFactory(code="c2")
    p = {
        "P1": make_point(code="P1", governorate="TN-11", body=b1, category=c1),
        "P2": make_point(code="P2", governorate="TN-11", body=b2, category=c1),
        "P3": make_point(code="P3", governorate="TN-12", body=b3, category=c2),
        "P4": make_point(code="P4", governorate="TN-42", body=b2, category=c1),
        "P5": make_point(
            code="P5",
            governorate="TN-42",
            body=b3,
            category=c2,
            deactivated_on=dt.date(2026, 1, 20),
        ),
        "P6": make_point(
            code="P6", governorate="TN-12", body=b3, category=c1, started_on=dt.date(2026, 3, 15)
        ),
        "P7": make_point(code="P7", governorate="TN-11", body=b1, category=c2),
    }
    a = report_answers
    reports = {
        "A": ("P1", dt.date(2026, 1, 5), "in_person", a()),
        "B": ("P2", dt.date(2026, 1, 12), "phone", a(q01="no", q02=15, q03="fair", q05=3)),
        "C": ("P3", dt.date(2026, 2, 3), "in_person", a(q02=25, q03="poor", q04="yes", q05=1)),
        "D": ("P4", dt.date(2026, 2, 14), "in_person", a(q05=5)),
        "E": ("P5", dt.date(2026, 1, 10), "phone", a(q02=12)),
        "F": ("P1", dt.date(2026, 2, 20), "phone", a(q01="no", q04="yes", q05=2)),
        "G": ("P6", dt.date(2026, 3, 20), "in_person", a()),
    }
    made = {
        key: validated_report(point=p[point], day=day, channel=channel, answers=answers)
        for key, (point, day, channel, answers) in reports.items()
    }
    planned_mission(point=p["P7"], day=dt.date(2026, 1, 25))
    planned_mission(point=p["P3"], day=dt.date(2026, 2, 10), status="submitted")
    planned_mission(point=p["P4"], day=dt.date(2026, 1, 15), status="cancelled")
    planned_mission(point=p["P2"], day=dt.date(2026, 2, 27), status="assigned")
    gov = {g.iso_code: g for g in Governorate.objects.all()}
    return {"points": p, "reports": made, "b1": b1, "b2": b2, "b3": b3, "c1": c1, "gov": gov}


def _body(world, key):
    return dataclasses.replace(PERIOD, body_id=world[key].pk)


def _scores(rows):
    return [(row.code, row.mean, row.n, row.critical) for row in rows]


def test_national_figures(world):
    d = dashboard_build(filters=PERIOD)
    # A–F: 6 validated; + P7 planned, P3 submitted, P2 assigned (P4 cancelled, G after).
    assert (d.planned, d.done, d.validated) == (9, 7, 6)
    # Active: P1 P2 P3 P4 P5 P7 (P6 opened after); covered: P1–P5.
    assert d.coverage == Rate(covered=5, active=6)
    assert d.coverage_interior == Rate(covered=2, active=2)  # P4, P5
    assert d.coverage_rest == Rate(covered=3, active=4)  # P1 P2 P3 / + P7
    assert d.target == 80.0
    rows = {row.iso_code: row for row in d.governorates}
    assert len(d.governorates) == 24
    assert [row.iso_code for row in d.governorates] == sorted(rows)
    assert rows["TN-11"].coverage == Rate(2, 3)
    assert rows["TN-11"].score == pytest.approx((95.8 + 47.2 + 48.6) / 3)  # 63.8667
    assert rows["TN-11"].reports == 3
    assert rows["TN-12"].coverage == Rate(1, 1)
    assert (rows["TN-12"].score, rows["TN-12"].reports) == (pytest.approx(22.2), 1)
    assert rows["TN-42"].coverage == Rate(2, 2)
    assert rows["TN-42"].interior
    assert not rows["TN-11"].interior
    assert rows["TN-42"].score == pytest.approx((100 + 84.7) / 2)  # 92.35
    assert rows["TN-61"].coverage == Rate(0, 0)
    assert rows["TN-61"].score is None
    # (95.8 + 47.2 + 22.2 + 100 + 84.7 + 48.6) / 6 = 398.5 / 6
    assert d.mean_score == pytest.approx(66.416667)
    assert d.critical_reports == 2


def test_sections_criteria_strengths_and_weaknesses(world):
    d = dashboard_build(filters=PERIOD)
    sections = {s.code: (s.mean, s.n, s.critical_failures, s.label_fr) for s in d.sections}
    assert sections == {
        # (100 + 33.3 + 33.3 + 100 + 83.3 + 66.7) / 6 = 416.6 / 6
        "reception": (pytest.approx(69.433333), 6, 0, "Accueil"),
        # (87.5 + 75 + 0 + 100 + 87.5 + 12.5) / 6 = 362.5 / 6
        "integrity": (pytest.approx(60.416667), 6, 2, "Intégrité"),
    }
    assert [s.code for s in d.sections] == ["reception", "integrity"]  # grid order
    criteria = {c.code: (c.mean, c.n, c.critical_failures) for c in d.criteria}
    assert criteria == {
        "Q01": (pytest.approx(400 / 6), 6, 0),  # 100 0 100 100 100 0
        "Q02": (pytest.approx(400 / 6), 6, 0),  # 100 50 0 100 50 100
        "Q03": (pytest.approx(75.0), 6, 0),  # 100 50 0 100 100 100
        "Q04": (pytest.approx(400 / 6), 6, 2),  # 100 100 0 100 100 0
        "Q05": (pytest.approx(325 / 6), 6, 0),  # 75 50 0 100 75 25
    }
    assert d.criteria[0].label_fr == "Y a-t-il une signalétique ?"
    assert d.criteria[0].section == "reception"
    # Ties (Q01, Q02, Q04 at 66.67 with n = 6) are broken by code.
    assert [c.code for c in d.strengths] == ["Q03", "Q01", "Q02", "Q04", "Q05"]
    assert [c.code for c in d.weaknesses] == ["Q05", "Q01", "Q02", "Q04", "Q03"]


def test_criteria_need_enough_reports_to_rank(world, settings):
    settings.RAQIB_DASHBOARD_MIN_REPORTS = 7
    d = dashboard_build(filters=PERIOD)
    assert (d.strengths, d.weaknesses) == ([], [])
    assert len(d.criteria) == 5


def test_rankings_critical_list_and_trend(world):
    d = dashboard_build(filters=PERIOD)
    assert _scores(d.bodies) == [
        ("b2", pytest.approx(73.6), 2, 0),  # B, D: (47.2 + 100) / 2
        ("focal-body", pytest.approx(72.2), 2, 1),  # A, F: (95.8 + 48.6) / 2
        ("b3", pytest.approx(53.45), 2, 1),  # C, E: (22.2 + 84.7) / 2
    ]
    assert _scores(d.points) == [
        ("P4", pytest.approx(100.0), 1, 0),
        ("P5", pytest.approx(84.7), 1, 0),
        ("P1", pytest.approx(72.2), 2, 1),
        ("P2", pytest.approx(47.2), 1, 0),
        ("P3", pytest.approx(22.2), 1, 1),
    ]
    assert d.points[0].governorate_iso == "TN-42"
    reports = world["reports"]
    assert [(c.mission_code, c.day, c.point_code, c.body_name_fr) for c in d.critical] == [
        (reports["F"].mission.code, dt.date(2026, 2, 20), "P1", "Organisme focal"),
        (reports["C"].mission.code, dt.date(2026, 2, 3), "P3", "B3"),
    ]
    assert d.critical[0].criteria == (("Q04", "طلب مقابل غير مستحق", "Paiement indu demandé"),)
    # January: A B E + P7 planned = 4 planned, 3 validated, (95.8 + 47.2 + 84.7) / 3 = 75.9;
    # February: C D F + P3 submitted + P2 assigned = 5, 3, (22.2 + 100 + 48.6) / 3 = 56.9333.
    assert [(m.month, m.planned, m.validated) for m in d.trend] == [(JAN, 4, 3), (FEB, 5, 3)]
    assert d.trend[0].mean == pytest.approx(75.9)
    assert d.trend[1].mean == pytest.approx(170.8 / 3)
    assert [(v.code, v.version, v.reports) for v in d.grid_versions] == [("MISSIONTEST", 1, 6)]
    data = d.as_dict()
    assert data["coverage"]["rate"] == pytest.approx(500 / 6)
    assert "observer" not in str(data)


def test_the_cube_and_the_fine_grain_give_the_same_means(world):
    cube = dashboard_build(filters=PERIOD)  # national: the daily cube
    every_body = PublicBody.objects.values_list("pk", flat=True)
    fine = dashboard_build(filters=PERIOD, body_scope=every_body)  # CriterionFact
    assert fine.sections == cube.sections
    assert fine.criteria == cube.criteria
    assert fine.mean_score == cube.mean_score
    # A governorate reads the monthly cube (ScoreDayCube is national only).
    tunis = dataclasses.replace(PERIOD, governorate_id=world["gov"]["TN-11"].pk)
    monthly = dashboard_build(filters=tunis)
    assert monthly.criteria == dashboard_build(filters=tunis, body_scope=every_body).criteria
    assert monthly.sections[0].n == 3  # A, B, F
    # Mixed (category C1: P1 P2 P4): the monthly cube for February (D, F), the fine grain
    # for 8–31 January (B; A is on the 5th).
    mixed = dataclasses.replace(PERIOD, start=dt.date(2026, 1, 8), category_id=world["c1"].pk)
    cube = dashboard_build(filters=mixed)
    fine = dashboard_build(filters=mixed, body_scope=every_body)
    assert cube.criteria == fine.criteria
    assert cube.sections == fine.sections
    assert cube.sections[0].n == 3
    # National, mixed dates: the daily cube (B E in January, C D F in February).
    assert dashboard_build(filters=dataclasses.replace(mixed, category_id=None)).sections == (
        dashboard_build(
            filters=dataclasses.replace(mixed, category_id=None), body_scope=every_body
        ).sections
    )
    # A period cut mid-month reads the fine grain: 1 Jan – 15 Feb holds A B C D E.
    d = dashboard_build(filters=dataclasses.replace(PERIOD, end=dt.date(2026, 2, 15)))
    assert d.validated == 5
    reception = next(s for s in d.sections if s.code == "reception")
    assert (reception.mean, reception.n) == (pytest.approx((100 + 33.3 + 33.3 + 100 + 83.3) / 5), 5)


def test_filters(world):
    gov, c1 = world["gov"], world["c1"]
    # Phone: B E F; a point is covered only by a phone report (P2 P5 P1).
    d = dashboard_build(filters=dataclasses.replace(PERIOD, channel="phone"))
    assert (d.planned, d.done, d.validated) == (3, 3, 3)
    assert d.coverage == Rate(3, 6)
    assert d.mean_score == pytest.approx((47.2 + 84.7 + 48.6) / 3)
    # Interior: P4 P5 only; all 24 governorates still listed.
    d = dashboard_build(filters=dataclasses.replace(PERIOD, region_tag="interior"))
    assert d.coverage == d.coverage_interior == Rate(2, 2)
    assert d.coverage_rest == Rate(0, 0)
    assert len(d.governorates) == 24
    assert d.mean_score == pytest.approx(92.35)
    assert (d.planned, d.validated) == (2, 2)  # D, E (the cancelled P4 mission is not planned)
    # Tunis × C1: P1 P2 (P7 is C2): A B F.
    d = dashboard_build(
        filters=dataclasses.replace(PERIOD, governorate_id=gov["TN-11"].pk, category_id=c1.pk)
    )
    assert d.coverage == Rate(2, 2)
    assert d.mean_score == pytest.approx((95.8 + 47.2 + 48.6) / 3)
    assert [p.code for p in d.points] == ["P1", "P2"]
    assert d.sections[0].n == 3  # cube, restricted to the cells of Tunis × C1
    # A region tag and a governorate outside it: nothing.
    d = dashboard_build(
        filters=dataclasses.replace(PERIOD, governorate_id=gov["TN-11"].pk, region_tag="interior")
    )
    assert (d.planned, d.validated, d.coverage, d.mean_score) == (0, 0, Rate(0, 0), None)


def test_body_filter_includes_sub_bodies(world, director):
    # B1 and its sub-body B2: P1 P2 P4 P7 — reports A B D F.
    d = dashboard_for_user(user=director, filters=_body(world, "b1"))
    assert (d.planned, d.done, d.validated) == (6, 4, 4)  # + P7 planned, P2 assigned
    assert d.coverage == Rate(3, 4)
    assert d.mean_score == pytest.approx((95.8 + 47.2 + 100 + 48.6) / 4)  # 72.9
    reception = next(s for s in d.sections if s.code == "reception")
    assert reception.mean == pytest.approx((100 + 33.3 + 100 + 66.7) / 4)  # fine grain: 75
    assert [b.code for b in d.bodies] == ["b2", "focal-body"]


def test_focal_point_sees_only_their_bodies(world, focal_point, director):
    d = dashboard_for_user(user=focal_point, filters=PERIOD)
    staff = dashboard_for_user(user=director, filters=_body(world, "b1"))
    assert d.mean_score == staff.mean_score == pytest.approx(72.9)
    assert d.coverage == Rate(3, 4)
    assert {p.code for p in d.points} == {"P1", "P2", "P4"}
    assert [c.point_code for c in d.critical] == ["P1"]
    # Their sub-body is fine, another body is not found.
    sub = dashboard_for_user(user=focal_point, filters=_body(world, "b2"))
    assert sub.validated == 2  # B, D
    with pytest.raises(Http404):
        dashboard_for_user(user=focal_point, filters=_body(world, "b3"))
    with pytest.raises(Http404):
        body_scorecard_get_for_user(user=focal_point, body_id=world["b3"].pk, filters=PERIOD)
    card = body_scorecard_get_for_user(user=focal_point, body_id=world["b2"].pk, filters=PERIOD)
    assert card.validated == 2
    assert card.filters.body_id == world["b2"].pk


def test_other_roles_are_refused(world, observer, integrity_officer, no_role_user, director):
    # The integrity officer reads the national figures (their critical findings).
    assert dashboard_for_user(user=integrity_officer, filters=PERIOD).validated >= 0
    for user in (observer, no_role_user):
        with pytest.raises(PermissionDenied):
            dashboard_for_user(user=user, filters=PERIOD)
        with pytest.raises(PermissionDenied):
            body_scorecard_get_for_user(user=user, body_id=world["b1"].pk, filters=PERIOD)
    with pytest.raises(Http404):
        body_scorecard_get_for_user(user=director, body_id=10**9, filters=PERIOD)
    card = body_scorecard_get_for_user(user=director, body_id=world["b3"].pk, filters=PERIOD)
    assert card.validated == 2  # C, E


def test_surveys_of_the_period_with_the_mystery_mean(world):
    from raqib.surveys.tests.factories import make_wave, submit

    p = world["points"]
    # 1 Jan → 2 Mar 2026, at P1 and P3.
    wave = make_wave(points=[p["P1"], p["P3"]], starts_on=JAN, min_sample=2, code="w1")
    wp1 = wave.points.get(service_point=p["P1"])
    for value in (5, 4, 3):  # 100, 75, 50 once rescaled to 0–100
        submit(wp1, {"SAT_OVERALL": value})
    d = dashboard_build(filters=PERIOD)
    (row,) = d.surveys
    assert (row.code, row.responses, row.starts_on) == ("w1", 3, JAN)
    assert (row.index.n, row.index.value) == (3, pytest.approx(75.0))
    assert row.index.low < 75.0 < row.index.high
    assert (row.satisfied.n, row.satisfied.value) == (3, pytest.approx(200 / 3))  # 4 and 5
    # Reports at P1 and P3 within the wave and the period: A 95.8, C 22.2, F 48.6.
    assert row.mystery_mean == pytest.approx((95.8 + 22.2 + 48.6) / 3)
    # The wave's dates ∩ the period: 1–15 January holds only A.
    d = dashboard_build(filters=dataclasses.replace(PERIOD, end=dt.date(2026, 1, 15)))
    assert d.surveys[0].mystery_mean == pytest.approx(95.8)
    # A focal point of B3 would see P3 only; here: B1's tree holds P1 (A, F).
    d = dashboard_build(filters=PERIOD, body_scope=[world["b1"].pk, world["b2"].pk])
    assert d.surveys[0].mystery_mean == pytest.approx((95.8 + 48.6) / 2)
    # Outside the scope, a wave reaching none of the points is left out.
    d = dashboard_build(filters=dataclasses.replace(PERIOD, region_tag="interior"))
    assert d.surveys == []


def _count_queries(**kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    labels.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        dashboard_build(**kwargs)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(django_assert_max_num_queries):
    from raqib.surveys.tests.factories import make_wave

    body = PublicBodyFactory(code="solo")
    child = PublicBodyFactory(code="solo-child", parent=body)
    first = make_point(governorate="TN-11", body=body)
    validated_report(point=first, day=dt.date(2026, 1, 3), answers=report_answers(q04="yes"))
    make_wave(points=[first], starts_on=JAN, code="wq")
    by_body = dataclasses.replace(PERIOD, body_id=body.pk)
    few = (_count_queries(filters=PERIOD), _count_queries(filters=by_body))

    governorates = ["TN-12", "TN-42", "TN-61", "TN-83"]
    for i in range(12):
        point = make_point(governorate=governorates[i % 4], body=child if i % 2 else body)
        validated_report(point=point, day=dt.date(2026, 1 + i % 2, 2 + i), channel="phone")
        if i % 3 == 0:
            critical = report_answers(q04="yes")
            validated_report(point=point, day=dt.date(2026, 2, 20), answers=critical)
        planned_mission(point=point, day=dt.date(2026, 2, 25))
    make_wave(points=[first, point], starts_on=FEB, code="wq2")
    many = (_count_queries(filters=PERIOD), _count_queries(filters=by_body))
    assert many == few
    labels.clear_cache()
    with django_assert_max_num_queries(16):
        d = dashboard_build(filters=PERIOD)
    assert d.validated == 1 + 12 + 4
    with django_assert_max_num_queries(18):
        dashboard_build(filters=by_body)
    with django_assert_max_num_queries(16):  # labels cached: one query fewer
        dashboard_build(filters=by_body)


def test_whole_months_inside_a_period():
    from raqib.reports.selectors import whole_months

    d = dt.date
    assert whole_months(d(2026, 1, 1), d(2026, 2, 28)) == (d(2026, 1, 1), d(2026, 2, 28))
    assert whole_months(d(2026, 1, 8), d(2026, 3, 30)) == (d(2026, 2, 1), d(2026, 2, 28))
    assert whole_months(d(2026, 1, 8), d(2026, 2, 27)) is None
    assert whole_months(d(2026, 12, 1), d(2026, 12, 31)) == (d(2026, 12, 1), d(2026, 12, 31))
