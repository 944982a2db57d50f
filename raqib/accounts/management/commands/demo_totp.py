"""Print the current TOTP code of a demo account (demo instances only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from raqib.accounts.demo import totp_code, user_totp_secret
from raqib.accounts.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of USERNAME. Demo instances only (RAQIB_DEMO)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        # On a real instance this would hand out second factors to whoever has a shell.
        if not settings.RAQIB_DEMO:
            raise CommandError("demo_totp only runs on a demo instance (RAQIB_DEMO=1).")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        secret = user_totp_secret(user)
        if secret is None:
            raise CommandError(f"{username!r} has no authenticator app.")
        self.stdout.write(totp_code(secret))
