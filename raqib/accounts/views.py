from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from raqib.core.access import roles_required
from raqib.core.roles import Role

from . import selectors


@roles_required(Role.ADMINISTRATOR)
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.user_list_for_user(
        user=request.user, query=request.GET.get("q", ""), role=request.GET.get("role", "")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "roles": Role.choices})
