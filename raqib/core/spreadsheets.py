"""Cells written to files people open in a spreadsheet.

A spreadsheet runs a cell that starts with one of FORMULA_STARTS as a formula: a name or a
citizen's comment typed as =HYPERLINK(...) would become a live link (CSV/formula injection).
CSV cells get the usual apostrophe, which imports take off again (`csv_unescape`) so that an
export still imports back as a no-op; XLSX writers type such cells as text instead.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"


def csv_escape(value: str) -> str:
    if value.startswith((*FORMULA_STARTS, _ESCAPE)):
        return _ESCAPE + value
    return value


def csv_unescape(value: str) -> str:
    if len(value) > 1 and value[0] == _ESCAPE and value[1] in (*FORMULA_STARTS, _ESCAPE):
        return value[1:]
    return value


# Characters a sheet title may not hold, and its length limit (Excel's rules).
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(title: str) -> str:
    """A translated sheet name Excel accepts (31 characters, none of []:*?/\\)."""
    return str(title).translate(_SHEET_FORBIDDEN).strip()[:31] or "-"


def sheet_view_for_language(sheet: object, language: str | None = None) -> None:
    """Right to left for Arabic (default: the current language), left to right otherwise."""
    from django.conf import settings
    from django.utils.translation import get_language

    code = (language or get_language() or "")[:2]
    sheet.sheet_view.rightToLeft = code in settings.LANGUAGES_BIDI  # type: ignore[attr-defined]
