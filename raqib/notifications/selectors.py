"""Notification reads: a user only ever reads their own rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from raqib.core.access import user_roles

from .kinds import KINDS, kinds_for_roles
from .language import recipient_language
from .models import Notification, NotificationPreference


def notification_list_for_user(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-pk")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notification_list_for_user(user=user, unread_only=True).count()


def notification_preference_rows(*, user: Any) -> list[dict[str, Any]]:
    """One row per kind the user may receive: its label, whether the inbox entry may be
    switched off, and the current choice (defaults where nothing was saved)."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for kind in kinds_for_roles(user_roles(user)):
        spec = KINDS[kind]
        pref = saved.get(kind)
        rows.append(
            {
                "kind": kind,
                "in_app_optional": spec.in_app_optional,
                "in_app": pref.in_app if pref and spec.in_app_optional else True,
                "email": pref.email if pref else spec.email,
            }
        )
    return rows


def notification_language(*, user: Any) -> str:
    return recipient_language(user)
