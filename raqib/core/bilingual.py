"""Content typed by users in both languages: which one to show.

One rule everywhere (registry names, grid titles, survey questions): the current language,
falling back to the other one so a half-filled record still reads.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localized(ar: Any, fr: Any) -> str:
    first, second = (fr, ar) if get_language() == "fr" else (ar, fr)
    return str(first or second or "")


def localized_field(obj: Any, field: str) -> str:
    """obj.<field>_ar / obj.<field>_fr in the current language."""
    return localized(getattr(obj, f"{field}_ar", ""), getattr(obj, f"{field}_fr", ""))
