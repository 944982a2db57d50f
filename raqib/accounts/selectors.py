from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from raqib.audit.models import AuditEvent
from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.core.search import filter_search

from .models import User, UserRole


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
    return list(
        AuditEvent.objects.filter(
            Q(object_type="accounts.user", object_id=str(user.pk))
            | Q(object_type="accounts.observerprofile", object_id__in=profile_ids)
        ).order_by("-occurred_at", "-id")[:limit]
    )


def user_focal_bodies(*, user: User) -> list[Any]:
    """The bodies a focal point answers for."""
    return list(user.focal_bodies.all())


def observer_conflicts(*, profile: Any) -> tuple[list[Any], list[str]]:
    """An observer's declared conflicts: the bodies, and the service point codes in order."""
    bodies = list(profile.conflict_bodies.all())
    codes = list(profile.conflict_service_points.order_by("code").values_list("code", flat=True))
    return bodies, codes
