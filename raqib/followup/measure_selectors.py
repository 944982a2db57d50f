"""Reads of the register of simplification measures (404 out of scope).

Department staff see every measure; a focal point sees the measures that concern one of their
bodies: a measure of that body, of a body under it or of a body above it (a ministry's measure
concerns its bodies), and only the figures of their own bodies; nobody else sees any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role
from raqib.registry.models import PublicBody

from .models import SimplificationMeasure

if TYPE_CHECKING:
    from raqib.accounts.models import User


def _ancestor_ids(*, user: User) -> set[int]:
    """The bodies above a focal point's bodies: a measure of a ministry concerns its bodies."""
    found: set[int] = set()
    frontier = set(user.focal_bodies.values_list("parent_id", flat=True)) - {None}
    while frontier:
        found |= frontier
        parents = PublicBody.objects.filter(pk__in=frontier).values_list("parent_id", flat=True)
        frontier = {p for p in parents if p is not None} - found
    return found


def measure_scope(*, user: User) -> QuerySet[SimplificationMeasure]:
    roles = user_roles(user)
    qs = SimplificationMeasure.objects.select_related("grid")
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        concerned = set(user.focal_body_ids) | _ancestor_ids(user=user)
        ids = SimplificationMeasure.objects.filter(bodies__in=concerned).values("pk")
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
