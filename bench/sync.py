"""Sync robustness figures (issue 19): the long chaos run and the bytes of a correction.

One command for releases: `make chaos` (= .venv/bin/python bench/sync.py). It runs the
suite's own Playwright tests with a bigger budget, on SQLite and, when --database (or
DATABASE_URL) names a PostgreSQL server, on PostgreSQL too, and prints a Markdown table for
docs/benchmarks.md. The same assertions as in `make test` apply: 0 lost, 0 duplicated,
0 stuck, 0 altered; correction bytes ≤ 1.1 × the changed data.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = "raqib/observer/tests/test_browser_sync.py"


def run(database: str | None, reports: int, rounds: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix="raqib-chaos-"))
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database:
        env["DATABASE_URL"] = database
    env.update(
        RAQIB_CHAOS_REPORTS=str(reports),
        RAQIB_CHAOS_ROUNDS=str(rounds),
        RAQIB_CHAOS_OUT=str(out / "chaos.json"),
        RAQIB_BYTES_OUT=str(out / "bytes.json"),
    )
    started = time.monotonic()
    command = [
        str(ROOT / ".venv" / "bin" / "pytest"),
        "-n",
        "0",
        "-q",
        TESTS,
        "raqib/missions/tests/test_concurrency.py",
        "-k",
        "chaos or correction_sends or sixteen",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    figures = {
        "database": "PostgreSQL" if database else "SQLite",
        "passed": result.returncode == 0,
        "seconds": round(time.monotonic() - started, 1),
    }
    for name in ("chaos", "bytes"):
        path = out / f"{name}.json"
        if path.exists():
            figures[name] = json.loads(path.read_text())
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    runs = [run(None, args.reports, args.rounds)]
    if args.database:
        runs.append(run(args.database, args.reports, args.rounds))
    print(
        "| database | reports | faults injected | reloads | restarts | chaos s | drain s | "
        "correction bytes / changed | result |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for figures in runs:
        chaos = figures.get("chaos", {})
        faults = chaos.get("faults", {})
        injected = sum(faults.get(k, 0) for k in ("abort_before", "abort_after", "503", "delay"))
        detail = ", ".join(
            f"{k} {faults.get(k, 0)}" for k in ("abort_before", "abort_after", "503", "delay")
        )
        size = figures.get("bytes", {})
        print(
            f"| {figures['database']} | {chaos.get('reports', '—')} | {injected} of "
            f"{faults.get('calls', 0)} calls ({detail}) | {chaos.get('reloads', '—')} | "
            f"{chaos.get('restarts', '—')} | {chaos.get('chaos_seconds', '—')} | "
            f"{chaos.get('drain_seconds', '—')} | {size.get('sent', '—')} / "
            f"{size.get('changed', '—')} (photos kept: {size.get('photos', '—')} B) | "
            f"{'pass' if figures['passed'] else 'FAIL'} |"
        )
    print(json.dumps(runs, indent=2), file=sys.stderr)
    return 0 if all(f["passed"] for f in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
