"""Panels of the signed-in home page, registered by the apps in their AppConfig.ready().

Like the navigation (raqib/core/navigation.py): core cannot import the apps that come after
it, so an app registers a panel — a template, the roles that see it, and a function of the
user that returns the template's context (through the app's own selectors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .access import user_roles


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    roles: frozenset[str]
    context: Callable[[Any], dict[str, Any]]
    order: int = 100


_PANELS: list[HomePanel] = []


def register(panel: HomePanel) -> None:
    if all(existing.key != panel.key for existing in _PANELS):
        _PANELS.append(panel)
        _PANELS.sort(key=lambda p: p.order)


def panels_for(user: Any) -> list[dict[str, Any]]:
    roles = user_roles(user)
    return [
        {"template": p.template, "context": p.context(user)} for p in _PANELS if roles & p.roles
    ]
