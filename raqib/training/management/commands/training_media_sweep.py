"""Daily: delete stored lesson files that no lesson file refers to (docs/admin-guide.md)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from raqib.training.media import lesson_media_sweep


class Command(BaseCommand):
    help = "Delete stored lesson files without a row, older than --hours (24 by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hours"] < 0:
            self.stderr.write("--hours must be 0 or more.")
            raise SystemExit(2)
        removed = lesson_media_sweep(older_than=dt.timedelta(hours=options["hours"]))
        for name in removed:
            self.stdout.write(name)
        self.stdout.write(f"deleted: {len(removed)}")
