"""The coverage optimiser: a mixed-integer model solved with HiGHS (docs/planning.md § Model).

Variables: y[p] (point p is visited in the campaign), xi[p,o] (observer o visits p in person),
xr[p,o] (o visits p remotely), t[o,d] (trips of o to delegation d, each carrying at most
`visits_per_trip` visits).

Maximise Σ priority[p]·y[p] − λ·cost − penalties on missing target points (interior first),
subject to: the visits each chosen point needs (distinct observers), trips carrying the in-person
visits, each observer's trip days and weekly missions, the budget, coverage overall / interior /
per governorate, the share of in-person visits. Conflicts of interest are excluded from the
candidate pairs; each point is offered to its `candidates` cheapest eligible observers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from .problem import IN_PERSON, Plan, PointIn, Problem, need
from .schedule import schedule

# Money enters the model in dinars (millimes ÷ 1,000) to keep it well scaled; the tie-break
# towards cheaper plans is worth at most a hundredth of a priority point per 1,000 dinars.
DINAR = 1e-3
TIE_BREAK = 1e-5


@dataclass(frozen=True)
class Options:
    time_limit: float = 60.0
    mip_gap: float = 1e-4
    # priority: maximise Σ priority (the plan); cost: minimise the cost of reaching the targets
    # (no budget); coverage: maximise the points covered, interior ones counting twice.
    objective: str = "priority"
    # None: the problem's budget; inf: no budget row at all.
    budget: float | None = None
    threads: int = 1


@dataclass
class Outcome:
    status: str  # optimal | time_limit (a plan, not proven optimal) | infeasible | failed
    objective: float = 0.0  # the full objective of the returned plan
    bound: float | None = None  # the solver's bound on that objective
    gap: float | None = None
    priority: float = 0.0
    plan: Plan = field(default_factory=Plan)
    seconds: float = 0.0
    variables: int = 0
    # The chosen (point index, observer index) pairs, in person and remote (a start for others).
    pairs: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])

    @property
    def ratio(self) -> float | None:
        """objective ÷ bound (R4): 1 is proven optimal."""
        if self.bound is None or self.bound <= 0 or self.objective <= 0:
            return None
        return min(1.0, self.objective / self.bound)


@dataclass
class _Model:
    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)

    def col(self, cost: float, lower: float, upper: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> int:
        index = len(self.row_lower)
        for col, value in terms:
            self.rows.append(index)
            self.cols.append(col)
            self.values.append(value)
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        return index

    def lp(self, maximise: bool) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        n, m = len(self.cost), len(self.row_lower)
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        cols = np.array(self.cols, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        counts = np.bincount(cols, minlength=n)
        start = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = start
        lp.a_matrix_.index_ = np.array(self.rows, dtype=np.int32)[order]
        lp.a_matrix_.value_ = np.array(self.values, dtype=np.float64)[order]
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in self.integer
        ]
        lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        return lp


def candidate_pairs(problem: Problem) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """(point index, observer index, trip cost) for in-person and (point, observer) for remote:
    each point's `candidates` cheapest eligible observers; remote pairs rotate through the
    remote-capable observers so that the load spreads."""
    by_delegation: dict[int, list[tuple[int, int]]] = {}
    in_person: list[tuple[int, int, int]] = []
    remote: list[tuple[int, int]] = []
    remote_observers = [j for j, o in enumerate(problem.observers) if o.remote]
    in_person_observers = [j for j, o in enumerate(problem.observers) if o.in_person]
    k = problem.candidates
    for i, point in enumerate(problem.points):
        if IN_PERSON in point.channels:
            ranked = by_delegation.get(point.delegation)
            if ranked is None:
                ranked = sorted(
                    (
                        (c, j)
                        for j in in_person_observers
                        if (c := problem.trip_cost(problem.observers[j], point.delegation))
                        is not None
                    ),
                )
                by_delegation[point.delegation] = ranked
            taken = 0
            for cost, j in ranked:
                if (problem.observers[j].id, point.id) in problem.conflicts:
                    continue
                in_person.append((i, j, cost))
                taken += 1
                if taken >= max(k, point.visits):
                    break
        channel = problem.remote_channel(point)
        if channel and remote_observers:
            n = len(remote_observers)
            taken = 0
            for step in range(n):
                j = remote_observers[(i + step) % n]
                observer = problem.observers[j]
                if (observer.id, point.id) in problem.conflicts or not observer.can_remote(channel):
                    continue
                remote.append((i, j))
                taken += 1
                if taken >= max(k, point.visits):
                    break
    return in_person, remote


def solve(  # noqa: C901 - the model is built row family by row family, in order
    problem: Problem,
    options: Options | None = None,
    progress: Callable[[str], None] | None = None,
    start: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None,
) -> Outcome:
    """Solve; `start` (in-person and remote (point, observer) index pairs, e.g. the greedy
    baseline's) is handed to HiGHS as a first incumbent, so the plan is never worse."""
    options = options or Options()
    started = time.monotonic()
    costs = problem.costs
    per_trip = max(1, costs.visits_per_trip)
    budget = problem.budget if options.budget is None else options.budget
    model = _Model()
    in_person, remote = candidate_pairs(problem)

    minimise = options.objective == "cost"
    if minimise:
        budget = float("inf")

    def worth(p: PointIn) -> float:
        if options.objective == "priority":
            return p.priority
        if options.objective == "coverage":
            # Ties between equal counts are broken by priority (the count stays dominant):
            # without it the model is highly symmetric and slow to prove.
            return (2.0 if p.interior else 1.0) + p.priority * 1e-4
        return 0.0

    y = [
        model.col(
            worth(p),
            1.0 if p.mandatory else 0.0,
            1.0,
            True,
        )
        for p in problem.points
    ]
    fee_in = float(costs.fees.get(IN_PERSON, 0))

    def money(amount: float) -> float:
        return amount * DINAR if minimise else -amount * DINAR * TIE_BREAK

    xi = [model.col(money(fee_in), 0.0, 1.0, True) for _ in in_person]
    xr = [
        model.col(
            money(float(costs.fees.get(problem.remote_channel(problem.points[i]) or "", 0))),
            0.0,
            1.0,
            True,
        )
        for i, _j in remote
    ]
    trips: dict[tuple[int, int], int] = {}
    trip_cost: dict[tuple[int, int], int] = {}
    for (i, j, cost), _col in zip(in_person, xi, strict=True):
        key = (j, problem.points[i].delegation)
        if key not in trips:
            trips[key] = model.col(money(float(cost)), 0.0, float(10**6), True)
            trip_cost[key] = cost

    # Each chosen point gets its visits, from distinct observers.
    per_point: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, _j, _c), col in zip(in_person, xi, strict=True):
        per_point[i].append((col, 1.0))
    for (i, _j), col in zip(remote, xr, strict=True):
        per_point[i].append((col, 1.0))
    for i, point in enumerate(problem.points):
        terms = per_point.get(i, [])
        model.row([*terms, (y[i], -float(point.visits))], 0.0, 0.0)
    if any(p.visits > 1 for p in problem.points):
        pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
        for (i, j, _c), col in zip(in_person, xi, strict=True):
            pairs[(i, j)].append(col)
        for (i, j), col in zip(remote, xr, strict=True):
            pairs[(i, j)].append(col)
        for cols in pairs.values():
            if len(cols) > 1:
                model.row([(c, 1.0) for c in cols], 0.0, 1.0)

    # Trips carry the in-person visits.
    carried: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for (i, j, _c), col in zip(in_person, xi, strict=True):
        carried[(j, problem.points[i].delegation)].append((col, -1.0))
    for key, col in trips.items():
        model.row([(col, float(per_trip)), *carried[key]], 0.0, highspy.kHighsInf)

    # Observers: trip days, weekly missions.
    observer_trips: dict[int, list[int]] = defaultdict(list)
    for (j, _d), col in trips.items():
        observer_trips[j].append(col)
    observer_remote: dict[int, list[int]] = defaultdict(list)
    for (_i, j), col in zip(remote, xr, strict=True):
        observer_remote[j].append(col)
    for j, observer in enumerate(problem.observers):
        t_cols = observer_trips.get(j, [])
        r_cols = observer_remote.get(j, [])
        if not t_cols and not r_cols:
            continue
        if t_cols:
            model.row([(c, 1.0) for c in t_cols], 0.0, float(sum(observer.trip_slots(per_trip))))
        model.row(
            [(c, float(per_trip)) for c in t_cols] + [(c, 1.0) for c in r_cols],
            0.0,
            float(observer.mission_capacity()),
        )

    # Budget.
    if not minimise and budget != float("inf"):
        terms = [(col, fee_in * DINAR) for col in xi]
        terms += [
            (col, costs.fees.get(problem.remote_channel(problem.points[i]) or "", 0) * DINAR)
            for (i, _j), col in zip(remote, xr, strict=True)
        ]
        terms += [(col, trip_cost[key] * DINAR) for key, col in trips.items()]
        # A hair over the budget so that float rounding never cuts off a plan that fits exactly;
        # the checker then holds the plan to the exact budget in millimes.
        model.row(terms, 0.0, float(budget) * DINAR + 1e-6)

    # Coverage targets.
    targets = problem.targets

    def target(members: list[int], required: int) -> None:
        if required > 0:
            model.row([(y[i], 1.0) for i in members], float(required), highspy.kHighsInf)

    everyone = [i for i, p in enumerate(problem.points) if p.counts]
    target(everyone, need(targets.coverage, problem.active_total()) - problem.covered_total())
    interior = [i for i, p in enumerate(problem.points) if p.interior and p.counts]
    target(
        interior, need(targets.interior, problem.active_total(True)) - problem.covered_total(True)
    )
    if targets.governorate_floor > 0:
        members: dict[int, list[int]] = defaultdict(list)
        for i, p in enumerate(problem.points):
            if p.counts:
                members[p.governorate].append(i)
        for g, total in sorted(problem.active.items()):
            target(
                members.get(g, []),
                need(targets.governorate_floor, total) - problem.covered.get(g, 0),
            )
    if targets.min_in_person > 0 and xr:
        share = targets.min_in_person
        model.row(
            [(c, 1.0 - share) for c in xi] + [(c, -share) for c in xr], 0.0, highspy.kHighsInf
        )

    if progress:
        progress("model")
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(options.time_limit))
    highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    highs.setOptionValue("threads", int(options.threads))
    highs.setOptionValue("random_seed", 2026)
    highs.passModel(model.lp(maximise=not minimise))
    if start is not None:
        _warm_start(
            highs,
            problem=problem,
            model=model,
            y=y,
            start=start,
            columns=(in_person, xi, remote, xr, trips),
        )
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    outcome = Outcome(status="failed", variables=len(model.cost))
    outcome.seconds = time.monotonic() - started
    if status == highspy.HighsModelStatus.kInfeasible:
        outcome.status = "infeasible"
        return outcome
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if not has_solution:
        # No plan found (e.g. the time limit came first): nothing to offer from this solve.
        outcome.status = "failed"
        return outcome
    values = highs.getSolution().col_value
    outcome.status = "optimal" if status == highspy.HighsModelStatus.kOptimal else "time_limit"
    outcome.objective = float(info.objective_function_value)
    outcome.bound = float(info.mip_dual_bound)
    outcome.gap = float(info.mip_gap)
    chosen_in = [(i, j) for (i, j, _c), col in zip(in_person, xi, strict=True) if values[col] > 0.5]
    chosen_remote = [(i, j) for (i, j), col in zip(remote, xr, strict=True) if values[col] > 0.5]
    outcome.plan = schedule(problem, chosen_in, chosen_remote)
    outcome.pairs = (chosen_in, chosen_remote)
    outcome.priority = sum(problem.points[i].priority for i, _y in enumerate(y) if values[_y] > 0.5)
    outcome.seconds = time.monotonic() - started
    return outcome


def _warm_start(
    highs: highspy.Highs,
    *,
    problem: Problem,
    model: _Model,
    y: list[int],
    start: tuple[list[tuple[int, int]], list[tuple[int, int]]],
    columns: tuple[Any, ...],
) -> None:
    in_person, xi, remote, xr, trips = columns
    values = [0.0] * len(model.cost)
    col_in = {(i, j): col for (i, j, _c), col in zip(in_person, xi, strict=True)}
    col_remote = {(i, j): col for (i, j), col in zip(remote, xr, strict=True)}
    per_trip = max(1, problem.costs.visits_per_trip)
    carried: dict[tuple[int, int], int] = defaultdict(int)
    chosen: set[int] = set()
    for i, j in start[0]:
        values[col_in[(i, j)]] = 1.0
        carried[(j, problem.points[i].delegation)] += 1
        chosen.add(i)
    for i, j in start[1]:
        values[col_remote[(i, j)]] = 1.0
        chosen.add(i)
    for i in chosen:
        values[y[i]] = 1.0
    for key, count in carried.items():
        values[trips[key]] = float(-(-count // per_trip))
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    highs.setSolution(solution)
