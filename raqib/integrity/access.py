"""Who may do what with integrity cases (need-to-know; docs/integrity.md)."""

from __future__ import annotations

from typing import Any

from raqib.core.access import user_roles
from raqib.core.roles import Role

# May see that cases exist (the list): the administrator sees references only, to assign.
LISTERS = frozenset({Role.DIRECTOR, Role.INTEGRITY_OFFICER, Role.ADMINISTRATOR})
ASSIGNERS = frozenset({Role.DIRECTOR, Role.ADMINISTRATOR})


def is_director(user: Any) -> bool:
    return Role.DIRECTOR in user_roles(user)


def is_officer(user: Any) -> bool:
    return Role.INTEGRITY_OFFICER in user_roles(user)


def may_assign(user: Any) -> bool:
    return bool(user_roles(user) & ASSIGNERS)
