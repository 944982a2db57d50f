"""Reads of the registry. Every object a user reaches goes through a *_for_user selector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.search import filter_search
from raqib.core.users import RoleHolder

from .models import (
    Channel,
    Governorate,
    PublicBody,
    RegionTag,
    ServiceCategory,
    ServicePoint,
    ServicePointActivePeriod,
)


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


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def service_point_list_for_user(
    *, user: RoleHolder, filters: Mapping[str, Any] | None = None
) -> QuerySet[ServicePoint]:
    """Department staff see every point; a focal point sees the points of their bodies.

    `filters` (every key optional, empty values ignored): governorate (ISO code), region
    (region tag code), body (a body or its id, descendants included), category (a category
    or its id), channel (a `Channel` value), active ("yes", "no" or "all", the default) and
    q (the Arabic- and French-aware search).
    """
    roles = user_roles(user)
    qs = ServicePoint.objects.select_related(
        "body", "category", "delegation", "governorate"
    ).order_by("code")
    if roles & STAFF_ROLES:
        pass
    elif Role.FOCAL_POINT in roles:
        qs = qs.filter(body_id__in=user.focal_body_ids)
    else:
        return qs.none()
    return _apply_filters(qs, filters or {})


def _apply_filters(
    qs: QuerySet[ServicePoint], filters: Mapping[str, Any]
) -> QuerySet[ServicePoint]:
    governorate = filters.get("governorate")
    if governorate:
        if isinstance(governorate, Governorate):
            qs = qs.filter(governorate=governorate)
        else:
            qs = qs.filter(governorate__iso_code=governorate)
    region = filters.get("region")
    if region:
        code = region.code if isinstance(region, RegionTag) else region
        qs = qs.filter(governorate__region_tags__code=code)
    body = filters.get("body")
    if body:
        qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[_pk(body)]))
    category = filters.get("category")
    if category:
        qs = qs.filter(category_id=_pk(category))
    channel = filters.get("channel")
    if channel == Channel.IN_PERSON:
        qs = qs.filter(in_person=True)
    elif channel == Channel.PHONE:
        qs = qs.exclude(phones="")
    elif channel == Channel.EMAIL:
        qs = qs.exclude(email="")
    elif channel == Channel.WEB:
        qs = qs.exclude(website="")
    active = filters.get("active") or "all"
    if active == "yes":
        qs = qs.filter(is_active=True)
    elif active == "no":
        qs = qs.filter(is_active=False)
    return filter_search(qs, filters.get("q"))


def service_point_get_for_user(*, user: RoleHolder, pk: int | str) -> ServicePoint:
    """The point, or 404 — the same 404 whether it does not exist or is out of scope."""
    try:
        return service_point_list_for_user(user=user).get(pk=pk)
    except (ServicePoint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def service_point_history(*, service_point: ServicePoint) -> QuerySet[ServicePointActivePeriod]:
    return service_point.active_periods.order_by("-started_on")


def service_points_active_during(*, start: dt.date, end: dt.date) -> QuerySet[ServicePoint]:
    """The points open on at least one day between start and end (both included).

    Reads the activity periods, not the current flag, so the coverage of a past quarter
    counts a point closed since, and leaves out one opened afterwards.
    """
    periods = ServicePointActivePeriod.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    return ServicePoint.objects.filter(pk__in=periods.values("service_point_id")).select_related(
        "body", "category", "delegation", "governorate"
    )


def public_body_list_for_user(*, user: RoleHolder) -> QuerySet[PublicBody]:
    """Bodies offered in filters: all of them for staff, a focal point's own tree otherwise."""
    roles = user_roles(user)
    qs = PublicBody.objects.order_by("code")
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        return qs.filter(pk__in=user.focal_body_ids)
    return qs.none()


def service_category_list() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.order_by("code")


# --- Public pages (raqib.publication): the registry's public facts only -------------------


def public_service_points(
    *, q: str = "", governorate: str = "", body_id: int | None = None
) -> QuerySet[ServicePoint]:
    """Active service points, searchable by name or code and filtered by governorate (ISO
    code) or body (with its sub-bodies), by governorate then name."""
    qs = ServicePoint.objects.filter(is_active=True).select_related(
        "body", "governorate", "category"
    )
    if body_id is not None:
        qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[body_id]))
    if governorate:
        qs = qs.filter(governorate__iso_code=governorate)
    return filter_search(qs, q or None).order_by("governorate__iso_code", "name_fr", "code")


def public_service_point_by_code(*, code: str) -> ServicePoint:
    found = (
        ServicePoint.objects.filter(is_active=True, code=code)
        .select_related("body", "governorate", "category", "delegation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def public_body_get(*, code: str) -> PublicBody:
    found = PublicBody.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found


def governorate_list() -> QuerySet[Governorate]:
    return Governorate.objects.order_by("iso_code")
