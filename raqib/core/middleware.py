"""Request id and Content-Security-Policy."""

from __future__ import annotations

import contextvars
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# The id of the request being served, for correlation in logs and audit events only. It is
# metadata, never authority: services always receive the acting user explicitly.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.RAQIB_CSP)
        response.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"
        )
        return response


class ArabicFirstLocaleMiddleware(LocaleMiddleware):
    """The language comes from the URL, then the remembered choice, then Arabic.

    Django's own middleware would fall back on the browser's Accept-Language, sending a phone
    set to French to /fr/ although the department's default language is Arabic: the choice
    must be the user's, made once with the language switch and remembered in a cookie.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        if not language and request.path_info.startswith("/api/"):
            # API clients carry no language prefix: they say what they want in
            # Accept-Language (or the remembered cookie), Arabic otherwise.
            language = translation.get_language_from_request(request, check_path=False)
        if not language:
            remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            try:
                language = translation.get_supported_language_variant(remembered)
            except LookupError:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
