from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from raqib.audit.labels import attach_related_names
from raqib.audit.models import AuditEvent
from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.core.search import filter_search
from raqib.registry.models import PublicBody

from .models import MEMBER_LANGUAGES, Appointment, ObserverProfile, User, UserRole


def user_list_for_user(
    *, user: User, query: str = "", role: str = "", status: str = ""
) -> QuerySet[User]:
    """Administrators manage every account; nobody else lists accounts."""
    if Role.ADMINISTRATOR not in user_roles(user):
        return User.objects.none()
    qs = User.objects.prefetch_related(
        Prefetch("roles", queryset=UserRole.objects.order_by("role")), "focal_bodies"
    ).select_related("observer_profile")
    if role:
        qs = qs.filter(roles__role=role)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    # The same folding as every search box: «امنة» finds «آمنة», "bechir" finds "Béchir".
    qs = filter_search(qs, query)
    return qs.order_by("username").distinct()


def user_get_for_user(*, user: User, pk: Any) -> User:
    try:
        return user_list_for_user(user=user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def user_history(*, user: User, limit: int = 20) -> list[AuditEvent]:
    """The latest audit events about an account (and its observer profile)."""
    profile_ids = [str(user.observer_profile.pk)] if hasattr(user, "observer_profile") else []
    events = list(
        AuditEvent.objects.filter(
            Q(object_type="accounts.user", object_id=str(user.pk))
            | Q(object_type="accounts.observerprofile", object_id__in=profile_ids)
        ).order_by("-occurred_at", "-id")[:limit]
    )
    attach_related_names(events)
    return events


def user_focal_bodies(*, user: User) -> list[Any]:
    """The bodies a focal point answers for."""
    return list(user.focal_bodies.all())


def observer_conflicts(*, profile: Any) -> tuple[list[Any], list[str]]:
    """An observer's declared conflicts: the bodies, and the service point codes in order."""
    bodies = list(profile.conflict_bodies.all())
    codes = list(profile.conflict_service_points.order_by("code").values_list("code", flat=True))
    return bodies, codes


# --- Recipients of notifications ------------------------------------------------------------


def users_with_roles(*, roles: Any) -> list[User]:
    """Active users holding any of these roles, with their roles loaded.

    Department staff (coordinators, directors, integrity officers) have a national scope
    today: every one of them covers every service point. When staff scopes arrive, this is
    the one place that narrows the recipients of a point's events.
    """
    return list(
        User.objects.filter(is_active=True, roles__role__in=list(roles))
        .prefetch_related("roles")
        .distinct()
        .order_by("pk")
    )


def focal_points_of_body(*, body_id: int) -> list[User]:
    """Active focal points who see body `body_id`: those answering for it or for a body
    above it (a ministry's focal point sees its bodies), with their roles loaded."""
    ancestors: set[int] = set()
    current: int | None = body_id
    while current is not None and current not in ancestors:
        ancestors.add(current)
        current = PublicBody.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return list(
        User.objects.filter(
            is_active=True, roles__role=Role.FOCAL_POINT, focal_bodies__in=ancestors
        )
        .prefetch_related("roles")
        .distinct()
        .order_by("pk")
    )


def focal_points_nearest(*, body_id: int) -> list[User]:
    """The focal points answering for body `body_id` itself or, when it has none, for the
    nearest body above it that has some: who a body's own notices go to (the bodies further up
    hear of it only when something is escalated to them)."""
    seen: set[int] = set()
    current: int | None = body_id
    while current is not None and current not in seen:
        seen.add(current)
        found = list(
            User.objects.filter(
                is_active=True, roles__role=Role.FOCAL_POINT, focal_bodies__id=current
            )
            .prefetch_related("roles")
            .distinct()
            .order_by("pk")
        )
        if found:
            return found
        current = PublicBody.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return []


def appointments_of(*, user: User) -> list[Appointment]:
    return list(Appointment.objects.filter(user=user).order_by("renewal"))


def member_status(*, user: User, today: dt.date) -> str:
    """ "active" (a term covers today), "ended" (the last term is over), "future" (the first
    term has not begun) or "" (no decision recorded)."""
    terms = appointments_of(user=user)
    if not terms:
        return ""
    if any(a.term_start <= today <= a.term_end for a in terms):
        return "active"
    if max(a.term_end for a in terms) < today:
        return "ended"
    return "future"


def terms_ending(*, today: dt.date, days: int) -> list[Appointment]:
    """The latest term of each active member when it ends within `days` (reminders)."""
    found = []
    latest: dict[int, Appointment] = {}
    for appointment in Appointment.objects.select_related("user").order_by("user_id", "renewal"):
        latest[appointment.user_id] = appointment
    for appointment in latest.values():
        if appointment.user.is_active and today <= appointment.term_end <= today + dt.timedelta(
            days=days
        ):
            found.append(appointment)
    return sorted(found, key=lambda a: (a.term_end, a.user.username))


def member_language_labels(*, profile: ObserverProfile | None) -> list[str]:
    """The member's languages in the reader's language, in the referential's order."""
    if profile is None:
        return []
    labels = dict(MEMBER_LANGUAGES)
    return [str(labels[code]) for code in profile.languages if code in labels]
