"""One plan computation, end to end (docs/planning.md § Solving), and its figures.

1. the greedy baseline;
2. the cheapest plan that reaches every target, with no budget limit ("cost" objective): its cost
   is the budget the targets need; no such plan = the observers cannot reach the targets;
3. the plan: when the budget reaches the targets, the highest total priority that keeps them
   (the greedy baseline handed over as a first incumbent); otherwise the most coverage the budget
   buys, interior points counting double, priority breaking ties;
4. the budget curve: the most coverage at half, three quarters, one, one and a quarter and one
   and a half times the budget, and at the budget the targets need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .check import coverage_counts, target_shortfalls
from .greedy import greedy
from .optimiser import Options, Outcome, solve
from .problem import Plan, Problem, Targets

CURVE_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)


@dataclass(frozen=True)
class CurvePoint:
    budget: int
    coverage: float
    interior: float
    cost: int


@dataclass(frozen=True)
class RunResult:
    objective_kind: str  # priority | coverage
    status: str  # optimal | time_limit | failed
    reachable: bool
    capacity_short: bool
    needed_budget: int | None
    objective: float
    bound: float | None
    ratio: float | None
    gap: float | None
    seconds: float
    priority: float
    cost: int
    visits: int
    points: int
    coverage: float
    interior: float
    greedy_priority: float
    greedy_ratio: float | None
    greedy_cost: int
    greedy_coverage: float
    greedy_interior: float
    greedy_meets_targets: bool
    unlimited_coverage: float | None = None
    unlimited_interior: float | None = None
    shortfalls: list[str] = field(default_factory=list)
    curve: list[CurvePoint] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunResult:
        values = dict(data)
        values["curve"] = [CurvePoint(**c) for c in values.get("curve", [])]
        return cls(**values)


def rates(problem: Problem, plan: Plan) -> tuple[float, float]:
    """(coverage, interior coverage) with the plan, counting points already covered."""
    counts = coverage_counts(problem, plan.chosen_points())
    total = problem.active_total()
    interior_total = problem.active_total(True)
    covered = sum(counts.values())
    interior = sum(n for g, n in counts.items() if problem.is_interior(g))
    return (
        covered / total if total else 0.0,
        interior / interior_total if interior_total else 0.0,
    )


def _worth(problem: Problem, pairs: tuple[list[tuple[int, int]], list[tuple[int, int]]]) -> float:
    """The coverage objective of a set of pairs (interior points count double)."""
    chosen = {i for i, _j in pairs[0]} | {i for i, _j in pairs[1]}
    points = problem.points
    return sum((2 if points[i].interior else 1) for i in chosen if points[i].counts)


def _curve_point(problem: Problem, budget: int, plan: Plan) -> CurvePoint:
    coverage, interior = rates(problem, plan)
    return CurvePoint(
        budget=budget,
        coverage=round(coverage, 4),
        interior=round(interior, 4),
        cost=plan.cost(problem.costs),
    )


def _no_targets(problem: Problem) -> Problem:
    return dataclasses.replace(problem, targets=Targets(0, 0, 0, problem.targets.min_in_person))


def plan_campaign(
    problem: Problem,
    *,
    time_limit: float,
    curve_time_limit: float,
    progress: Callable[[int, str], None] = lambda _p, _s: None,
) -> tuple[RunResult, Plan]:
    progress(5, "greedy")
    base = greedy(problem)
    progress(15, "cost")
    cheapest = solve(problem, Options(objective="cost", time_limit=time_limit))
    has_cheapest = cheapest.status in ("optimal", "time_limit")
    needed = cheapest.plan.cost(problem.costs) if has_cheapest else None
    reachable = needed is not None and needed <= problem.budget
    progress(40, "plan")
    main: Outcome
    kind = "priority"
    if reachable:
        main = solve(problem, Options(time_limit=time_limit), start=base.pairs)
        if main.status not in ("optimal", "time_limit"):
            main = dataclasses.replace(cheapest, status="time_limit", bound=None, gap=None)
    else:
        kind = "coverage"
        main = solve(
            _no_targets(problem),
            Options(objective="coverage", time_limit=time_limit),
            start=greedy(_no_targets(problem)).pairs,
        )
    unlimited: tuple[float, float] | None = None
    if cheapest.status == "infeasible":
        progress(60, "capacity")
        free = solve(
            _no_targets(problem),
            Options(objective="coverage", time_limit=curve_time_limit, budget=float("inf")),
        )
        unlimited = rates(problem, free.plan)
    progress(70, "curve")
    budgets = sorted(
        {round(problem.budget * f) for f in CURVE_FACTORS} | ({needed} if needed else set())
    )
    curve: list[CurvePoint] = []
    for k, budget in enumerate(budgets):
        if budget == needed:
            # The cheapest plan that reaches every target is this point of the curve.
            curve.append(_curve_point(problem, budget, cheapest.plan))
            continue
        # The greedy baseline at that budget is the first incumbent: a short time limit still
        # gives a point at least as good as the baseline.
        at_budget = dataclasses.replace(_no_targets(problem), budget=budget)
        start = greedy(at_budget).pairs
        if (
            needed is not None
            and budget > needed
            and _worth(problem, cheapest.pairs) > _worth(problem, start)
        ):
            start = cheapest.pairs  # fits within this budget
        out = solve(
            at_budget, Options(objective="coverage", time_limit=curve_time_limit), start=start
        )
        curve.append(_curve_point(problem, budget, out.plan))
        progress(70 + round(25 * (k + 1) / len(budgets)), "curve")
    coverage, interior = rates(problem, main.plan)
    base_coverage, base_interior = rates(problem, base.plan)
    bound = main.bound
    result = RunResult(
        objective_kind=kind,
        status=main.status,
        reachable=reachable,
        capacity_short=cheapest.status == "infeasible",
        needed_budget=needed,
        objective=round(main.objective, 4),
        bound=None if bound is None else round(bound, 4),
        ratio=main.ratio,
        gap=main.gap,
        seconds=round(main.seconds, 2),
        priority=round(main.priority, 2),
        cost=main.plan.cost(problem.costs),
        visits=len(main.plan.visits),
        points=len(main.plan.chosen_points()),
        coverage=round(coverage, 4),
        interior=round(interior, 4),
        greedy_priority=round(base.priority, 2),
        greedy_ratio=(
            min(1.0, base.priority / bound) if kind == "priority" and bound and bound > 0 else None
        ),
        greedy_cost=base.plan.cost(problem.costs),
        greedy_coverage=round(base_coverage, 4),
        greedy_interior=round(base_interior, 4),
        greedy_meets_targets=not target_shortfalls(problem, base.plan.chosen_points()),
        unlimited_coverage=None if unlimited is None else round(unlimited[0], 4),
        unlimited_interior=None if unlimited is None else round(unlimited[1], 4),
        shortfalls=target_shortfalls(problem, main.plan.chosen_points()),
        curve=curve,
    )
    progress(100, "done")
    return result, main.plan
