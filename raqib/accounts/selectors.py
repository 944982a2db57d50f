from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.core.search import normalize

from .models import User, UserRole


def user_list_for_user(*, user: Any, query: str = "", role: str = "") -> QuerySet[User]:
    """Administrators manage every account; nobody else lists accounts."""
    if Role.ADMINISTRATOR not in user_roles(user):
        return User.objects.none()
    qs = User.objects.prefetch_related(
        Prefetch("roles", queryset=UserRole.objects.order_by("role")), "focal_bodies"
    ).select_related("observer_profile")
    if role:
        qs = qs.filter(roles__role=role)
    for word in normalize(query).split():
        qs = qs.filter(username__icontains=word) | qs.filter(last_name__icontains=word)
    return qs.order_by("username").distinct()


def user_get_for_user(*, user: Any, pk: int) -> User:
    try:
        return user_list_for_user(user=user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
