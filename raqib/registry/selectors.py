"""Reads of the registry. Every object a user reaches goes through a *_for_user selector."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role

from .models import PublicBody, ServicePoint


def public_body_descendant_ids(*, root_ids: Iterable[int]) -> set[int]:
    """The bodies under the given roots, roots included (the tree is a few hundred rows)."""
    found = set(root_ids)
    frontier = set(found)
    while frontier:
        children = set(
            PublicBody.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def service_point_list_for_user(*, user: Any) -> QuerySet[ServicePoint]:
    """Department staff see every point; a focal point sees the points of their bodies."""
    roles = user_roles(user)
    qs = ServicePoint.objects.select_related("body", "category", "delegation", "governorate")
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        return qs.filter(body_id__in=user.focal_body_ids)
    return qs.none()


def service_point_get_for_user(*, user: Any, pk: int) -> ServicePoint:
    """The point, or 404 — the same 404 whether it does not exist or is out of scope."""
    try:
        return service_point_list_for_user(user=user).get(pk=pk)
    except (ServicePoint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
