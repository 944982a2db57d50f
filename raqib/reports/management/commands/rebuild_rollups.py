"""Recompute the dashboard rollups from the validated reports (after a bulk load, or to repair)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from raqib.reports.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Empty and recompute the dashboard rollups (report facts, criterion facts, monthly "
        "cube) from every validated report, in one transaction. Audited as 'system'."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        started = time.monotonic()
        verbose = int(options.get("verbosity", 1)) >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}")
                self.stdout.flush()

        counts = rollups_rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt: {counts['reports']} reports, {counts['criteria']} criterion scores, "
                f"{counts['cube']} cube cells in {time.monotonic() - started:.1f}s."
            )
        )
