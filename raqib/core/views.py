from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import user_roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"roles": sorted(user_roles(request.user))})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the process answers and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
