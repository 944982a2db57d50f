"""An independent check of a plan against every rule of the campaign (docs/planning.md).

It reads the plan and the problem only — no solver value — and recomputes the cost of every
trip from the cost model. Tests run it on the optimiser's and the greedy baseline's plans; the
service runs it before a plan is saved, so a plan that breaks a rule is never offered.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .problem import IN_PERSON, Plan, Problem, need


def plan_violations(  # noqa: C901 - one flat list of the rules, read top to bottom
    problem: Problem, plan: Plan, *, targets: bool = True
) -> list[str]:
    problems: list[str] = []
    points = {p.id: p for p in problem.points}
    observers = {o.id: o for o in problem.observers}
    per_trip = max(1, problem.costs.visits_per_trip)

    # Budget, from the cost model.
    cost = 0
    for trip in plan.trips:
        observer = observers[trip.observer]
        expected = problem.trip_cost(observer, trip.delegation)
        if expected is None or expected != trip.cost:
            problems.append(f"trip {trip}: cost {trip.cost} is not the cost model's {expected}")
        cost += trip.cost
        if trip.visits > per_trip:
            problems.append(f"trip {trip}: {trip.visits} visits > {per_trip}")
    cost += sum(problem.costs.fees.get(v.channel, 0) for v in plan.visits)
    if cost > problem.budget:
        problems.append(f"cost {cost} > budget {problem.budget}")

    trip_visits: Counter[int] = Counter()
    seen: dict[int, set[int]] = defaultdict(set)
    for visit in plan.visits:
        point = points.get(visit.point)
        who = observers.get(visit.observer)
        if point is None or who is None:
            problems.append(f"visit {visit}: unknown point or observer")
            continue
        observer = who
        if (observer.id, point.id) in problem.conflicts:
            problems.append(f"visit {visit}: conflict of interest")
        if visit.channel not in point.channels:
            problems.append(f"visit {visit}: channel not offered by the point")
        if visit.channel != IN_PERSON and not observer.can_remote(visit.channel):
            problems.append(f"visit {visit}: observer does not work remotely by this channel")
        if visit.channel == IN_PERSON and not observer.in_person:
            problems.append(f"visit {visit}: observer not certified in person")
        if observer.id in seen[point.id]:
            problems.append(f"visit {visit}: the same observer twice at one point")
        seen[point.id].add(observer.id)
        if not any(visit.day in week.days for week in observer.weeks):
            problems.append(f"visit {visit}: day outside the observer's availability")
        if visit.channel == IN_PERSON:
            if visit.trip is None or visit.trip >= len(plan.trips):
                problems.append(f"visit {visit}: in person without a trip")
                continue
            trip = plan.trips[visit.trip]
            if (trip.observer, trip.delegation, trip.day) != (
                observer.id,
                point.delegation,
                visit.day,
            ):
                problems.append(f"visit {visit}: not on its trip's observer, delegation and day")
            trip_visits[visit.trip] += 1
    for index, trip in enumerate(plan.trips):
        if trip_visits[index] != trip.visits:
            problems.append(f"trip {trip}: {trip_visits[index]} visits recorded")

    for point_id, visitors in seen.items():
        if len(visitors) != points[point_id].visits:
            problems.append(
                f"point {points[point_id].code}: {len(visitors)} visits, "
                f"not {points[point_id].visits}"
            )
    chosen = set(seen)
    for point in problem.points:
        if point.mandatory and point.id not in chosen:
            problems.append(f"point {point.code}: mandatory, not planned")

    # Capacity: weekly missions (a trip counts as a full day) and one trip a day.
    for observer in problem.observers:
        mine = [v for v in plan.visits if v.observer == observer.id]
        days = Counter(t.day for t in plan.trips if t.observer == observer.id)
        if any(n > 1 for n in days.values()):
            problems.append(f"observer {observer.label}: two trips on one day")
        slots = observer.trip_slots(per_trip)
        for w, week in enumerate(observer.weeks):
            trips_w = sum(n for d, n in days.items() if d in week.days)
            remote_w = sum(1 for v in mine if v.channel != IN_PERSON and v.day in week.days)
            if trips_w > slots[w]:
                problems.append(
                    f"observer {observer.label}: {trips_w} trips in week {week.days[0]}"
                )
            if trips_w * per_trip + remote_w > observer.per_week:
                problems.append(f"observer {observer.label}: over capacity in week {week.days[0]}")

    in_person = sum(1 for v in plan.visits if v.channel == IN_PERSON)
    if plan.visits and in_person < problem.targets.min_in_person * len(plan.visits) - 1e-9:
        problems.append("in-person share below the campaign's minimum")
    if targets:
        problems += target_shortfalls(problem, chosen)
    return problems


def coverage_counts(problem: Problem, chosen: set[int]) -> dict[int, int]:
    """Covered points per governorate: already covered + chosen."""
    counts = Counter(p.governorate for p in problem.points if p.id in chosen and p.counts)
    return {g: problem.covered.get(g, 0) + counts.get(g, 0) for g in problem.active}


def target_shortfalls(problem: Problem, chosen: set[int]) -> list[str]:
    counts = coverage_counts(problem, chosen)
    t = problem.targets
    out: list[str] = []
    total = sum(counts.values())
    if total < need(t.coverage, problem.active_total()):
        out.append("coverage target missed")
    interior = sum(n for g, n in counts.items() if problem.is_interior(g))
    if interior < need(t.interior, problem.active_total(True)):
        out.append("interior target missed")
    for g, active in problem.active.items():
        if counts.get(g, 0) < need(t.governorate_floor, active):
            out.append(f"governorate {g} below its floor")
    return out
