"""Reads of the register of simplification measures (404 out of scope).

Department staff see every measure; a focal point sees the measures that concern one of their
bodies (or a body under them); nobody else sees any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role

from .models import SimplificationMeasure

if TYPE_CHECKING:
    from raqib.accounts.models import User


def measure_scope(*, user: User) -> QuerySet[SimplificationMeasure]:
    roles = user_roles(user)
    qs = SimplificationMeasure.objects.select_related("grid")
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        ids = SimplificationMeasure.objects.filter(bodies__in=user.focal_body_ids).values("pk")
        return qs.filter(pk__in=ids)
    return qs.none()


def measure_list_for_user(*, user: User) -> QuerySet[SimplificationMeasure]:
    return measure_scope(user=user).prefetch_related("bodies").order_by("code")


def measure_get_for_user(*, user: User, pk: Any) -> SimplificationMeasure:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    measure = measure_scope(user=user).prefetch_related("bodies", "categories").filter(pk=key)
    found = measure.first()
    if found is None:
        raise Http404
    return found


def measure_body_scope(*, user: User) -> frozenset[int] | None:
    """The bodies whose reports a user may see counted in a measure's compliance: None (all)
    for department staff, a focal point's bodies otherwise."""
    if user_roles(user) & STAFF_ROLES:
        return None
    return frozenset(user.focal_body_ids)
