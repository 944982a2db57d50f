from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import notification_unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The unread count of the header badge (lazily: one COUNT only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": lambda: notification_unread_count(user=user)}
