"""The API's own answers: an address under /api/ that names nothing is a JSON 404."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/ address no route takes, e.g. /api/v1/grids/versions/abc/ (not an id).

    Without it Django's HTML "Not Found" page would answer: a client that reads JSON
    everywhere else would choke on it.
    """
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
