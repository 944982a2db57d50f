"""manage.py restore --input DIR --yes: verify a backup's manifest, then restore it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from a backup folder. Every part is checked "
        "against the manifest first; the database is replaced. Stop the site and the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="a backup folder")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the database is to be replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["input"])
        try:
            manifest = verify(folder)
            if not options["yes"]:
                raise CommandError(
                    f"The backup of {manifest.created_at} is intact. Restoring replaces the "
                    "database: run again with --yes to go on."
                )
            restore(folder, alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest.created_at}."))
