# ruff: noqa: PLR0917, C901 - small fixture builders and a brute force read best flat
"""The optimiser on problems small enough to solve by brute force, and its plans checked by
the independent checker (no database: the planning core is plain data)."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raqib.planning.check import plan_violations, target_shortfalls
from raqib.planning.greedy import greedy
from raqib.planning.optimiser import Options, solve
from raqib.planning.problem import (
    CostModel,
    ObserverIn,
    PointIn,
    Problem,
    Targets,
    Week,
    great_circle_km,
)

MONDAY = dt.date(2027, 1, 4)
COSTS = CostModel(
    fees={"in_person": 30000, "phone": 10000, "email": 8000, "web": 8000},
    km_rate=300,
    detour=1.3,
    per_diem_km=60,
    per_diem=20000,
    night_km=200,
    night=60000,
    visits_per_trip=2,
)
# Delegation sites (lat, lon): 1 and 2 near Tunis, 3 in Kasserine (interior).
SITES = {1: (36.80, 10.18), 2: (36.86, 10.19), 3: (35.17, 8.83)}


def week(start: dt.date, days: int = 5) -> Week:
    return Week(days=tuple(start + dt.timedelta(days=k) for k in range(days)))


def observer(oid, home, per_week=4, days=5, weeks=1, remote=True):
    return ObserverIn(
        id=oid,
        label=f"OBS-{oid}",
        home=home,
        per_week=per_week,
        days_per_week=days,
        weeks=tuple(week(MONDAY + dt.timedelta(weeks=w)) for w in range(weeks)),
        remote=remote,
    )


def point(pid, delegation, priority, channels=("in_person", "phone"), **kw):
    return PointIn(
        id=pid,
        code=f"P{pid:02d}",
        governorate=30 if delegation == 3 else 10,
        interior=delegation == 3,
        delegation=delegation,
        priority=priority,
        channels=channels,
        **kw,
    )


def problem(points, observers, budget, targets=None, conflicts=(), covered=None):
    active: dict[int, int] = {}
    for p in points:
        active[p.governorate] = active.get(p.governorate, 0) + 1
    return Problem(
        points=tuple(points),
        observers=tuple(observers),
        budget=budget,
        targets=targets or Targets(0, 0, 0, 0),
        costs=COSTS,
        sites=SITES,
        conflicts=frozenset(conflicts),
        active=active,
        covered=covered or {},
        interior_governorates=frozenset({30}),
    )


def brute_force(pb: Problem) -> float:
    """The best priority over every assignment (none, or one observer × channel per point)."""
    options = []
    for p in pb.points:
        mine = [None]
        for o in pb.observers:
            if (o.id, p.id) in pb.conflicts:
                continue
            if "in_person" in p.channels and pb.trip_cost(o, p.delegation) is not None:
                mine.append((o, "in_person"))
            if o.remote and pb.remote_channel(p):
                mine.append((o, pb.remote_channel(p)))
        options.append(mine)
    best = 0.0
    v = pb.costs.visits_per_trip
    for combo in itertools.product(*options):
        cost = 0
        per_obs_dele: dict = {}
        remote: dict = {}
        n_in = n_all = 0
        chosen = set()
        for p, pick in zip(pb.points, combo, strict=True):
            if pick is None:
                continue
            o, channel = pick
            chosen.add(p.id)
            n_all += 1
            cost += pb.costs.fees[channel]
            if channel == "in_person":
                n_in += 1
                per_obs_dele[(o.id, p.delegation)] = per_obs_dele.get((o.id, p.delegation), 0) + 1
            else:
                remote[o.id] = remote.get(o.id, 0) + 1
        if any(p.mandatory and p.id not in chosen for p in pb.points):
            continue
        trips: dict = {}
        for (oid, d), n in per_obs_dele.items():
            o = next(x for x in pb.observers if x.id == oid)
            k = math.ceil(n / v)
            trips[oid] = trips.get(oid, 0) + k
            cost += k * pb.trip_cost(o, d)
        if cost > pb.budget:
            continue
        if any(
            trips.get(o.id, 0) > sum(o.trip_slots(v))
            or v * trips.get(o.id, 0) + remote.get(o.id, 0) > o.mission_capacity()
            for o in pb.observers
        ):
            continue
        if n_all and n_in < pb.targets.min_in_person * n_all - 1e-9:
            continue
        if target_shortfalls(pb, chosen):
            continue
        best = max(best, sum(p.priority for p in pb.points if p.id in chosen))
    return best


def test_great_circle_tunis_to_kasserine():
    # Tunis (36.80, 10.18) to Kasserine (35.17, 8.83): ≈ 219 km as the crow flies.
    assert great_circle_km(SITES[1], SITES[3]) == pytest.approx(219, abs=3)


def test_trip_cost_adds_per_diem_and_night_beyond_their_distances():
    home = SITES[1]
    near = COSTS.trip_cost(home, SITES[2])
    far = COSTS.trip_cost(home, SITES[3])
    km_near = great_circle_km(home, SITES[2]) * 1.3
    km_far = great_circle_km(home, SITES[3]) * 1.3
    assert near == round(2 * km_near * 300)
    assert far == round(2 * km_far * 300) + 20000 + 60000


def test_hand_computed_optimum():
    """Two observers in Tunis, budget 100 TND. Points: A, B in delegation 1 (priority 30, 20),
    C in delegation 2 (priority 25), D in Kasserine (priority 60, in person only).
    D alone costs 30 + trip ≈ 30 + 171 + 20 + 60 TND > 100: out of reach. A trip to delegation 1
    carrying A and B costs 60 TND + the trip; C by phone 10 TND. The optimum takes A, B and C
    (75) — B cannot be taken by phone because the in-person share must stay ≥ 50 %."""
    home = SITES[1]
    pts = [
        point(1, 1, 30),
        point(2, 1, 20),
        point(3, 2, 25),
        point(4, 3, 60, channels=("in_person",)),
    ]
    obs = [observer(1, home), observer(2, home)]
    pb = problem(pts, obs, 100_000, Targets(0, 0, 0, 0.5))
    out = solve(pb, Options(time_limit=10))
    assert out.status == "optimal"
    assert out.priority == 75
    assert out.plan.chosen_points() == {1, 2, 3}
    assert plan_violations(pb, out.plan) == []
    assert brute_force(pb) == 75


def test_conflict_pushes_the_visit_to_the_other_observer():
    pts = [point(1, 1, 50, channels=("in_person",))]
    obs = [observer(1, SITES[1]), observer(2, SITES[3])]
    pb = problem(pts, obs, 10**9, conflicts={(1, 1)})
    out = solve(pb, Options(time_limit=10))
    assert [v.observer for v in out.plan.visits] == [2]
    assert plan_violations(pb, out.plan) == []


def test_repeat_visits_use_distinct_observers_and_mandatory_points_come_first():
    pts = [
        point(1, 1, 1, visits=3, mandatory=True, channels=("in_person",)),
        point(2, 1, 90, channels=("in_person",)),
    ]
    obs = [observer(k, SITES[2]) for k in (1, 2, 3)]
    # Budget for exactly three visits with their trips: the mandatory point takes it all.
    one = 30000 + COSTS.trip_cost(SITES[2], SITES[1])
    pb = problem(pts, obs, 3 * one)
    out = solve(pb, Options(time_limit=10))
    assert out.plan.chosen_points() == {1}
    assert sorted(v.observer for v in out.plan.visits) == [1, 2, 3]
    assert plan_violations(pb, out.plan) == []


def test_unreachable_interior_target_the_cheapest_plan_and_the_curve():
    """One interior point (Kasserine) and one near Tunis, an observer in Tunis, 60 TND.
    Reaching the interior target needs 30 TND + the trip to Kasserine: the budget falls short,
    the cheapest plan says by how much, the coverage plan takes what the budget buys."""
    from raqib.planning.results import plan_campaign

    pts = [point(1, 3, 10, channels=("in_person",)), point(2, 1, 10, channels=("in_person",))]
    obs = [observer(1, SITES[1])]
    pb = problem(pts, obs, 60_000, Targets(0, 1.0, 0, 0))
    hard = solve(pb, Options(time_limit=10))
    assert hard.status == "infeasible"
    cheapest = solve(pb, Options(time_limit=10, objective="cost"))
    assert cheapest.status == "optimal"
    needed = 30000 + COSTS.trip_cost(SITES[1], SITES[3])
    assert cheapest.plan.cost(COSTS) == needed
    result, plan = plan_campaign(pb, time_limit=10, curve_time_limit=5)
    assert not result.reachable
    assert result.needed_budget == needed
    assert result.interior == 0.0
    assert result.coverage == 0.5
    assert plan.chosen_points() == {2}
    at_needed = [c for c in result.curve if c.budget == needed]
    assert at_needed
    assert at_needed[0].interior == 1.0
    assert [c.budget for c in result.curve] == sorted(c.budget for c in result.curve)


@st.composite
def small_problems(draw):
    n = draw(st.integers(2, 5))
    pts = []
    for pid in range(1, n + 1):
        channels = draw(
            st.sampled_from(
                [("in_person",), ("in_person", "phone"), ("phone",), ("in_person", "web")]
            )
        )
        pts.append(
            point(
                pid,
                draw(st.sampled_from([1, 2, 3])),
                draw(st.integers(1, 100)),
                channels=channels,
            )
        )
    homes = [SITES[1], SITES[2], SITES[3]]
    obs = [
        observer(
            k,
            draw(st.sampled_from(homes)),
            per_week=draw(st.integers(1, 5)),
            days=draw(st.integers(1, 3)),
            remote=draw(st.booleans()),
        )
        for k in (1, 2)
    ]
    conflicts = draw(st.sets(st.tuples(st.sampled_from([1, 2]), st.integers(1, n)), max_size=3))
    budget = draw(st.integers(0, 400_000))
    targets = Targets(0, 0, 0, draw(st.sampled_from([0, 0.5])))
    return problem(pts, obs, budget, targets, conflicts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_optimum_equals_brute_force_and_the_plan_keeps_every_rule(pb):
    out = solve(pb, Options(time_limit=10))
    assert out.status == "optimal"
    assert out.priority == pytest.approx(brute_force(pb))
    assert plan_violations(pb, out.plan) == []
    base = greedy(pb)
    assert plan_violations(pb, base.plan) == []
    assert base.priority <= out.priority + 1e-9
