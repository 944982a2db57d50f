# ruff: noqa: S608 -- SQL built from our own table names and validated ids, run on a local copy
"""A DuckDB reference for the dashboard: the same figures from the same frozen scores.

Not named `_duckdb.py`: that is the name of duckdb's own compiled module, which a file of
the same name in bench/ (on sys.path) would shadow.

    con = load(url)                      # once: COPY the tables below into in-memory DuckDB
    figures = compute(con, filters)      # every figure dashboard_build() returns, normalised
    problems = check(con, filters)       # [] when dashboard_build() gives the same figures
    seconds = time_case(con, filters, runs=30)

``duckdb`` is not a runtime dependency (``pip install -e .[bench]``). What is loaded, once,
with psycopg ``COPY … TO STDOUT`` into CSV files then ``read_csv`` (no network extension):

* the fine grain of the frozen scores: ``reports_reportfact`` (one row per validated
  report: reference day, point, governorate, body, category, channel, grid version,
  ``score``, critical codes) and ``reports_criterionfact`` (one row per scored section and
  criterion: ``score`` = the frozen ``percent``) — *not* the cubes the dashboard reads, so
  the reference checks them too;
* the missions (id, code, point, channel, status and the local date of the window start,
  converted by PostgreSQL with ``settings.TIME_ZONE`` while loading), the service points
  with their current dimensions and activity periods, the bodies' tree, the region tags;
* the survey waves and their points' running tallies (the dashboard reads the same).

``compute`` works on the 1-decimal frozen scores as integers of tenths (exact sums), so a
mean is the correctly rounded quotient of two integers: equal means compare equal and ties
follow the documented rule (more reports, then the code). Compared by ``check``, with
means rounded to 6 decimals (``MEAN_DIGITS``, which also fixes the 1-decimal display):
planned / done / validated missions; coverage (covered / active points) overall, interior
and rest; per governorate coverage, mean and reports; mean score and reports with a critical
finding; per section and criterion mean, reports and critical failures; strengths and
weaknesses (codes in order); the bodies' and the points' rankings (id, mean, reports,
critical, in order); the 20 latest critical findings (mission code, day, point code, failed
criteria); the monthly trend (planned, validated, mean); the survey waves (responses, index
and share satisfied with their intervals, mystery-visit mean); reports per grid version.
Not compared: labels and names (texts from the grid snapshots and the registry).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

MEAN_DIGITS = 6
DONE = ("submitted", "returned", "validated")
CRITICAL_ROWS = 20
STRENGTHS = 5

# name → (SELECT run by PostgreSQL, DuckDB column types in order)
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "points": (
        "SELECT id, code, governorate_id, body_id, category_id FROM registry_servicepoint",
        {
            "id": "BIGINT",
            "code": "VARCHAR",
            "governorate_id": "BIGINT",
            "body_id": "BIGINT",
            "category_id": "BIGINT",
        },
    ),
    "active": (
        "SELECT service_point_id, started_on, ended_on FROM registry_servicepointactiveperiod",
        {"service_point_id": "BIGINT", "started_on": "DATE", "ended_on": "DATE"},
    ),
    "bodies": (
        "SELECT id, parent_id, code FROM registry_publicbody",
        {"id": "BIGINT", "parent_id": "BIGINT", "code": "VARCHAR"},
    ),
    "governorates": (
        "SELECT id, iso_code FROM registry_governorate",
        {"id": "BIGINT", "iso_code": "VARCHAR"},
    ),
    "tags": (
        (
            "SELECT t.code, g.governorate_id FROM registry_regiontag t "
            "JOIN registry_regiontag_governorates g ON g.regiontag_id = t.id"
        ),
        {"code": "VARCHAR", "governorate_id": "BIGINT"},
    ),
    "missions": (
        (
            "SELECT id, code, service_point_id, channel, status, "
            "(window_start AT TIME ZONE %(tz)s)::date AS day FROM missions_mission"
        ),
        {
            "id": "BIGINT",
            "code": "VARCHAR",
            "service_point_id": "BIGINT",
            "channel": "VARCHAR",
            "status": "VARCHAR",
            "day": "DATE",
        },
    ),
    "facts": (
        (
            "SELECT id, mission_id, day, month, service_point_id, governorate_id, body_id, "
            "category_id, channel, grid_version_id, round(score * 10)::bigint AS tenths, "
            "critical, critical_codes::text AS critical_codes, validated_at FROM reports_reportfact"
        ),
        {
            "id": "BIGINT",
            "mission_id": "BIGINT",
            "day": "DATE",
            "month": "DATE",
            "service_point_id": "BIGINT",
            "governorate_id": "BIGINT",
            "body_id": "BIGINT",
            "category_id": "BIGINT",
            "channel": "VARCHAR",
            "grid_version_id": "BIGINT",
            "tenths": "BIGINT",
            "critical": "BOOLEAN",
            "critical_codes": "VARCHAR",
            "validated_at": "TIMESTAMPTZ",
        },
    ),
    "cfacts": (
        (
            "SELECT day, governorate_id, body_id, category_id, channel, kind, code, "
            "round(score * 10)::bigint AS tenths, critical_failure FROM reports_criterionfact"
        ),
        {
            "day": "DATE",
            "governorate_id": "BIGINT",
            "body_id": "BIGINT",
            "category_id": "BIGINT",
            "channel": "VARCHAR",
            "kind": "VARCHAR",
            "code": "VARCHAR",
            "tenths": "BIGINT",
            "critical_failure": "BOOLEAN",
        },
    ),
    "waves": (
        "SELECT id, code, starts_on, ends_on, status, min_sample FROM surveys_surveywave",
        {
            "id": "BIGINT",
            "code": "VARCHAR",
            "starts_on": "DATE",
            "ends_on": "DATE",
            "status": "VARCHAR",
            "min_sample": "INTEGER",
        },
    ),
    "wave_points": (
        (
            "SELECT p.wave_id, p.service_point_id, t.responses, t.overall_n, t.overall_sum, "
            "t.overall_sumsq, t.satisfied FROM surveys_waveservicepoint p "
            "LEFT JOIN surveys_wavepointtally t ON t.wave_point_id = p.id"
        ),
        {
            "wave_id": "BIGINT",
            "service_point_id": "BIGINT",
            "responses": "BIGINT",
            "overall_n": "BIGINT",
            "overall_sum": "DOUBLE",
            "overall_sumsq": "DOUBLE",
            "satisfied": "BIGINT",
        },
    ),
}


def load(url: str, *, time_zone: str = "Africa/Tunis", threads: int | None = None) -> Any:
    """An in-memory DuckDB holding the tables above, copied from PostgreSQL at `url`."""
    import duckdb
    import psycopg

    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    with (
        tempfile.TemporaryDirectory(prefix="raqib-duckdb-") as folder,
        psycopg.connect(url, autocommit=True) as pg,
    ):
        # One snapshot for every table (survey answers keep arriving meanwhile).
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name, (select, columns) in TABLES.items():
            path = Path(folder) / f"{name}.csv"
            query = select.replace("%(tz)s", "'" + time_zone.replace("'", "") + "'")
            copy_sql = f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)"
            with pg.cursor() as cursor, path.open("wb") as out, cursor.copy(copy_sql) as copy:
                for block in copy:
                    out.write(block)
            types = ", ".join(f"'{k}': '{v}'" for k, v in columns.items())
            con.execute(
                f"CREATE TABLE raw_{name} AS SELECT * FROM read_csv('{path}', header = true, "
                f"columns = {{{types}}})"
            )
        pg.execute("ROLLBACK")
    _organise(con)
    return con


def _organise(con: Any) -> None:
    """What one would do for an analytical copy: rows in day order (the zone maps then skip
    the other periods' row groups) and the short repeated strings as ENUMs (the criterion
    codes: grouping 2.3 M of them as ENUM is ~6× faster than as VARCHAR)."""
    for column, table in (("channel", "raw_facts"), ("kind", "raw_cfacts"), ("code", "raw_cfacts")):
        con.execute(
            f"CREATE TYPE {column}_enum AS ENUM (SELECT DISTINCT {column} FROM {table} "
            f"WHERE {column} IS NOT NULL ORDER BY 1)"
        )
    casts = {"channel": "channel_enum", "kind": "kind_enum", "code": "code_enum"}
    for name, (_select, columns) in TABLES.items():
        order = " ORDER BY day" if "day" in columns else ""
        chosen = ", ".join(
            f"{column}::{casts[column]} AS {column}"
            if column in casts and name in ("facts", "cfacts")
            else column
            for column in columns
        )
        con.execute(f"CREATE TABLE {name} AS SELECT {chosen} FROM raw_{name}{order}")
        con.execute(f"DROP TABLE raw_{name}")


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, MEAN_DIGITS)


def _in(column: str, ids: set[int] | None) -> str:
    if ids is None:
        return "TRUE"
    if not ids:
        return "FALSE"
    return f"{column} IN ({', '.join(str(int(i)) for i in sorted(ids))})"


def _scope(
    con: Any, filters: Any, body_scope: Any
) -> tuple[set[int] | None, set[int] | None, set[int]]:
    tags: dict[str, set[int]] = {}
    for code, governorate_id in con.execute(
        "SELECT code, governorate_id FROM tags WHERE code IN ('interior', ?)",
        [filters.region_tag or "interior"],
    ).fetchall():
        tags.setdefault(code, set()).add(governorate_id)
    governorates: set[int] | None = None
    if filters.governorate_id is not None:
        governorates = {filters.governorate_id}
    if filters.region_tag:
        region = tags.get(filters.region_tag, set())
        governorates = region if governorates is None else governorates & region
    bodies: set[int] | None = None
    if filters.body_id is not None:
        rows = con.execute(
            "WITH RECURSIVE tree(id) AS (SELECT ?::BIGINT UNION ALL "
            "SELECT b.id FROM bodies b JOIN tree ON b.parent_id = tree.id) "
            "SELECT t.id FROM tree t JOIN bodies b ON b.id = t.id",
            [filters.body_id],
        ).fetchall()
        bodies = {row[0] for row in rows}
    if body_scope is not None:
        bodies = set(body_scope) if bodies is None else bodies & set(body_scope)
    return governorates, bodies, tags.get("interior", set())


def _dims(alias: str, governorates: set[int] | None, bodies: set[int] | None, f: Any) -> str:
    parts = [_in(f"{alias}.governorate_id", governorates), _in(f"{alias}.body_id", bodies)]
    if f.category_id is not None:
        parts.append(f"{alias}.category_id = {int(f.category_id)}")
    return " AND ".join(parts)


def _channel(alias: str, f: Any) -> str:
    return "TRUE" if not f.channel else f"{alias}.channel = '{f.channel.replace(chr(39), '')}'"


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def compute(
    con: Any, filters: Any, *, body_scope: Any = None, min_reports: int = 5
) -> dict[str, Any]:
    """The dashboard's figures for `filters` (a figures.Filters), as ``normalise`` shapes
    a Dashboard."""
    from raqib.surveys import indices

    f = filters
    governorates, bodies, interior = _scope(con, f, body_scope)
    pdims = _dims("p", governorates, bodies, f)
    fdims = f"{_dims('f', governorates, bodies, f)} AND {_channel('f', f)}"
    span = [f.start, f.end]
    in_facts = f"f.day BETWEEN ? AND ? AND {fdims}"

    missions = con.execute(
        "SELECT date_trunc('month', m.day)::DATE, count(*), "
        f"count(*) FILTER (WHERE m.status IN {DONE}), "
        "count(*) FILTER (WHERE m.status = 'validated') "
        "FROM missions m JOIN points p ON p.id = m.service_point_id "
        f"WHERE m.day BETWEEN ? AND ? AND m.status <> 'cancelled' AND {pdims} "
        f"AND {_channel('m', f)} GROUP BY 1",
        span,
    ).fetchall()
    by_month_missions = {row[0]: row[1:] for row in missions}

    # Points, bodies, governorates and the total in one pass (GROUPING SETS).
    grouped = con.execute(
        "SELECT grouping(f.service_point_id, f.body_id, f.governorate_id), "
        "f.service_point_id, f.body_id, f.governorate_id, count(*), sum(f.tenths), "
        "count(f.tenths), count(*) FILTER (WHERE f.critical) "
        f"FROM facts f WHERE {in_facts} GROUP BY GROUPING SETS "
        "((f.service_point_id), (f.body_id), (f.governorate_id), ())",
        span,
    ).fetchall()

    def mean(tenths: int | None, scored: int) -> float | None:
        return tenths / (10 * scored) if scored and tenths is not None else None

    point_rows, body_rows, gov_figures = [], [], {}
    overall: tuple[Any, ...] = (0, None, 0, 0)
    for level, point, body, gov, n, tenths, scored, critical in grouped:
        row = (mean(tenths, scored), n, critical)
        if level == 3:  # grouped by the point
            point_rows.append((point, *row))
        elif level == 5:
            body_rows.append((body, *row))
        elif level == 6:
            gov_figures[gov] = row
        else:
            overall = (n, tenths, scored, critical)
    codes = dict(con.execute("SELECT id, code FROM points").fetchall())
    body_codes = dict(con.execute("SELECT id, code FROM bodies").fetchall())

    def ranking(rows: list[Any], names: dict[int, str]) -> list[tuple[Any, ...]]:
        rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0.0), -r[2], names.get(r[0], "")))
        return [(pk, _r(m), n, c) for pk, m, n, c in rows]

    coverage = con.execute(
        "WITH covered AS (SELECT DISTINCT f.service_point_id AS id FROM facts f "
        f"WHERE {in_facts}) "
        "SELECT p.governorate_id, count(*), count(c.id) FROM points p "
        "LEFT JOIN covered c ON c.id = p.id "
        f"WHERE {pdims} AND p.id IN (SELECT service_point_id FROM active "
        "WHERE started_on <= ? AND (ended_on IS NULL OR ended_on >= ?)) GROUP BY 1",
        [*span, f.end, f.start],
    ).fetchall()
    active = {gov: (covered, n) for gov, n, covered in coverage}

    def rate(ids: set[int]) -> tuple[int, int]:
        return (
            sum(active[g][0] for g in ids if g in active),
            sum(active[g][1] for g in ids if g in active),
        )

    gov_rows = {}
    for gov, iso in con.execute("SELECT id, iso_code FROM governorates").fetchall():
        score, reports, _critical = gov_figures.get(gov, (None, 0, 0))
        gov_rows[iso] = (*active.get(gov, (0, 0)), _r(score), reports)

    trend_rows = con.execute(
        "SELECT grouping(f.month, f.grid_version_id), f.month, f.grid_version_id, count(*), "
        f"sum(f.tenths), count(f.tenths) FROM facts f WHERE {in_facts} "
        "GROUP BY GROUPING SETS ((f.month), (f.grid_version_id))",
        span,
    ).fetchall()
    month_means = {m: mean(t, s) for lvl, m, _v, _n, t, s in trend_rows if lvl == 1}
    versions = {v: n for lvl, _m, v, n, _t, _s in trend_rows if lvl == 2}
    trend = []
    for month in _months(f.start, f.end):
        planned, _done, validated = by_month_missions.get(month, (0, 0, 0))
        trend.append((month, planned, validated, _r(month_means.get(month))))

    items = {
        (kind, code): (_r(mean(tenths, n)), n, failures)
        for kind, code, n, tenths, failures in con.execute(
            "SELECT f.kind, f.code, count(*), sum(f.tenths), "
            "count(*) FILTER (WHERE f.critical_failure) FROM cfacts f "
            f"WHERE {in_facts} GROUP BY 1, 2",
            span,
        ).fetchall()
    }
    enough = [
        (code, m, n)
        for (kind, code), (m, n, _c) in items.items()
        if kind == "criterion" and n >= min_reports and m is not None
    ]
    strengths = [c for c, _m, _n in sorted(enough, key=lambda r: (-r[1], -r[2], r[0]))]
    weaknesses = [c for c, _m, _n in sorted(enough, key=lambda r: (r[1], -r[2], r[0]))]

    critical = [
        (code, day, point_code, tuple(_json_list(failed)))
        for code, day, point_code, failed in con.execute(
            "SELECT m.code, f.day, p.code, f.critical_codes FROM facts f "
            "JOIN missions m ON m.id = f.mission_id JOIN points p ON p.id = f.service_point_id "
            f"WHERE {in_facts} AND f.critical "
            f"ORDER BY f.day DESC, f.validated_at DESC, f.id DESC LIMIT {CRITICAL_ROWS}",
            span,
        ).fetchall()
    ]

    restricted = governorates is not None or bodies is not None or f.category_id is not None
    waves = con.execute(
        "WITH wp AS (SELECT w.id, w.code, w.starts_on, w.min_sample, x.service_point_id, "
        "x.responses, x.overall_n, x.overall_sum, x.overall_sumsq, x.satisfied, "
        "greatest(w.starts_on, ?::DATE) AS low, least(w.ends_on, ?::DATE) AS high "
        "FROM waves w JOIN wave_points x ON x.wave_id = w.id "
        + ("JOIN points p ON p.id = x.service_point_id " if restricted else "")
        + "WHERE w.starts_on <= ? AND w.ends_on >= ? AND w.status <> 'draft'"
        + (f" AND {pdims}" if restricted else "")
        + "), mystery AS (SELECT wp.id, sum(f.tenths) AS tenths, count(f.tenths) AS scored "
        f"FROM wp JOIN facts f ON f.service_point_id = wp.service_point_id "
        f"WHERE f.day BETWEEN wp.low AND wp.high AND {in_facts} GROUP BY 1) "
        "SELECT wp.id, wp.code, any_value(wp.min_sample), "
        "coalesce(sum(wp.responses), 0), coalesce(sum(wp.overall_n), 0), "
        "coalesce(sum(wp.overall_sum), 0), coalesce(sum(wp.overall_sumsq), 0), "
        "coalesce(sum(wp.satisfied), 0), any_value(y.tenths), any_value(y.scored) "
        "FROM wp LEFT JOIN mystery y ON y.id = wp.id "
        "GROUP BY wp.id, wp.code, wp.starts_on ORDER BY wp.starts_on, wp.code",
        [f.start, f.end, f.end, f.start, *span],
    ).fetchall()
    surveys = []
    for _id, code, min_sample, responses, n, total, sumsq, satisfied, tenths, scored in waves:
        index = indices.figure_from_sums(int(n), float(total), float(sumsq), min_sample)
        share = indices.share_figure(int(satisfied), int(n), min_sample)
        surveys.append(
            (
                code,
                int(responses),
                (index.n, _r(index.value), _r(index.low), _r(index.high)),
                (share.n, _r(share.value), _r(share.low), _r(share.high)),
                _r(mean(tenths, scored or 0)),
            )
        )

    n, tenths, scored, critical_reports = overall
    everything = set(active)
    return {
        "planned": sum(int(r[0]) for r in by_month_missions.values()),
        "done": sum(int(r[1]) for r in by_month_missions.values()),
        "validated": sum(int(r[2]) for r in by_month_missions.values()),
        "coverage": rate(everything),
        "coverage_interior": rate(everything & interior),
        "coverage_rest": rate(everything - interior),
        "governorates": gov_rows,
        "mean_score": _r(mean(tenths, scored)),
        "critical_reports": critical_reports,
        "items": items,
        "strengths": strengths[:STRENGTHS],
        "weaknesses": weaknesses[:STRENGTHS],
        "bodies": ranking(body_rows, body_codes),
        "points": ranking(point_rows, codes),
        "critical": critical,
        "trend": trend,
        "surveys": surveys,
        "grid_versions": versions,
    }


def _json_list(raw: str | None) -> list[str]:
    import json

    return [str(code) for code in json.loads(raw or "[]")]


def normalise(board: Any) -> dict[str, Any]:
    """A figures.Dashboard in the shapes ``compute`` returns."""

    def rate(value: Any) -> tuple[int, int]:
        return (value.covered, value.active)

    return {
        "planned": board.planned,
        "done": board.done,
        "validated": board.validated,
        "coverage": rate(board.coverage),
        "coverage_interior": rate(board.coverage_interior),
        "coverage_rest": rate(board.coverage_rest),
        "governorates": {
            g.iso_code: (g.coverage.covered, g.coverage.active, _r(g.score), g.reports)
            for g in board.governorates
        },
        "mean_score": _r(board.mean_score),
        "critical_reports": board.critical_reports,
        "items": {
            (i.kind, i.code): (_r(i.mean), i.n, i.critical_failures)
            for i in [*board.sections, *board.criteria]
        },
        "strengths": [i.code for i in board.strengths],
        "weaknesses": [i.code for i in board.weaknesses],
        "bodies": [(r.id, _r(r.mean), r.n, r.critical) for r in board.bodies],
        "points": [(r.id, _r(r.mean), r.n, r.critical) for r in board.points],
        "critical": [
            (r.mission_code, r.day, r.point_code, tuple(c[0] for c in r.criteria))
            for r in board.critical
        ],
        "trend": [(r.month, r.planned, r.validated, _r(r.mean)) for r in board.trend],
        "surveys": [
            (
                s.code,
                s.responses,
                (s.index.n, _r(s.index.value), _r(s.index.low), _r(s.index.high)),
                (s.satisfied.n, _r(s.satisfied.value), _r(s.satisfied.low), _r(s.satisfied.high)),
                _r(s.mystery_mean),
            )
            for s in board.surveys
        ],
        "grid_versions": {v.id: v.reports for v in board.grid_versions},
    }


def compare(expected: dict[str, Any], found: dict[str, Any], *, limit: int = 5) -> list[str]:
    """Differences between two normalised sets of figures (DuckDB first), at most `limit`
    per figure."""
    problems = []
    for key, want in expected.items():
        got = found.get(key)
        if want == got:
            continue
        if isinstance(want, list) and isinstance(got, list):
            diffs = [
                f"{key}[{i}]: duckdb {a!r} ≠ dashboard {b!r}"
                for i, (a, b) in enumerate(zip(want, got, strict=False))
                if a != b
            ]
            if len(want) != len(got):
                diffs.insert(0, f"{key}: {len(want)} rows in duckdb, {len(got)} in the dashboard")
            problems += diffs[:limit]
        elif isinstance(want, dict) and isinstance(got, dict):
            keys = sorted(set(want) | set(got), key=str)
            diffs = [
                f"{key}[{k!r}]: duckdb {want.get(k)!r} ≠ dashboard {got.get(k)!r}"
                for k in keys
                if want.get(k) != got.get(k)
            ]
            problems += diffs[:limit]
        else:
            problems.append(f"{key}: duckdb {want!r} ≠ dashboard {got!r}")
    return problems


def check(con: Any, filters: Any, *, body_scope: Any = None) -> list[str]:
    """Mismatches between ``compute`` and ``dashboard_build`` (cache off): [] when equal."""
    from raqib.core import conf
    from raqib.reports.selectors import dashboard_build

    board = dashboard_build(filters=filters, body_scope=body_scope, use_cache=False)
    expected = compute(
        con, filters, body_scope=body_scope, min_reports=conf.dashboard_min_reports()
    )
    return compare(expected, normalise(board))


def time_case(con: Any, filters: Any, runs: int, *, body_scope: Any = None) -> list[float]:
    """Seconds taken by ``compute`` for `filters`, `runs` times (after one warm-up)."""
    compute(con, filters, body_scope=body_scope)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        compute(con, filters, body_scope=body_scope)
        times.append(time.perf_counter() - began)
    return times


def median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    """Check every case of run.py against DuckDB and print its median time."""
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import bench_url, setup_django

    parser = argparse.ArgumentParser(description="DuckDB reference of the dashboard figures")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", help="only the cases whose name contains this text")
    parser.add_argument("--database", help="PostgreSQL URL (its name must contain 'bench')")
    parser.add_argument("--no-check", action="store_true", help="only time DuckDB")
    args = parser.parse_args(argv)
    url = bench_url(args.database)
    setup_django(url)
    from django.conf import settings
    from run import cases

    began = time.perf_counter()
    con = load(url, time_zone=settings.TIME_ZONE)
    print(f"loaded in {time.perf_counter() - began:.1f} s", flush=True)
    failed = 0
    for case in cases():
        if args.only and args.only.lower() not in case.name.lower():
            continue
        problems = [] if args.no_check else check(con, case.filters, body_scope=case.body_scope)
        failed += bool(problems)
        times = time_case(con, case.filters, args.runs, body_scope=case.body_scope)
        status = "same figures" if not problems else f"{len(problems)} mismatches"
        print(f"{case.name:45} duckdb median {median_ms(times):6.1f} ms  {status}", flush=True)
        for problem in problems:
            print("    " + problem)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
