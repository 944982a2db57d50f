"""manage.py export_grid CODE VERSION --format xlsform|xform --output FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.grids.models import GridVersion
from raqib.grids.services import grid_version_build_snapshot
from raqib.grids.xlsform import xform_export, xlsform_export


class Command(BaseCommand):
    help = "Export a grid version as an XLSForm workbook or an ODK XForm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("version", type=int)
        parser.add_argument("--format", choices=["xlsform", "xform"], default="xlsform")
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        version = (
            GridVersion.objects.select_related("grid")
            .filter(grid__code=options["code"], number=options["version"])
            .first()
        )
        if version is None:
            raise CommandError(f"No version {options['version']} of grid {options['code']}.")
        snapshot = grid_version_build_snapshot(version)
        output: Path = options["output"]
        if options["format"] == "xform":
            output.write_text(xform_export(snapshot), encoding="utf-8")
        else:
            output.write_bytes(xlsform_export(snapshot))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
