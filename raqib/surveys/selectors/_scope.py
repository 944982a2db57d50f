"""Who sees what among the survey waves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from raqib.core.access import user_roles
from raqib.core.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from raqib.accounts.models import User


def focal_ids(user: User) -> frozenset[int] | None:
    """None for department staff (everything), the body ids for a focal point, else empty."""
    roles = user_roles(user)
    if roles & STAFF_ROLES:
        return None
    if Role.FOCAL_POINT in roles:
        return frozenset(user.focal_body_ids)
    return frozenset()
