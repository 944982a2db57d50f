"""The shell's navigation, assembled from what each app registers in its AppConfig.ready().

Core cannot import the apps that come after it, so they register their menu entries here,
each with the roles that may see it. The menu a user sees is exactly the set of entries their
roles allow — the permission matrix test checks that the pages behind them agree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from .access import user_roles


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    roles: frozenset[str]
    order: int = 100


_ITEMS: list[NavItem] = []
logger = logging.getLogger(__name__)


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def items_for(user: Any) -> list[dict[str, Any]]:
    roles = user_roles(user)
    items = []
    for item in _ITEMS:
        if not roles & item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            # An app registered its entry but its URLs are not mounted (yet): every page
            # would fail for these roles, so the entry is left out and the mistake logged.
            logger.error("Menu entry %s has no URL; left out of the menu.", item.url_name)
            continue
        items.append({"url": url, "label": item.label, "url_name": item.url_name})
    return items
