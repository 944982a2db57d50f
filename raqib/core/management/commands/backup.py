"""manage.py backup --output DIR: the database and the stored files, with a SHA-256 manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="a new or empty folder")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["output"])
        try:
            manifest = backup(folder, alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name, part in manifest.parts.items():
            self.stdout.write(f"{name}: {part['bytes']} bytes, sha256 {part['sha256']}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}."))
