"""The greedy baseline the optimiser is compared with (docs/planning.md § Greedy baseline).

Mandatory points first, then by priority (highest first, code breaks ties). Each visit of a
point takes, among the same candidate pairs the optimiser sees, the option with the lowest
marginal cost: a seat on an open trip of that observer to that delegation costs the fee, a new
trip costs the fee and the trip, a remote visit its fee (only while the in-person share stays at
the minimum). A point whose visits cannot all be placed within the budget and the capacities is
skipped. Targets are not aimed at: the comparison shows what the optimiser adds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .optimiser import candidate_pairs
from .problem import IN_PERSON, Plan, Problem
from .schedule import schedule


@dataclass
class Greedy:
    plan: Plan = field(default_factory=Plan)
    priority: float = 0.0
    # (point index, observer index) pairs, in person and remote: the optimiser's first incumbent.
    pairs: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])


def greedy(problem: Problem) -> Greedy:  # noqa: C901 - the rule reads as one loop
    costs = problem.costs
    per_trip = max(1, costs.visits_per_trip)
    in_person, remote = candidate_pairs(problem)
    options_in: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j, cost in in_person:
        options_in[i].append((j, cost))
    options_remote: dict[int, list[int]] = defaultdict(list)
    for i, j in remote:
        options_remote[i].append(j)
    slots = [sum(o.trip_slots(per_trip)) for o in problem.observers]
    capacity = [o.mission_capacity() for o in problem.observers]
    trips_used = [0] * len(problem.observers)
    remote_used = [0] * len(problem.observers)
    seats: dict[tuple[int, int], int] = defaultdict(int)  # free seats on the open trip
    spent = 0
    count_in = count_all = 0
    chosen_in: list[tuple[int, int]] = []
    chosen_remote: list[tuple[int, int]] = []
    priority = 0.0
    fee_in = costs.fees.get(IN_PERSON, 0)
    order = sorted(
        range(len(problem.points)),
        key=lambda i: (
            not problem.points[i].mandatory,
            -problem.points[i].priority,
            problem.points[i].code,
        ),
    )
    share = problem.targets.min_in_person
    for i in order:
        point = problem.points[i]
        picks: list[tuple[str, int, int]] = []  # (kind, observer, marginal cost)
        state = (spent, count_in, count_all, dict(seats), trips_used[:], remote_used[:])
        ok = True
        for _visit in range(point.visits):
            used = {j for _k, j, _c in picks}
            best: tuple[int, str, int] | None = None
            for j, trip_cost in options_in.get(i, []):
                if j in used:
                    continue
                key = (j, point.delegation)
                if seats[key] > 0:
                    option = (fee_in, IN_PERSON, j)
                elif (
                    trips_used[j] < slots[j]
                    and per_trip * (trips_used[j] + 1) + remote_used[j] <= capacity[j]
                ):
                    option = (fee_in + trip_cost, IN_PERSON, j)
                else:
                    continue
                if best is None or option < best:
                    best = option
            channel = problem.remote_channel(point)
            if channel and count_in >= share * (count_all + 1) - 1e-9:
                fee = costs.fees.get(channel, 0)
                for j in options_remote.get(i, []):
                    if j in used or per_trip * trips_used[j] + remote_used[j] + 1 > capacity[j]:
                        continue
                    option = (fee, "remote", j)
                    if best is None or option < best:
                        best = option
            if best is None or spent + best[0] > problem.budget:
                ok = False
                break
            cost, kind, j = best
            spent += cost
            count_all += 1
            if kind == IN_PERSON:
                count_in += 1
                key = (j, point.delegation)
                if seats[key] > 0:
                    seats[key] -= 1
                else:
                    trips_used[j] += 1
                    seats[key] = per_trip - 1
            else:
                remote_used[j] += 1
            picks.append((kind, j, cost))
        if not ok:
            spent, count_in, count_all, restored, trips_used, remote_used = state
            seats = defaultdict(int, restored)
            continue
        priority += point.priority
        for kind, j, _cost in picks:
            (chosen_in if kind == IN_PERSON else chosen_remote).append((i, j))
    return Greedy(
        plan=schedule(problem, chosen_in, chosen_remote),
        priority=priority,
        pairs=(chosen_in, chosen_remote),
    )
