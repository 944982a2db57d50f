"""Content typed by users in both languages: which one to show.

One rule everywhere (registry names, grid titles and snapshots, survey questions, reports):
the asked language first — French for ``"fr"`` (or ``"fr-…"``), Arabic for anything else,
Arabic being the product's first language — then the other language, so a half-filled record
still reads; nothing at all gives ``""``. Without ``lang`` the asked language is the current
one (``get_language()``).

Three shapes of bilingual content, one rule:
- two values:                         ``localized(ar, fr)``
- a ``{"ar": …, "fr": …}`` snapshot:  ``localized_text(value)`` (plain values pass through)
- ``<stem>_ar``/``<stem>_fr``:        ``localized_field(obj_or_mapping, stem)``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language


def wants_french(lang: str | None = None) -> bool:
    """Whether `lang` (default: the current language) asks for French before Arabic."""
    code = lang if lang is not None else get_language()
    return (code or "")[:2].lower() == "fr"


def localized(ar: Any, fr: Any, lang: str | None = None) -> str:
    """The text in the asked language, else in the other one, else ''."""
    first, second = (fr, ar) if wants_french(lang) else (ar, fr)
    return str(first or second or "")


def localized_text(value: Any, lang: str | None = None) -> str:
    """A snapshot's {'ar': …, 'fr': …} text; a plain value is its own text, None is ''."""
    if isinstance(value, Mapping):
        return localized(value.get("ar"), value.get("fr"), lang)
    return "" if value is None else str(value)


def localized_field(obj: Any, field: str, lang: str | None = None) -> str:
    """obj.<field>_ar / obj.<field>_fr (attributes, or keys of a mapping)."""
    if isinstance(obj, Mapping):
        return localized(obj.get(f"{field}_ar"), obj.get(f"{field}_fr"), lang)
    return localized(getattr(obj, f"{field}_ar", ""), getattr(obj, f"{field}_fr", ""), lang)
