"""Send the daily e-mail digests of notifications (run once a day from cron, e.g. at 18:00)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.notifications.emails import notification_digests_send


class Command(BaseCommand):
    help = "Send each user the daily digest of their notifications (idempotent per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="The day to send (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("day"):
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError as exc:
                raise CommandError("--day must be a date written YYYY-MM-DD.") from exc
        sent = notification_digests_send(day=day)
        self.stdout.write(f"{sent} digest(s) sent.")
