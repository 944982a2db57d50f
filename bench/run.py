#!/usr/bin/env python
"""Benchmark the dashboard and the periodic reports against the bench database.

    .venv/bin/python bench/run.py [--runs 30] [--only TEXT] [--skip-http] [--skip-reports]

For each filter combination: warm up, then time ``dashboard_build`` (the selector alone) and
the whole HTTP GET of the dashboard page through django.test.Client, signed in as a director
(or as the focal point for their scorecard), ``--runs`` times each: p50 / p95 / max and the
number of SQL queries. Then ``manage.py build_report`` for the 2026-S1 semester, Arabic PDF
and XLSX, in a subprocess: wall time and peak memory (``/usr/bin/time -v``). Prints a
Markdown table and writes bench/results-<date>.json and .md. Run bench/generate.py first.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, bench_url, setup_django

TARGET_P95_MS = 300.0
TARGET_PDF_S = 30.0
TARGET_MEMORY_MB = 1024.0
FOCAL_USERNAME = "bench-focal"
DIRECTOR_USERNAME = "bench-director"


@dataclasses.dataclass
class Case:
    name: str
    filters: Any  # figures.Filters
    query: dict[str, str]  # the dashboard page's GET parameters
    body_scope: frozenset[int] | None = None
    url: str = ""  # the page (dashboard unless a scorecard)
    as_focal: bool = False


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(times, 0.50) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def cases() -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from raqib.accounts.models import User
    from raqib.registry.models import Governorate, PublicBody, ServiceCategory
    from raqib.registry.selectors import public_body_descendant_ids
    from raqib.reports.figures import Filters
    from raqib.reports.periods import custom_period, parse_period

    s1, year = parse_period("2026-S1"), parse_period("2026")
    custom = custom_period(dt.date(2026, 2, 15), dt.date(2026, 5, 20))
    gov = {g.iso_code: g for g in Governorate.objects.all()}
    categories = {c.code: c for c in ServiceCategory.objects.all()}
    # The ministry with the most service points under it (the biggest body subtree).
    ministries = PublicBody.objects.filter(parent__isnull=True)
    points_under = {}
    for ministry in ministries:
        ids = public_body_descendant_ids(root_ids=[ministry.pk])
        points_under[ministry.pk] = PublicBody.objects.filter(pk__in=ids).aggregate(
            n=Count("service_points")
        )["n"]
    big_ministry = max(points_under, key=lambda pk: points_under[pk])
    focal = User.objects.get(username=FOCAL_USERNAME)
    focal_scope = frozenset(focal.focal_body_ids)
    focal_body = focal.focal_bodies.get()

    def semester(**extra: Any) -> Filters:
        return Filters(start=s1.start, end=s1.end, **extra)

    found = [
        Case("national, semester 2026-S1", semester(), {"period": "2026-S1"}),
        Case("national, year 2026", Filters(year.start, year.end), {"period": "2026"}),
    ]
    for iso in ("TN-11", "TN-61", "TN-51", "TN-42", "TN-72"):
        g = gov[iso]
        found.append(
            Case(
                f"governorate {iso} ({g.name_fr})",
                semester(governorate_id=g.pk),
                {"period": "2026-S1", "governorate": str(g.pk)},
            )
        )
    found.append(
        Case(
            "region tag: interior",
            semester(region_tag="interior"),
            {"period": "2026-S1", "region": "interior"},
        )
    )
    for channel in ("in_person", "phone", "web"):
        found.append(
            Case(
                f"channel {channel}",
                semester(channel=channel),
                {"period": "2026-S1", "channel": channel},
            )
        )
    health = categories["health"]
    found.append(
        Case(
            "category: health",
            semester(category_id=health.pk),
            {"period": "2026-S1", "category": str(health.pk)},
        )
    )
    found.append(
        Case(
            f"ministry subtree ({points_under[big_ministry]} points)",
            semester(body_id=big_ministry),
            {"period": "2026-S1", "body": str(big_ministry)},
        )
    )
    found.append(
        Case(
            "governorate TN-61 + channel phone",
            semester(governorate_id=gov["TN-61"].pk, channel="phone"),
            {"period": "2026-S1", "governorate": str(gov["TN-61"].pk), "channel": "phone"},
        )
    )
    found.append(
        Case(
            "interior + category social-security",
            semester(region_tag="interior", category_id=categories["social-security"].pk),
            {
                "period": "2026-S1",
                "region": "interior",
                "category": str(categories["social-security"].pk),
            },
        )
    )
    found.append(
        Case(
            "custom period 2026-02-15…05-20",
            Filters(custom.start, custom.end),
            {"period": "custom", "start": "2026-02-15", "end": "2026-05-20"},
        )
    )
    found.append(
        Case(
            "custom period + governorate TN-11",
            Filters(custom.start, custom.end, governorate_id=gov["TN-11"].pk),
            {
                "period": "custom",
                "start": "2026-02-15",
                "end": "2026-05-20",
                "governorate": str(gov["TN-11"].pk),
            },
        )
    )
    found.append(
        Case(
            "focal point: own dashboard",
            semester(),
            {"period": "2026-S1"},
            body_scope=focal_scope,
            as_focal=True,
        )
    )
    found.append(
        Case(
            "focal point: body scorecard",
            semester(body_id=focal_body.pk),
            {"period": "2026-S1"},
            body_scope=focal_scope,
            as_focal=True,
        )
    )
    with translation.override("ar"):
        dashboard = reverse("reports:dashboard")
        scorecard = reverse("reports:scorecard", args=[focal_body.pk])
    for case in found:
        case.url = scorecard if case.name.endswith("scorecard") else dashboard
    return found


class QueryLog:
    """Counts and times SQL statements (survives the reconnection of every request)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - began, sql))

    def slowest(self, count: int = 3) -> list[dict[str, Any]]:
        top = sorted(self.queries, key=lambda q: -q[0])[:count]
        return [{"ms": round(spent * 1000, 1), "sql": sql[:2000]} for spent, sql in top]


def measure_selector(case: Case, runs: int) -> dict[str, Any]:
    from django.db import connection

    from raqib.reports.selectors import dashboard_build

    dashboard_build(filters=case.filters, body_scope=case.body_scope)  # warm-up
    log = QueryLog()
    with connection.execute_wrapper(log):
        board = dashboard_build(filters=case.filters, body_scope=case.body_scope)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        dashboard_build(filters=case.filters, body_scope=case.body_scope)
        times.append(time.perf_counter() - began)
    return {
        **summary(times),
        "queries": len(log.queries),
        "validated": board.validated,
        "coverage": board.coverage.rate,
        "points_ranked": len(board.points),
        "slowest_queries": log.slowest(),
    }


def measure_http(case: Case, runs: int, clients: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    client = clients["focal" if case.as_focal else "director"]
    response = client.get(case.url, case.query)  # warm-up
    if response.status_code != 200:
        raise RuntimeError(f"{case.name}: GET {case.url} {case.query} → {response.status_code}")
    log = QueryLog()
    with connection.execute_wrapper(log):
        response = client.get(case.url, case.query)
    size = len(response.content)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(case.url, case.query)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200
    return {**summary(times), "queries": len(log.queries), "bytes": size}


def logged_in_clients() -> dict[str, Any]:
    from django.test import Client

    from raqib.accounts.models import User

    clients = {}
    for key, username in (("director", DIRECTOR_USERNAME), ("focal", FOCAL_USERNAME)):
        client = Client()
        # The director has a TOTP device (generate.py), which is all RequireMfaMiddleware asks.
        client.force_login(User.objects.get(username=username))
        clients[key] = client
    return clients


def build_report(fmt: str, url: str) -> dict[str, Any]:
    """``manage.py build_report`` in a child process: wall time and peak RSS."""
    from django.core.management import get_commands

    if "build_report" not in get_commands():
        return {"status": "missing: manage.py build_report does not exist yet"}
    out = Path(tempfile.mkdtemp(prefix="raqib-bench-")) / f"2026-S1-ar.{fmt}"
    command = [
        sys.executable,
        "manage.py",
        "build_report",
        "--period",
        "2026-S1",
        "--lang",
        "ar",
        "--format",
        fmt,
        "--output",
        str(out),
    ]
    env = {**os.environ, "DATABASE_URL": url}
    timer = Path("/usr/bin/time").exists()
    if timer:
        command = ["/usr/bin/time", "-v", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    peak_kb = None
    if timer:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        peak_kb = int(match.group(1)) if match else None
    if peak_kb is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak_kb = after if after > before else None  # the largest child so far
    result: dict[str, Any] = {
        "status": "ok" if done.returncode == 0 else f"failed ({done.returncode})",
        "seconds": round(wall, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1) if peak_kb else None,
        "bytes": out.stat().st_size if out.exists() else None,
        "output": str(out),
    }
    if done.returncode != 0:
        result["stderr"] = done.stderr[-3000:]
    return result


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    memory = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = round(int(match.group(1)) / 1024 / 1024, 1) if match else None
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "postgresql": server,
        "postgresql_settings": settings,
        "platform": platform.platform(),
    }


def dataset() -> dict[str, int]:
    from django.db import connection

    tables = {
        "service points": "registry_servicepoint",
        "missions": "missions_mission",
        "validated reports": "missions_report",
        "survey responses": "surveys_surveyresponse",
        "report facts": "reports_reportfact",
        "criterion facts": "reports_criterionfact",
        "cube cells": "reports_scorecube",
        "day cube cells": "reports_scoredaycube",
    }
    found = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
                found[label] = cursor.fetchone()[0]
    return found


def markdown(results: dict[str, Any]) -> str:
    title = (
        f"Benchmark of {results['started_at']} — {results['runs']} runs per case, "
        f"target p95 ≤ {TARGET_P95_MS:.0f} ms"
    )
    lines = [
        title,
        "",
        "| case | selector p50 | p95 | max | queries | page p50 | p95 | max | queries | ok |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for row in results["dashboard"]:
        sel, page = row["selector"], row.get("http") or {}
        worst = max(sel["p95_ms"], page.get("p95_ms", 0.0))
        cells = [f"{page[k]:.0f}" if k in page else "–" for k in ("p50_ms", "p95_ms", "max_ms")]
        lines.append(
            f"| {row['case']} | {sel['p50_ms']:.0f} | {sel['p95_ms']:.0f} | {sel['max_ms']:.0f} "
            f"| {sel['queries']} | {' | '.join(cells)} "
            f"| {page.get('queries', '–')} | {'✅' if worst <= TARGET_P95_MS else '❌'} |"
        )
    if results.get("reports"):
        lines += [
            "",
            "| periodic report | status | wall time (s) | peak RSS (MB) | size (bytes) | ok |",
            "|---|---|---:|---:|---:|:-:|",
        ]
        for name, row in results["reports"].items():
            ok = (
                row.get("status") == "ok"
                and (row.get("seconds") or 1e9) <= TARGET_PDF_S
                and (row.get("peak_rss_mb") or 1e9) <= TARGET_MEMORY_MB
            )
            lines.append(
                f"| {name} | {row.get('status')} | {row.get('seconds', '–')} "
                f"| {row.get('peak_rss_mb', '–')} | {row.get('bytes', '–')} "
                f"| {'✅' if ok else '❌'} |"
            )
    lines += ["", f"Benchmark process peak RSS: {results['bench_peak_rss_mb']} MB"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", help="only the cases whose name contains this text")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument("--database", help="PostgreSQL URL (its name must contain 'bench')")
    parser.add_argument("--output", help="JSON file (default bench/results-<date>.json)")
    args = parser.parse_args(argv)
    url = bench_url(args.database)
    setup_django(url)
    started = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "runs": args.runs,
        "machine": machine(),
        "dataset": dataset(),
        "dashboard": [],
        "reports": {},
    }
    print(json.dumps(results["machine"]), json.dumps(results["dataset"]), sep="\n", flush=True)
    chosen = [c for c in cases() if not args.only or args.only.lower() in c.name.lower()]
    clients = None if args.skip_http else logged_in_clients()
    for case in chosen:
        row: dict[str, Any] = {"case": case.name, "query": case.query, "url": case.url}
        row["selector"] = measure_selector(case, args.runs)
        if clients is not None:
            row["http"] = measure_http(case, args.runs, clients)
        results["dashboard"].append(row)
        page = row.get("http", {})
        print(
            f"{case.name:45} selector p50 {row['selector']['p50_ms']:7.1f} "
            f"p95 {row['selector']['p95_ms']:7.1f} ms ({row['selector']['queries']} q)"
            + (f" | page p50 {page['p50_ms']:7.1f} p95 {page['p95_ms']:7.1f} ms" if page else ""),
            flush=True,
        )
    if not args.skip_reports:
        for fmt in ("pdf", "xlsx"):
            name = f"build_report 2026-S1 ar {fmt}"
            print(f"{name} …", flush=True)
            results["reports"][name] = build_report(fmt, url)
            print(f"  {results['reports'][name]}", flush=True)
    results["bench_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    table = markdown(results)
    print("\n" + table)
    out = Path(args.output) if args.output else ROOT / "bench" / f"results-{started:%Y-%m-%d}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(f"Written {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
