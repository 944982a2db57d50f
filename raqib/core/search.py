"""Arabic- and French-aware search normalisation, used by every search box.

Typing «اداره» must find «إدارة», «مستشفى» must find «مستشفي», «Béja» must find «beja».
We fold both the stored text and the query with the same function and compare the folded
forms; services keep a folded `search_text` column up to date so the database does the
matching with a plain, indexable LIKE on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, TypeVar

from django.db import models

if TYPE_CHECKING:
    from django.db.models import QuerySet

_M = TypeVar("_M", bound=models.Model)

# Hamza forms of alef (and madda) fold to a bare alef; hamza on waw/ya to its carrier.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ـ": None,  # tatweel
    }
)
# Arabic diacritics (harakat, shadda, sukun, dagger alef) and Quranic marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_SPACES = re.compile(r"\s+")
# Eastern Arabic digits, in case someone types them; Tunisia writes 0-9.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize(text: str | None) -> str:
    """Fold text for matching: case, accents, Arabic letter variants, marks and spaces."""
    if not text:
        return ""
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ARABIC_FOLD).translate(_DIGITS)
    # Strip Latin accents: decompose, drop combining marks (Arabic marks are already gone).
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def search_blob(*parts: str | None) -> str:
    """The folded text a model stores in its `search_text` column."""
    return " | ".join(normalize(p) for p in parts if p)


def filter_search(
    queryset: QuerySet[_M, _M], query: str | None, field: str = "search_text"
) -> QuerySet[_M, _M]:
    """Keep the rows whose folded text contains every folded word of the query."""
    for word in normalize(query).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
