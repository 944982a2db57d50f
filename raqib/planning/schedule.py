"""From chosen (point, observer) pairs to dated visits and trips (docs/planning.md § Days).

For each observer: in-person visits are grouped by delegation (points in code order) into trips
of at most `visits_per_trip`; trips go to the observer's weeks in order, at most the week's trip
slots, one working day each (the delegation with the most visits first). Remote visits fill what
each week has left of its missions (a trip counts as `visits_per_trip` missions), planned for the
week. The optimiser's rows guarantee that everything fits; the greedy baseline fits by
construction (it checks the same rows as it goes).
"""

from __future__ import annotations

from collections import defaultdict

from .problem import IN_PERSON, Plan, Problem, Trip, Visit


def schedule(  # noqa: C901 - trips, then remote visits, per observer
    problem: Problem, in_person: list[tuple[int, int]], remote: list[tuple[int, int]]
) -> Plan:
    per_trip = max(1, problem.costs.visits_per_trip)
    plan = Plan()
    by_observer_in: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, j in in_person:
        by_observer_in[j][problem.points[i].delegation].append(i)
    by_observer_remote: dict[int, list[int]] = defaultdict(list)
    for i, j in remote:
        by_observer_remote[j].append(i)
    for j in sorted(set(by_observer_in) | set(by_observer_remote)):
        observer = problem.observers[j]
        slots = observer.trip_slots(per_trip)
        chunks: list[tuple[int, list[int]]] = []
        groups = by_observer_in.get(j, {})
        for delegation in sorted(groups, key=lambda d: (-len(groups[d]), d)):
            points = sorted(groups[delegation], key=lambda i: problem.points[i].code)
            for start in range(0, len(points), per_trip):
                chunks.append((delegation, points[start : start + per_trip]))
        used = [0] * len(observer.weeks)
        week_index = 0
        for delegation, points in chunks:
            while week_index < len(observer.weeks) and used[week_index] >= slots[week_index]:
                week_index += 1
            if week_index >= len(observer.weeks):
                raise ValueError(f"observer {observer.id}: more trips than trip days")
            week = observer.weeks[week_index]
            day = week.days[used[week_index]]
            used[week_index] += 1
            site_cost = problem.trip_cost(observer, delegation)
            assert site_cost is not None
            trip_id = len(plan.trips)
            plan.trips.append(
                Trip(
                    observer=observer.id,
                    delegation=delegation,
                    day=day,
                    visits=len(points),
                    cost=site_cost,
                )
            )
            for i in points:
                plan.visits.append(
                    Visit(
                        point=problem.points[i].id,
                        observer=observer.id,
                        channel=IN_PERSON,
                        day=day,
                        week_start=week.days[0],
                        week_end=week.days[-1],
                        trip=trip_id,
                    )
                )
        room = [observer.per_week - per_trip * used[w] for w in range(len(observer.weeks))]
        week_index = 0
        for i in sorted(by_observer_remote.get(j, []), key=lambda i: problem.points[i].code):
            while week_index < len(observer.weeks) and room[week_index] <= 0:
                week_index += 1
            if week_index >= len(observer.weeks):
                raise ValueError(f"observer {observer.id}: more remote visits than capacity")
            room[week_index] -= 1
            week = observer.weeks[week_index]
            point = problem.points[i]
            plan.visits.append(
                Visit(
                    point=point.id,
                    observer=observer.id,
                    channel=problem.remote_channel(point) or "",
                    day=week.days[0],
                    week_start=week.days[0],
                    week_end=week.days[-1],
                )
            )
    return plan
