"""Create an account from the shell, e.g. the first administrator of a fresh install."""

from __future__ import annotations

import getpass
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from raqib.accounts.services import user_create
from raqib.core.roles import Role

PASSWORD_ENV = "RAQIB_NEW_USER_PASSWORD"  # noqa: S105 (a variable name)


class Command(BaseCommand):
    help = (
        "Create a user with the given roles. The password is read from "
        f"{PASSWORD_ENV} or asked twice on the terminal. Audited as 'system'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            action="append",
            dest="roles",
            required=True,
            choices=Role.values,
            help="A role to grant; repeat for several.",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username: str, roles: list[str], **options):
        password = os.environ.get(PASSWORD_ENV) or self._ask_password()
        try:
            user = user_create(
                actor=None,
                username=username,
                password=password,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                roles=roles,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.username} ({', '.join(sorted(roles))}).")
        )
        if set(roles) & set(settings.RAQIB_MFA_REQUIRED_ROLES):
            self.stdout.write(
                "At the first sign-in this account must set up an authenticator app (TOTP)."
            )

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not first:
            raise CommandError("A password is required.")
        return first
