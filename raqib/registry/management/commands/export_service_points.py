"""Export every service point to CSV or XLSX, in the columns the import reads."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from raqib.registry.exporting import service_point_export
from raqib.registry.models import ServicePoint


class Command(BaseCommand):
    help = "Export the service points to a CSV (UTF-8 with BOM) or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="fmt")
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="An Arabic export opens right-to-left in Excel.",
        )

    def handle(self, *args, fmt: str, output: Path, language: str, **options):
        points = ServicePoint.objects.order_by("code")
        content = service_point_export(
            points=points, fmt=fmt, right_to_left=language in settings.LANGUAGES_BIDI
        )
        output.write_bytes(content)
        self.stdout.write(f"{points.count()} service points written to {output}.")
