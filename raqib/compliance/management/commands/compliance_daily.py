"""Daily: label reminders (once per event), expiry and compliance alerts (docs/compliance.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from raqib.compliance.daily import compliance_daily


class Command(BaseCommand):
    help = "Marhba label register: reminders, expiry and compliance alerts; run once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        result = compliance_daily(today=timezone.localdate())
        self.stdout.write(
            f"reminders={result.reminders} expired={result.expired} alerts={result.alerts}"
        )
