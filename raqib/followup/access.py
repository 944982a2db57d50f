"""Who stands on which side of a recommendation."""

from __future__ import annotations

from typing import Any

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role

from .models import Side

# Department staff who write to bodies and decide on plans (the others read).
DEPARTMENT_ACTORS = frozenset({Role.COORDINATOR, Role.DIRECTOR})
READERS = frozenset(STAFF_ROLES | {Role.FOCAL_POINT})


def side_of(user: Any, body_id: int) -> str | None:
    """Side.DEPARTMENT, Side.BODY or None (may read, or not even that, but not act)."""
    roles = user_roles(user)
    if roles & DEPARTMENT_ACTORS:
        return Side.DEPARTMENT
    if Role.FOCAL_POINT in roles and body_id in user.focal_body_ids:
        return Side.BODY
    return None


def is_department(user: Any) -> bool:
    return bool(user_roles(user) & DEPARTMENT_ACTORS)
