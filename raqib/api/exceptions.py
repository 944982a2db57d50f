"""API errors: always a 4xx with a reason, never a bare 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        # get_object_or_404 says "No GridVersion matches the given query.": a model name,
        # in English whatever the client's language. Every 404 says the same, translated.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
