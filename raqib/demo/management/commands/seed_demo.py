"""`manage.py seed_demo`: load the synthetic demonstration dataset (safe to run twice)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from raqib.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the synthetic demonstration dataset and one account per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though RAQIB_DEMO is off (the accounts have published passwords).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo accounts have a password printed below: never on a real instance by mistake.
        if not settings.RAQIB_DEMO and not options["force"]:
            raise CommandError(
                "RAQIB_DEMO is off: refusing to create demo accounts. Use --force to override."
            )
        started = time.monotonic()
        result = seed_demo()
        elapsed = time.monotonic() - started
        for message in result.messages:
            self.stdout.write(self.style.WARNING(message))
        if result.anything_created:
            made = ", ".join(f"{n} {kind}" for kind, n in sorted(result.created.items()))
            self.stdout.write(f"Created {made} in {elapsed:.1f} s.")
        else:
            self.stdout.write(f"The demonstration data was already in place ({elapsed:.1f} s).")
        rows = [("ROLE", "USERNAME", "PASSWORD", "SECOND FACTOR")]
        for user in result.users:
            totp = f"manage.py demo_totp {user['username']}" if user["mfa"] else "-"
            rows.append((user["role"], user["username"], user["password"], totp))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        for row in rows:
            self.stdout.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
        self.stdout.write("")
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/ar/accounts/login/ — accounts with a second "
            "factor ask for the current 6-digit code: run the command shown above, or add "
            "the fixed demo secret to an authenticator app."
        )
