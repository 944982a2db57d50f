"""The shell's navigation, assembled from what each app registers in its AppConfig.ready().

Core cannot import the apps that come after it, so they register their menu entries here,
each with the roles that may see it. The menu a user sees is exactly the set of entries their
roles allow — the permission matrix test checks that the pages behind them agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .access import user_roles


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    roles: frozenset[str]
    order: int = 100


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def items_for(user: Any) -> list[dict[str, Any]]:
    roles = user_roles(user)
    return [
        {"url": reverse(item.url_name), "label": item.label, "url_name": item.url_name}
        for item in _ITEMS
        if roles & item.roles
    ]
