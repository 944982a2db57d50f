"""Roles that handle sensitive data must have a second factor before they see any page."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a user without MFA must still reach: setting MFA up, signing out, switching language.
_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        path = request.path_info
        # Language-prefixed paths: /ar/accounts/... is allowed like /accounts/...
        bare = (
            "/" + path.split("/", 2)[2]
            if path.count("/") >= 2 and path[1:3] in {"ar", "fr"}
            else path
        )
        if bare.startswith(_ALLOWED_PREFIXES) or path.startswith(_ALLOWED_PREFIXES):
            return False
        required = set(settings.RAQIB_MFA_REQUIRED_ROLES)
        if not (request.user.role_codes & required):  # type: ignore[union-attr]
            return False
        return not Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
