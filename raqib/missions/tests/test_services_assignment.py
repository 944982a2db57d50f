"""Assignment at scale: the pure balancer (hand cases, properties) and the batch service."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raqib.audit.models import AuditEvent
from raqib.missions import services
from raqib.missions.models import Mission, MissionStatus
from raqib.missions.services import PlanObserver, PlanPoint, assignment_plan

from .factories import grid_version, make_mission, make_point, window


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


def _no_conflict(observer_id: int, point_id: int) -> list[str]:
    return []


# --- the pure balancer ----------------------------------------------------------------


def test_plan_hand_computed_lowest_load_then_governorate_then_pseudonym():
    points = [PlanPoint(1, 10, "P1"), PlanPoint(2, 20, "P2"), PlanPoint(3, 20, "P3")]
    observers = [PlanObserver(100, 10, "B"), PlanObserver(200, 20, "A"), PlanObserver(300, 30, "C")]
    plan = assignment_plan(
        points=points, observers=observers, loads={100: 0, 200: 0, 300: 1}, conflicts=_no_conflict
    )
    # P1: 100 and 200 tie on load 0; 100 shares the governorate.
    # P2: 200 (load 0) is lowest. P3: all at 1; none shares gov 20 but 200 -> 200 wins.
    assert plan.assigned == {1: 100, 2: 200, 3: 200}
    assert plan.refused == {}


def test_plan_pseudonym_breaks_ties_when_no_governorate_matches():
    plan = assignment_plan(
        points=[PlanPoint(1, 99, "P1"), PlanPoint(2, 99, "P2")],
        observers=[PlanObserver(1, 1, "Zeta"), PlanObserver(2, 2, "Alpha")],
        loads={},
        conflicts=_no_conflict,
    )
    assert plan.assigned == {1: 2, 2: 1}


def test_plan_refuses_a_point_nobody_may_take_with_reasons():
    def conflicts(observer_id: int, point_id: int) -> list[str]:
        return ["conflict"] if point_id == 2 else []

    plan = assignment_plan(
        points=[PlanPoint(1, None, "P1"), PlanPoint(2, None, "P2")],
        observers=[PlanObserver(1, None, "A"), PlanObserver(2, None, "B")],
        loads={},
        conflicts=conflicts,
    )
    assert plan.assigned == {1: 1}
    assert plan.refused == {2: ["conflict"]}


@st.composite
def _cases(draw):
    n_obs = draw(st.integers(min_value=1, max_value=6))
    n_pts = draw(st.integers(min_value=0, max_value=25))
    observers = [
        PlanObserver(i, draw(st.integers(1, 3)), f"O{draw(st.integers(0, 9))}")
        for i in range(1, n_obs + 1)
    ]
    points = [PlanPoint(100 + j, draw(st.integers(1, 3)), f"P{j:03d}") for j in range(n_pts)]
    banned = draw(
        st.sets(st.tuples(st.integers(1, n_obs), st.integers(100, 100 + max(n_pts - 1, 0))))
    )
    return observers, points, banned


@settings(max_examples=200, deadline=None)
@given(_cases())
def test_plan_properties(case):
    observers, points, banned = case

    def conflicts(observer_id: int, point_id: int) -> list[str]:
        return ["banned"] if (observer_id, point_id) in banned else []

    plan = assignment_plan(points=points, observers=observers, loads={}, conflicts=conflicts)
    # Every point is either assigned or refused with a reason, never both.
    for point in points:
        assert (point.point_id in plan.assigned) != (point.point_id in plan.refused)
        if point.point_id in plan.refused:
            assert plan.refused[point.point_id]
            assert all((o.observer_id, point.point_id) in banned for o in observers)
    # No observer gets a conflicted point.
    assert not any((o, p) in banned for p, o in plan.assigned.items())
    # Unconstrained, loads differ by at most one.
    if not banned:
        counts = [list(plan.assigned.values()).count(o.observer_id) for o in observers]
        assert max(counts) - min(counts) <= 1
    # Deterministic.
    again = assignment_plan(points=points, observers=observers, loads={}, conflicts=conflicts)
    assert again.assigned == plan.assigned


# --- the batch service ----------------------------------------------------------------


def _period():
    start, end = window()
    return start, end, start - dt.timedelta(days=15), start + dt.timedelta(days=15)


@pytest.mark.django_db
def test_batch_balances_refuses_conflict_and_is_idempotent(coordinator, make_observer):
    observers = [make_observer(f"bal-{i}") for i in range(3)]
    points = [make_point() for _ in range(7)]
    conflicted = make_point()
    observers[0].observer_profile.conflict_service_points.add(conflicted)
    only_0 = [observers[0]]
    start, end, p_start, p_end = _period()
    # Observer 2 already has one mission this period.
    make_mission(actor=coordinator, observer=observers[2], service_point=make_point())
    result = services.mission_batch_assign(
        actor=coordinator,
        service_points=points,
        observers=observers,
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        period_start=p_start,
        period_end=p_end,
    )
    assert len(result.created) == 7
    assert not result.refused
    loads = services.observer_workloads(
        observer_ids=[o.pk for o in observers], period_start=p_start, period_end=p_end
    )
    assert sorted(loads.values()) == [2, 3, 3]
    assert all(m.status == MissionStatus.ASSIGNED for m in result.created)
    # Each went through mission_assign: one assign audit event per mission.
    codes = [m.code for m in result.created]
    assert AuditEvent.objects.filter(action="mission.assign").count() >= 7
    assert Mission.objects.filter(code__in=codes).count() == 7
    # Manual: one observer, one conflicted point refused with its reason.
    manual = services.mission_batch_assign(
        actor=coordinator,
        service_points=[conflicted],
        observers=only_0,
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        period_start=p_start,
        period_end=p_end,
    )
    assert not manual.created
    assert manual.refused[0][0] == conflicted
    assert "conflict of interest" in manual.refused[0][1][0]
    # Re-submitting the same selection creates nothing twice.
    again = services.mission_batch_assign(
        actor=coordinator,
        service_points=points,
        observers=observers,
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        period_start=p_start,
        period_end=p_end,
    )
    assert not again.created
    assert len(again.skipped) == 7
    assert Mission.objects.filter(service_point__in=points).count() == 7


@pytest.mark.django_db
def test_batch_empty_selection_is_a_validation_error(coordinator, make_observer):
    from django.core.exceptions import ValidationError

    start, end, p_start, p_end = _period()
    with pytest.raises(ValidationError):
        services.mission_batch_assign(
            actor=coordinator,
            service_points=[],
            observers=[make_observer("x")],
            grid_version=grid_version(),
            window_start=start,
            window_end=end,
            period_start=p_start,
            period_end=p_end,
        )
    assert not Mission.objects.exists()
