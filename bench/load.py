#!/usr/bin/env python
"""Load test (issue 18 item 5): citizens, observers and staff at once against production.

    .venv/bin/python bench/load.py [--duration 5m] [--users 260] [--spawn-rate 20]

One command (`make load`): prepares the bench database (bench/_load_prep.py: staff sessions,
the open survey wave, 16 open missions for each of the 50 observers, made through the
project's services), starts gunicorn on 127.0.0.1:8701 with `raqib.settings.production` and
the worker model of docs/admin-guide.md §8.1 (5 gthread workers × 2 threads, timeout 30),
and a `manage.py db_worker` (which screens the public survey answers; --no-db-worker to
leave it out); runs the locust scenario of
bench/locustfile.py headless, then writes bench/results-load-<date>.json and .md (per
endpoint: requests, failures, p50, p95, max, requests per second) and exits 1 if any
request failed.

`--users` below 260 scales the three populations in proportion (200 : 50 : 10). Uses
postgres://postgres@127.0.0.1:5432/raqib_bench unless --database / $BENCH_DATABASE_URL; a
database whose name lacks "bench" is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, bench_url, database_name, setup_django

BIN = Path(sys.executable).parent
PORT = 8701
# docs/admin-guide.md §8.1, bind aside.
GUNICORN = [
    "--workers=5",
    "--worker-class=gthread",
    "--threads=2",
    "--timeout=30",
    "--max-requests=2000",
    "--max-requests-jitter=200",
    '--access-logformat="%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s',
]
ERROR_MARKS = ('"level": "ERROR"', "[CRITICAL]", "[ERROR]", "Traceback", "WORKER TIMEOUT")
SHARES = {"respondents": 200, "observers": 50, "staff": 10}


def production_env(url: str, media: Path) -> dict[str, str]:
    """The environment of a production server, bench database, loopback only."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return {
        "DJANGO_SETTINGS_MODULE": "raqib.settings.production",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(64)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": url,
        # The scenario plays nginx: it sets X-Forwarded-Proto and appends X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
        "MEDIA_ROOT": str(media),
        "RAQIB_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }


def populations(users: int) -> dict[str, int]:
    total = sum(SHARES.values())
    counts = {k: max(1, round(users * v / total)) for k, v in SHARES.items()}
    counts["respondents"] = max(1, users - counts["observers"] - counts["staff"])
    return counts


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    # Loopback http only (the URL is built here, never from input).
    request = urllib.request.Request(  # noqa: S310
        f"{base}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting: see its log")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def warm_up(base: str, plan: dict[str, Any], rounds: int = 4) -> None:
    """Every worker imports, compiles its templates and opens its connections before the
    measure: a few rounds of the pages the users open, ten at a time (not counted)."""
    from concurrent.futures import ThreadPoolExecutor

    pages = plan["staff_pages"]
    staff = plan["staff_sessions"][0]["session"]
    observer = plan["observer_sessions"][0]["session"]
    token = plan["wave"]["tokens"][0]
    targets = [
        (f"/ar/s/{token}/", None),
        (f"{pages['dashboard']}?{pages['dashboard_queries'][0]}", staff),
        (pages["missions"], staff),
        (pages["survey_list"], staff),
        ("/api/v1/observer/missions/", observer),
    ] * 2

    def fetch(target: tuple[str, str | None]) -> None:
        path, session = target
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"}
        if session:
            headers["Cookie"] = f"__Host-raqib_session={session}"
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
        except OSError as error:
            print(f"  warm-up {path}: {error}")

    with ThreadPoolExecutor(10) as pool:
        for _ in range(rounds):
            list(pool.map(fetch, targets))


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM to the process group this script started (gunicorn's master and its workers),
    then SIGKILL after 30 s: a worker stuck in a request must not outlive the run."""
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait()


def _endpoint(method: str, path: str) -> str:
    """A logged path as locust names it (tokens, uuids and ids replaced)."""
    path = re.sub(r"^/(ar|fr)/s/[^/]+/", "/s/<token>/", path)
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", path)
    path = re.sub(r"/(versions|surveys)/\d+/", r"/\1/<id>/", path)
    return f"{method} {path}"


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def access_log_figures(path: Path, skip: int = 0) -> dict[str, Any]:
    """gunicorn's view of the measure (the warm-up's `skip` first lines left out): status
    codes, an independent count of the client's figures, and per endpoint the time spent
    inside a worker (%(M)s: without the wait for a free thread, which the client's times
    include)."""
    codes: Counter[str] = Counter()
    times: dict[str, list[int]] = {}
    line_re = re.compile(r'^"(\S+) (\S+)" (\d{3}) \S+ (\d+)ms')
    for line in path.read_text(errors="replace").splitlines()[skip:]:
        match = line_re.match(line)
        if match:
            method, url, code, spent = match.groups()
            codes[code] += 1
            times.setdefault(_endpoint(method, url), []).append(int(spent))
    server = {
        name: {
            "requests": len(values),
            "p50_ms": _percentile(values, 0.5),
            "p95_ms": _percentile(values, 0.95),
            "max_ms": max(values),
        }
        for name, values in sorted(times.items())
    }
    return {
        "status_codes": dict(sorted(codes.items())),
        "requests": sum(codes.values()),
        "server_time": server,
    }


def server_errors(path: Path) -> list[str]:
    """Error lines of the application and of gunicorn (JSON log records of level ERROR,
    tracebacks, worker timeouts)."""
    found = []
    for line in path.read_text(errors="replace").splitlines():
        if any(mark in line for mark in ERROR_MARKS):
            found.append(line[:500])
    return found


def database_figures(sent: dict[str, list[str]]) -> dict[str, Any]:
    """What this run left in the database (its own answers and reports, by uuid: others may
    use the bench database meanwhile): answers stored and quarantined (by reason), reports
    submitted, photos stored."""
    from django.db import connection

    from raqib.missions.models import Evidence, Report
    from raqib.surveys.models import SurveyResponse

    connection.close()
    responses = SurveyResponse.objects.filter(client_uuid__in=sent["ballots"])
    reasons: Counter[str] = Counter()
    for row in responses.filter(quarantined=True).values_list("quarantine_reasons", flat=True):
        reasons.update(row)
    reports = Report.objects.filter(uuid__in=sent["reports"])
    return {
        "ballots_sent": len(sent["ballots"]),
        "survey_responses_stored": responses.count(),
        "quarantined": responses.filter(quarantined=True).count(),
        "quarantine_reasons": dict(reasons),
        "reports_sent": len(sent["reports"]),
        "reports_submitted": reports.filter(status="submitted").count(),
        "photos_stored": Evidence.objects.filter(report__in=reports).count(),
    }


def markdown(result: dict[str, Any]) -> str:
    stats = result["locust"]
    people = result["populations"]
    title = (
        f"Load test {result['started']} UTC, {result['duration']}, {result['users']} users "
        f"({people['respondents']} respondents, {people['observers']} observers, "
        f"{people['staff']} staff), gunicorn 5 gthread workers × 2 threads, "
        "`raqib.settings.production`."
    )
    head = [
        title,
        "",
        "| endpoint | requests | failures | p50 ms | p95 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines = []
    for row in [*stats["endpoints"], {**stats["total"], "method": "", "name": "**all**"}]:
        lines.append(
            f"| {row['method']} {row['name']} | {row['requests']:,} | {row['failures']} | "
            f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['max_ms']:,} | {row['rps']} |"
        )
    inside = (
        "Time inside a gunicorn worker (its access log, %(M)s; the client's times above also "
        "include the wait for a free thread):"
    )
    tail = [
        "",
        inside,
        "",
        "| endpoint | requests | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in result["access_log"].get("server_time", {}).items():
        tail.append(
            f"| {name} | {row['requests']:,} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['max_ms']:,} |"
        )
    tail += ["", "Database after the run: " + json.dumps(result["database"], ensure_ascii=False)]
    tail.append("gunicorn status codes: " + json.dumps(result["access_log"]["status_codes"]))
    if stats["errors"]:
        tail += ["", "Errors:", ""]
        tail += [
            f"- {e['occurrences']} × {e['method']} {e['name']}: {e['error']}"
            for e in stats["errors"]
        ]
    return "\n".join(head + lines + tail) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", default="5m", help="locust --run-time (e.g. 30s, 5m)")
    parser.add_argument("--users", type=int, default=sum(SHARES.values()))
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--database", default=None)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", default=None, help="JSON file (a .md table beside it)")
    parser.add_argument(
        "--no-db-worker",
        action="store_true",
        help="do not run manage.py db_worker (public survey answers then wait, stored and "
        "unscreened; on a shared bench database a worker takes other versions' tasks too)",
    )
    parser.add_argument(
        "--survey-results",
        action="store_true",
        help="staff also open the open wave's results page (~90 s a request at national "
        "scale: expect timeouts)",
    )
    args = parser.parse_args()

    url = bench_url(args.database)
    name = database_name(url)
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    run_dir = ROOT / "bench" / "out" / f"load-{started:%Y%m%d-%H%M%S}"
    run_dir.mkdir(parents=True, exist_ok=True)
    env = production_env(url, ROOT / "var" / "load-media")
    os.environ.update(env)
    setup_django(url)
    from _load_prep import prepare

    counts = populations(args.users)
    print(f"… preparing {name} for {counts}", flush=True)
    plan = prepare(out=run_dir, seed=args.seed, survey_results=args.survey_results, **counts)
    from django.db import connections

    connections.close_all()

    base = f"http://127.0.0.1:{args.port}"
    server_log = run_dir / "gunicorn.log"
    access_log = run_dir / "access.log"
    gunicorn = worker = None
    try:
        with server_log.open("w") as log:
            gunicorn = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "raqib.wsgi:application",
                    f"--bind=127.0.0.1:{args.port}",
                    f"--chdir={ROOT}",
                    f"--access-logfile={access_log}",
                    *GUNICORN,
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if not args.no_db_worker:
                worker = subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--queue-name=*"],
                    cwd=ROOT,
                    env={**os.environ, **env},
                    stdout=(run_dir / "db_worker.log").open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            wait_healthy(base, gunicorn)
            warm_up(base, plan)
            warm_lines = len(access_log.read_text().splitlines())
            print(f"… gunicorn up on {base}; locust for {args.duration}", flush=True)
            stats_path = run_dir / "locust-stats.json"
            locust = subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    f"--users={sum(counts.values())}",
                    f"--spawn-rate={args.spawn_rate}",
                    f"--run-time={args.duration}",
                    f"--host={base}",
                    "--only-summary",
                    f"--csv={run_dir / 'locust'}",
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "RAQIB_LOAD_PLAN": str(run_dir / "load-plan.json"),
                    "RAQIB_LOAD_STATS": str(stats_path),
                },
                check=False,
            )
    finally:
        stop(gunicorn)
        stop(worker)

    if not stats_path.exists():
        print("locust wrote no statistics: see the output above", file=sys.stderr)
        return 1
    stats = json.loads(stats_path.read_text())
    result = {
        "started": f"{started:%Y-%m-%d %H:%M}",
        "duration": args.duration,
        "users": sum(counts.values()),
        "spawn_rate": args.spawn_rate,
        "populations": counts,
        "database": database_figures(stats.pop("sent")),
        "access_log": access_log_figures(access_log, skip=warm_lines),
        "server_errors": server_errors(server_log),
        "locust": stats,
        "locust_exit_code": locust.returncode,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "logs": str(run_dir.relative_to(ROOT)),
    }
    output = Path(args.output or ROOT / "bench" / f"results-load-{started:%Y-%m-%d}.json")
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    output.with_suffix(".md").write_text(table)
    print(table)
    if result["server_errors"]:
        print(f"{len(result['server_errors'])} error lines in {server_log}", file=sys.stderr)
    failures = stats["total"]["failures"]
    return 1 if failures or locust.returncode or result["server_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
