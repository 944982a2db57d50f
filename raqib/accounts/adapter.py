from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.core.exceptions import PermissionDenied

from raqib.core.client import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The address sign-in throttling counts against: the same as every other limit's.

        allauth's own reading of ALLAUTH_TRUSTED_PROXY_COUNT fails with a server error when a
        request carries fewer X-Forwarded-For entries than trusted proxies; ours falls back.
        """
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def is_open_for_signup(self, request):
        # Accounts are created by administrators only; nobody signs themselves up.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A password typed at sign-in a few minutes ago counts as a recent reauthentication.

        allauth only trusts an explicit "confirm your password" step, so a director who must
        enrol an authenticator right after signing in would type the same password twice in
        ten seconds. Both prove the same thing within the same window (REAUTHENTICATION_TIMEOUT).
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        window = account_settings.REAUTHENTICATION_TIMEOUT
        return not any(
            record.get("method") == "password" and time.time() - record.get("at", 0) < window
            for record in get_authentication_records(request, user)
        )
