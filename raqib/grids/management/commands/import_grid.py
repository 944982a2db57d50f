"""manage.py import_grid FILE [--dry-run] [--publish]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.grids.xlsform import xlsform_import


class Command(BaseCommand):
    help = "Import an XLSForm workbook as a new grid version (a draft unless --publish)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the new version.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = xlsform_import(
            actor=None,
            data=path.read_bytes(),
            filename=path.name,
            publish=options["publish"],
            dry_run=options["dry_run"],
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s): nothing was imported.")
        assert result.snapshot is not None
        code = result.snapshot["grid"]["code"]
        if options["dry_run"]:
            self.stdout.write(
                f"OK (dry run): {code}, {result.criteria_count} criteria, "
                f"hash {result.content_hash}"
            )
            return
        assert result.version is not None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {code} v{result.version.number} ({result.version.status}), "
                f"{result.criteria_count} criteria, hash {result.content_hash}"
            )
        )
