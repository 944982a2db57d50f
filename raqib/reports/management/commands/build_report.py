"""manage.py build_report --period 2026-S1 --lang ar --format pdf --output report.pdf

Builds a periodic activity report synchronously through the same service and task as the UI
(so it is stored and published as an immutable snapshot too), copies the file to --output and
prints its SHA-256.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.reports.models import PeriodicReportStatus, ReportFormat
from raqib.reports.periodic.services import LANGUAGES, periodic_report_request
from raqib.reports.periods import Period, custom_period, parse_period


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Bad date {value!r}: use YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Build a periodic activity report (PDF or XLSX) and write it to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="2026-S1, 2026-S2, 2026-9M, 2026, 2026-Q1 or 2026-03")
        parser.add_argument("--from", dest="start", help="custom period: first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="custom period: last day, YYYY-MM-DD")
        parser.add_argument("--lang", default="ar", help="ar or fr")
        parser.add_argument("--format", dest="fmt", default="pdf", help="pdf or xlsx")
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        lang, fmt = options["lang"], options["fmt"]
        if lang not in LANGUAGES:
            raise CommandError(f"Unknown language {lang!r}: use ar or fr.")
        if fmt not in ReportFormat.values:
            raise CommandError(f"Unknown format {fmt!r}: use pdf or xlsx.")
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"The folder {output.parent} does not exist.")
        report = periodic_report_request(
            actor=None, period=period, language=lang, fmt=fmt, synchronous=True
        )
        if report.status != PeriodicReportStatus.DONE:
            raise CommandError(f"The report {report.uuid} failed: {report.error}")
        with report.file.open("rb") as handle:
            output.write_bytes(handle.read())
        self.stdout.write(f"{report.sha256}  {output}")
        self.stderr.write(f"report {report.uuid}: {report.size} bytes")

    def _period(self, options: dict[str, Any]) -> Period:
        label, start, end = options.get("period"), options.get("start"), options.get("end")
        try:
            if label and (start or end):
                raise CommandError("Give either --period or --from/--to, not both.")
            if label:
                return parse_period(label)
            if start and end:
                return custom_period(_date(start), _date(end))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        raise CommandError("Give --period (e.g. 2026-S1) or both --from and --to.")
