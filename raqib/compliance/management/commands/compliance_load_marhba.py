"""Load the Marhba referential (edition 3, draft) and map the grids' "Marhba — …" criteria."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from raqib.compliance.services import marhba_load


class Command(BaseCommand):
    help = "Load the Marhba referential (edition 3) and its default mapping; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        referential, added = marhba_load(actor=None)
        self.stdout.write(f"{referential}: {added} mapping(s) added")
