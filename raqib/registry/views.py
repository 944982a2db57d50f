from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from raqib.core.access import roles_required
from raqib.core.roles import STAFF_ROLES, Role

from . import selectors


@roles_required(*STAFF_ROLES, Role.FOCAL_POINT)
def service_point_list(request: HttpRequest) -> HttpResponse:
    points = selectors.service_point_list_for_user(user=request.user)[:50]
    return render(request, "registry/service_point_list.html", {"points": points})
