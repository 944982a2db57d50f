from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import user_roles
from .health import OK, run_checks
from .home import panels_for as home_panels_for


def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users get their workspace; anonymous visitors a public page that introduces
    Raqib and leads to sign-in (nothing on it depends on data, so it is safe to show)."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    return render(
        request,
        "core/home.html",
        {"roles": sorted(user_roles(request.user)), "panels": home_panels_for(request.user)},
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer: the process answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        # 503 tells the load balancer to route elsewhere; a 500 would read as a bug.
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def health_checks(request: HttpRequest) -> JsonResponse:
    """Readiness for monitoring: database, file storage and task queue, each named.

    200 when every check passes, 503 otherwise; never cached (a stale "ok" hides an outage).
    """
    checks = run_checks()
    healthy = all(result == OK for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
