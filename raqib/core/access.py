"""Access helpers used by every view.

Two answers only: 403 when the user's roles do not allow the *kind* of page at all, and 404
when the page is allowed but the object is outside the user's scope — the same 404 as for an
object that does not exist, so that probing ids tells nothing (Zulip's access_* helpers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def user_roles(user: Any) -> frozenset[str]:
    """The role codes the user holds (empty for anonymous or deactivated users)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return frozenset(getattr(user, "role_codes", frozenset()))


def has_any_role(user: Any, roles: Iterable[str]) -> bool:
    return bool(user_roles(user) & set(roles))


def roles_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: sign-in required, then one of `roles`, else 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator
