"""TOTP helpers for the synthetic demo instance and the tests — never for real accounts.

Demo personas share one fixed, public TOTP secret so that a presenter (or a browser test)
can compute the current code with `manage.py demo_totp USERNAME`. Production never runs with
RAQIB_DEMO on, and the command refuses to run without it.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (public on purpose)


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app would show for `secret` at time `at` (now by default)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def user_totp_secret(user: object) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return decrypt(authenticator.data["secret"])
