"""Planning benchmark on the national dataset (issue 15; docs/benchmarks.md § Planning).

A semester campaign (2027-01-04 → 2027-06-25) over every active point of raqib_bench
(5,000), with 150 observers (8 missions and 3 field days a week, remote work allowed), the
default targets (80 % overall, 80 % interior, 50 % per governorate, 60 % in person) and a
budget 10 % above the cheapest plan that reaches them. Measured: the greedy baseline, the
cheapest plan (its cost is the budget needed), then the plan after the time limit — R4 =
objective ÷ the solver's bound — and the greedy baseline's ratio to the same bound; peak memory
of the process. Everything runs inside a transaction that is rolled back.

    .venv/bin/python bench/planning.py [--database URL] [--time-limit 60] [--out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import platform
import resource
import sys
import time
from pathlib import Path

from _common import ROOT, bench_url, setup_django


class Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--observers", type=int, default=150)
    parser.add_argument(
        "--out",
        default=str(ROOT / "bench" / f"results-planning-{dt.datetime.now(dt.UTC).date()}.json"),
    )
    args = parser.parse_args(argv)
    setup_django(bench_url(args.database))

    from django.db import transaction

    from raqib.accounts.models import ObserverProfile, User
    from raqib.core.roles import Role
    from raqib.grids.models import GridVersion, VersionStatus
    from raqib.planning import services
    from raqib.planning.build import build_problem
    from raqib.planning.check import plan_violations, target_shortfalls
    from raqib.planning.greedy import greedy
    from raqib.planning.optimiser import Options, solve

    def grid(channel: str) -> GridVersion | None:
        return (
            GridVersion.objects.filter(status=VersionStatus.PUBLISHED, grid__channel=channel)
            .order_by("-pk")
            .first()
        )

    figures: dict[str, object] = {}
    try:
        with transaction.atomic():
            actor = (
                User.objects.filter(roles__role=Role.COORDINATOR).first()
                or User.objects.filter(is_superuser=True).first()
            )
            campaign = services.campaign_create(
                actor=actor,
                name="bench",
                starts_on=dt.date(2027, 1, 4),
                ends_on=dt.date(2027, 6, 25),
                budget=10**12,
                grid_in_person=grid("in_person"),
                grid_phone=grid("phone"),
                grid_web=grid("web"),
            )
            for profile in (
                ObserverProfile.objects.filter(is_active=True)
                .select_related("user")
                .order_by("pseudonym")[: args.observers]
            ):
                services.campaign_observer_set(
                    actor=actor, campaign=campaign, observer=profile.user
                )
            t = time.perf_counter()
            built = build_problem(campaign, today=dt.date(2026, 12, 31))
            figures["build_seconds"] = round(time.perf_counter() - t, 1)
            raise Rollback(built)
    except Rollback as done:
        built = done.args[0]
    problem = built.problem
    figures.update(points=len(problem.points), observers=len(problem.observers))
    t = time.perf_counter()
    cheapest = solve(problem, Options(objective="cost", time_limit=args.time_limit))
    figures["cheapest_seconds"] = round(time.perf_counter() - t, 1)
    needed = cheapest.plan.cost(problem.costs)
    problem = dataclasses.replace(problem, budget=round(needed * 1.1))
    figures.update(
        needed_budget_tnd=needed / 1000,
        budget_tnd=problem.budget / 1000,
        cheapest_status=cheapest.status,
    )
    t = time.perf_counter()
    base = greedy(problem)
    figures["greedy_seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    out = solve(problem, Options(time_limit=args.time_limit), start=base.pairs)
    figures.update(
        solve_seconds=round(time.perf_counter() - t, 1),
        status=out.status,
        objective=round(out.objective, 3),
        bound=round(out.bound or 0, 3),
        R4=round(out.ratio or 0, 5),
        gap=out.gap,
        variables=out.variables,
        greedy_priority=round(base.priority, 3),
        greedy_ratio=round(base.priority / out.bound, 5) if out.bound else None,
        plan_points=len(out.plan.chosen_points()),
        plan_cost_tnd=out.plan.cost(problem.costs) / 1000,
        violations=len(plan_violations(problem, out.plan)),
        greedy_violations_without_targets=len(plan_violations(problem, base.plan, targets=False)),
        greedy_missed_targets=target_shortfalls(problem, base.plan.chosen_points()),
        greedy_points=len(base.plan.chosen_points()),
        peak_memory_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        python=platform.python_version(),
        time_limit=args.time_limit,
    )
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
