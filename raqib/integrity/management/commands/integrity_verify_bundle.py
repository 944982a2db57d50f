"""Check an integrity bundle against its manifest: `manage.py integrity_verify_bundle X.zip`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.integrity.bundle import verify_bundle


class Command(BaseCommand):
    help = "Verify the SHA-256 of every file of an integrity case bundle against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", help="the ZIP file exported from the case page")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_bundle(options["bundle"])
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s): the bundle does NOT verify.")
        self.stdout.write("OK: every file matches the manifest.")
