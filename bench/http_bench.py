#!/usr/bin/env python
"""Benchmark over HTTP, as users meet Raqib: gunicorn, production settings, bench database.

    .venv/bin/python bench/http_bench.py [--seconds 20] [--rounds 2] [--runs 30] [--only TEXT]
                                   [--skip-dashboard] [--skip-survey] [--no-docs]

1. Survey ingestion (R2): wrk at 20 connections POSTs real answers to the public survey page
   (each from its own address and device, a fresh client UUID, a signed start time older than
   the minimum), interleaved in rounds with two baselines on the same server: a bare Django
   view and a bare view that performs one INSERT (bench_urls.py). R2 = survey answers per
   second / INSERT-view requests per second. After each survey run the database is checked:
   every answered POST is stored, and the quarantine decisions are all taken.
2. Dashboard (R1): every filter combination of bench/run.py, `--runs` GETs of the page over
   HTTP signed in as the director (the focal point for their two cases), dashboard cache off,
   interleaved one for one with the same figures computed by DuckDB from the same frozen
   scores (bench/_duckdb.py, when duckdb is installed: `pip install -e ".[bench]"`).
   R1 = page p95 / DuckDB median.

Prints the tables, writes bench/results-http-<date>.json and .md, and (unless --no-docs)
replaces the generated block of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import shutil
import statistics
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _wrk
from _common import ROOT, bench_url, setup_django
from _server import Server, cpu_spent, session_cookie
from run import DIRECTOR_USERNAME, FOCAL_USERNAME, cases, machine, percentile

PORT = 8601
SURVEY = "survey answer POST"
INSERT = "bare view + one INSERT"
INSERT_ANSWER = "bare view + one INSERT of an answer-shaped row"
BASELINES = {
    "bare view": "/bench/bare/",
    INSERT: "/bench/insert/",
    INSERT_ANSWER: "/bench/insert-answer/",
}
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench/http_bench.py: begin -->", "<!-- bench/http_bench.py: end -->"


class FormFields(HTMLParser):
    """The inputs of the survey form: hidden values and the choices of each question."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.choices.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.choices.setdefault(name, [])
        elif tag == "option" and self._select and a.get("value"):
            self.choices[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def survey_posts(server: Server, count: int) -> list[tuple[str, str]]:
    """(path, body) of COUNT answers to open wave points, each built from the real form."""
    from raqib.surveys.models import WaveServicePoint, WaveStatus

    tokens = list(
        WaveServicePoint.objects.filter(wave__status=WaveStatus.OPEN)
        .order_by("pk")
        .values_list("token", flat=True)[:count]
    )
    if not tokens:
        raise SystemExit("No open survey wave in the bench database.")
    rng = random.Random(2026)
    posts = []
    for token in tokens:
        path = f"/ar/s/{token}/"
        status, page = server.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} → {status}")
        form = FormFields()
        form.feed(page.decode("utf-8"))
        fields = {**form.hidden, "client_uuid": "{UUID}", "website": ""}
        for name, values in form.choices.items():
            if values:
                fields[name] = rng.choice(values)
        posts.append((path, urlencode(fields, safe="{}")))
    return posts


def post_once(server: Server, path: str, body: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=body.replace("{UUID}", str(uuid.uuid4())),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def stored_since(since: dt.datetime) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE quarantined) "
            "FROM surveys_surveyresponse WHERE submitted_at >= %s",
            [since],
        )
        stored, quarantined = cursor.fetchone()
    return {"stored": stored, "quarantined": quarantined}


def ingestion(server: Server, *, rounds: int, seconds: int) -> dict[str, Any]:
    from bench_urls import CLONE_SQL, TABLE_SQL
    from django.db import connection

    from raqib.core import conf

    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
        # The clone starts empty each run (the answers table holds 1 M rows: the clone's
        # indexes are smaller, which favours the baseline).
        cursor.execute("DROP TABLE IF EXISTS bench_answer_clone")
        cursor.execute(CLONE_SQL)
    posts = survey_posts(server, 40)
    # The signed start time must be older than the minimum, or every answer is "too fast".
    wait = conf.survey_min_seconds() + 1
    print(f"survey forms read from {len(posts)} points; waiting {wait} s (minimum time)")
    time.sleep(wait)
    for path, body in posts[:3]:
        status = post_once(server, path, body)
        if status != 302:
            raise RuntimeError(f"a survey POST to {path} answered {status}, not 302")
    scripts = {
        name: _wrk.post_script([(path, body) for _, body in posts], per_request_uuid=True)
        for name, path in BASELINES.items()
    }
    scripts[SURVEY] = _wrk.post_script(posts, per_request_uuid=True)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in scripts}
    # Warm-up, not counted: every worker process and thread has served each endpoint.
    for script in scripts.values():
        _wrk.run(server.base + "/", script=script, seconds=3)
    time.sleep(3)  # the warm-up's answers screened
    for number in range(1, rounds + 1):
        for name, script in scripts.items():
            began = dt.datetime.now(dt.UTC)
            cpu_before = server.cpu_seconds()
            result = _wrk.run(server.base + "/", script=script, seconds=seconds)
            if name == SURVEY:
                result.update(settle(began, result))
            spent = cpu_spent(cpu_before, server.cpu_seconds())
            # CPU milliseconds per answered request, screening included (it runs after).
            answered = max(1, result["requests"])
            result["cpu_ms_per_request"] = {
                part: round(1000 * seconds / answered, 2) for part, seconds in spent.items()
            }
            runs[name].append(result)
            print(
                f"round {number} {name:25} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:6.1f}"
                f"  p95 {result['p95_ms']:6.1f} ms  errors {result['errors']}"
                + (f"  stored {result['stored']}" if "stored" in result else "")
                + f"  cpu ms/req {result['cpu_ms_per_request']}",
                flush=True,
            )
    survey = [r["rps"] for r in runs[SURVEY]]

    def ratios(baseline: str) -> list[float]:
        base = [r["rps"] for r in runs[baseline]]
        return [round(s / b, 3) for s, b in zip(survey, base, strict=True)]

    return {
        "connections": 20,
        "seconds": seconds,
        "rounds": rounds,
        "points": len(posts),
        "runs": runs,
        "R2": ratios(INSERT),
        "R2_min": min(ratios(INSERT)),
        "R2_same_row": ratios(INSERT_ANSWER),
        "R2_same_row_min": min(ratios(INSERT_ANSWER)),
    }


def settle(began: dt.datetime, result: dict[str, Any]) -> dict[str, Any]:
    """After a survey run: wait for the quarantine decisions, then count what was stored."""
    from raqib.surveys.models import SurveyResponse

    deadline = time.monotonic() + 120
    pending = -1
    while time.monotonic() < deadline:
        pending = (
            SurveyResponse.objects.filter(submitted_at__gte=began, screened=False).count()
            if hasattr(SurveyResponse, "screened")
            else 0
        )
        if not pending:
            break
        time.sleep(1)
    counts = stored_since(began)
    answered = result["requests"] - result["errors"]
    # wrk stops counting at the deadline: a request in flight then may be stored unanswered.
    counts["lost"] = max(0, answered - counts["stored"])
    counts["undecided"] = pending
    return counts


def dashboard(server: Server, *, runs: int, only: str | None) -> list[dict[str, Any]]:
    try:
        import _duckdb_ref as reference_module
    except ImportError:  # duckdb not installed: pip install -e ".[bench]"
        reference_module = None
    cookies = {
        "director": session_cookie(server.env, DIRECTOR_USERNAME),
        "focal": session_cookie(server.env, FOCAL_USERNAME),
    }
    reference = reference_module.load(server.url) if reference_module else None
    found = []
    for case in cases():
        if only and only.lower() not in case.name.lower():
            continue
        path = case.url + "?" + urlencode(case.query)
        headers = {"Cookie": cookies["focal" if case.as_focal else "director"]}
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

        def page(
            connection: http.client.HTTPConnection = connection,
            path: str = path,
            headers: dict[str, str] = headers,
        ) -> tuple[float, int, int]:
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            return time.perf_counter() - began, response.status, len(body)

        spent, status, size = page()  # warm-up
        if status != 200:
            raise RuntimeError(f"{case.name}: GET {path} → {status}")
        pages, columnar = [], []
        mismatches: list[str] = []
        if reference is not None:
            # The same figures, or the comparison means nothing.
            mismatches = reference_module.check(reference, case.filters, body_scope=case.body_scope)
        for _ in range(runs):
            spent, status, _size = page()
            assert status == 200, (case.name, status)
            pages.append(spent)
            if reference is not None:
                began = time.perf_counter()
                reference_module.compute(reference, case.filters, body_scope=case.body_scope)
                columnar.append(time.perf_counter() - began)
        connection.close()
        row: dict[str, Any] = {
            "case": case.name,
            "path": path,
            "bytes": size,
            "page_p50_ms": round(percentile(pages, 0.5) * 1000, 1),
            "page_p95_ms": round(percentile(pages, 0.95) * 1000, 1),
            "page_max_ms": round(max(pages) * 1000, 1),
        }
        if columnar:
            row["duckdb_median_ms"] = round(statistics.median(columnar) * 1000, 1)
            row["R1"] = round(row["page_p95_ms"] / row["duckdb_median_ms"], 2)
            row["figures_differ"] = mismatches
        found.append(row)
        print(
            f"{case.name:45} page p50 {row['page_p50_ms']:6.1f} p95 {row['page_p95_ms']:6.1f} ms"
            + (
                f" | DuckDB median {row['duckdb_median_ms']:6.1f} ms R1 {row['R1']}"
                if columnar
                else ""
            ),
            flush=True,
        )
    return found


def _ingestion_lines(ing: dict[str, Any]) -> list[str]:
    lines = [
        (
            f"Survey ingestion: wrk, {ing['connections']} connections, {ing['seconds']} s "
            f"per run, {ing['rounds']} interleaved rounds."
        ),
        "",
        (
            "| round | endpoint | requests/s | p50 ms | p95 ms | errors | stored | quarantined "
            "| lost | CPU ms/request: web, worker, PostgreSQL |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, runs in ing["runs"].items():
        for number, r in enumerate(runs, 1):
            cpu = r["cpu_ms_per_request"]
            lines.append(
                f"| {number} | {name} | {r['rps']:.0f} | {r['p50_ms']} | {r['p95_ms']} "
                f"| {r['errors']} | {r.get('stored', '–')} | {r.get('quarantined', '–')} "
                f"| {r.get('lost', '–')} | {cpu['web']}, {cpu['worker']}, {cpu['postgres']} |"
            )
    verdict = "✅" if ing["R2_min"] >= 0.5 else "❌"
    same = "✅" if ing["R2_same_row_min"] >= 0.5 else "❌"
    lines += [
        "",
        (
            f"**R2** (survey answers/s ÷ INSERT view requests/s) per round: {ing['R2']} "
            f"— target ≥ 0.5 {verdict}"
        ),
        "",
        (
            "R2 against the answer-shaped INSERT (same table shape and indexes): "
            f"{ing['R2_same_row']} {same}"
        ),
        "",
    ]
    return lines


def _same(row: dict[str, Any]) -> str:
    if "figures_differ" not in row:
        return "–"
    differ = row["figures_differ"]
    return "✅" if not differ else f"❌ {len(differ)}"


def _dashboard_lines(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        (
            "| dashboard case | page p50 | page p95 | max | DuckDB median | R1 | ≤ 100 ms "
            "| R1 ≤ 1 | same figures |"
        ),
        "|---|---:|---:|---:|---:|---:|:-:|:-:|:-:|",
    ]
    for r in rows:
        r1 = r.get("R1")
        fast = "✅" if r["page_p95_ms"] <= 100 else "❌"
        ratio = "–" if r1 is None else ("✅" if r1 <= 1 else "❌")
        lines.append(
            f"| {r['case']} | {r['page_p50_ms']:.0f} | {r['page_p95_ms']:.0f} "
            f"| {r['page_max_ms']:.0f} | {r.get('duckdb_median_ms', '–')} "
            f"| {'–' if r1 is None else r1} | {fast} | {ratio} | {_same(r)} |"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    cpus = results["machine"]["cpus"]
    lines = [f"Run of {results['started_at']} ({cpus} CPUs), `{results['command']}`", ""]
    if results.get("ingestion"):
        lines += _ingestion_lines(results["ingestion"])
    if results.get("dashboard"):
        lines += _dashboard_lines(results["dashboard"])
    return "\n".join(lines) + "\n"


def write_docs(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN not in text:
        return
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{table}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", help="only the dashboard cases whose name contains this")
    parser.add_argument("--skip-dashboard", action="store_true")
    parser.add_argument("--skip-survey", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--database", help="PostgreSQL URL (its name must contain 'bench')")
    parser.add_argument("--output", help="JSON file (default bench/results-http-<date>.json)")
    args = parser.parse_args(argv)
    if not args.skip_survey and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench-http` installs it (Debian's package).")
    url = bench_url(args.database)
    setup_django(url)
    started = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "command": "bench/http_bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
    }
    with Server(url, PORT) as server:
        if not args.skip_survey:
            results["ingestion"] = ingestion(server, rounds=args.rounds, seconds=args.seconds)
        if not args.skip_dashboard:
            results["dashboard"] = dashboard(server, runs=args.runs, only=args.only)
    results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    table = markdown(results)
    print("\n" + table)
    out = (
        Path(args.output)
        if args.output
        else ROOT / "bench" / f"results-http-{started:%Y-%m-%d}.json"
    )
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(table, encoding="utf-8")
    if not args.no_docs:
        write_docs(table)
    print(f"Written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
