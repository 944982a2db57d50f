"""Raw data exports on the national bench (docs/benchmarks.md, issue 17 item 3).

    .venv/bin/python bench/exports.py [--database URL] [--start 2025-01-01 --end 2026-12-31]

Each export (kind × format) runs in its own child process — exactly the body of the
background task (``raqib.exports.build.export_job_build``) for the bench director, with the
dashboard filters of the whole period — and reports its wall time, its peak resident memory
(``ru_maxrss`` of the child, Django included), the rows written and the rows the database
holds, counted independently in SQL. Results: ``bench/exports-<database>.json`` and a
Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, bench_url, database_name, setup_django

CASES = [
    ("raw_reports", "csv"),
    ("raw_reports", "xlsx"),
    ("raw_answers", "csv"),
    ("raw_survey_responses", "csv"),
    ("raw_survey_responses", "xlsx"),
]

ANSWER_ROWS_SQL = """
SELECT coalesce(sum((
    SELECT count(*) FROM jsonb_array_elements(r.score->'sections') s,
                         jsonb_array_elements(s->'criteria') c)), 0)
FROM missions_report r WHERE r.id = ANY(%s)
"""


def database_rows(kind: str, parameters: dict[str, Any]) -> int:
    """The rows the export must hold, counted apart from the export's code."""
    from django.db import connection

    from raqib.missions.models import Report
    from raqib.reports.figures import Filters
    from raqib.reports.raw_exports import _bounds

    filters = Filters.from_dict(parameters["filters"])
    start, end = _bounds(filters)
    if kind == "raw_survey_responses":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM surveys_surveyresponse "
                "WHERE submitted_at >= %s AND submitted_at < %s",
                [start, end],
            )
            return int(cursor.fetchone()[0])
    ids = list(
        Report.objects.filter(
            is_active=True,
            status__in=("submitted", "returned", "validated"),
            mission__window_start__gte=start,
            mission__window_start__lt=end,
        ).values_list("pk", flat=True)
    )
    if kind == "raw_reports":
        return len(ids)
    with connection.cursor() as cursor:
        cursor.execute(ANSWER_ROWS_SQL, [ids])
        return int(cursor.fetchone()[0])


def one(kind: str, fmt: str, start: str, end: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import override_settings
    from django.utils import translation

    from raqib.exports.build import export_job_build
    from raqib.exports.services import export_job_request

    user = get_user_model().objects.get(username="bench-director")
    parameters = {
        "filters": {
            "start": start,
            "end": end,
            "governorate_id": None,
            "region_tag": None,
            "body_id": None,
            "category_id": None,
            "channel": None,
        },
        "stem": "bench",
    }
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy), translation.override("ar"):
        job = export_job_request(
            actor=user, kind=kind, fmt=fmt, language="ar", parameters=parameters
        )
    began = time.perf_counter()
    job = export_job_build(job.pk)
    seconds = time.perf_counter() - began
    expected = database_rows(kind, parameters)
    result = {
        "kind": kind,
        "format": fmt,
        "status": str(job.status),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rows": job.row_count,
        "database_rows": expected,
        "bytes": job.size,
        "error": job.error,
    }
    if job.file:
        job.file.delete(save=False)  # the bench keeps the figures, not the files
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database")
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--end", default="2026-12-31")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "FORMAT"))
    parser.add_argument("--only", help="comma-separated kind:format cases")
    args = parser.parse_args(argv)
    url = bench_url(args.database)
    name = database_name(url)
    if args.one:
        setup_django(url)
        print(json.dumps(one(args.one[0], args.one[1], args.start, args.end)))
        return 0
    cases = CASES
    if args.only:
        cases = [tuple(c.split(":")) for c in args.only.split(",")]  # type: ignore[misc]
    results = []
    for kind, fmt in cases:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--database",
            url,
            "--start",
            args.start,
            "--end",
            args.end,
            "--one",
            kind,
            fmt,
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            results.append(
                {"kind": kind, "format": fmt, "status": "crashed", "stderr": done.stderr[-2000:]}
            )
        else:
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    out = ROOT / "bench" / f"exports-{name}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        "| export | format | time (s) | peak memory (MB) | rows written "
        "| rows in the database | file size (MB) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        size = f"{r['bytes'] / 1e6:.1f}" if r.get("bytes") else "—"
        print(
            f"| {r['kind']} | {r['format']} | {r.get('seconds', '—')} | "
            f"{r.get('peak_rss_mb', '—')} | {r.get('rows', '—')} | "
            f"{r.get('database_rows', '—')} | {size} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
