from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {
        "nav_items": navigation.items_for(user) if user is not None else [],
        "current_view": current,
        "raqib_demo": settings.RAQIB_DEMO,
    }
