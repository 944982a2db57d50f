"""Roles that handle sensitive data must have a second factor before they see any page."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Pages a user without MFA must still reach: setting MFA up (allauth lives under /accounts/),
# signing out, switching language, static files, the health checks (/healthz, /health/).
_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/jsi18n/", "/static/", "/health")


def _without_language_prefix(path: str) -> str:
    """/ar/accounts/login/ → /accounts/login/ (i18n_patterns prefixes every page)."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._must_enrol(request):
            if request.path_info.startswith("/api/"):
                # An API client cannot follow an HTML enrolment page: say why in JSON.
                return JsonResponse(
                    {
                        "code": "mfa_required",
                        "detail": _(
                            "Protect your account with an authenticator app before using the API."
                        ),
                    },
                    status=403,
                )
            messages.warning(
                request,
                _(
                    "Your role gives access to sensitive data: protect your account with "
                    "an authenticator app before you continue."
                ),
                fail_silently=True,
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        if _without_language_prefix(request.path_info).startswith(_ALLOWED_PREFIXES):
            return False
        required = set(settings.RAQIB_MFA_REQUIRED_ROLES)
        if not (request.user.role_codes & required):  # type: ignore[union-attr]
            return False
        return not Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
