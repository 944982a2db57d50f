"""Bidirectional text: numbers with signs and mixed Arabic/Latin content keep their order.

In a right-to-left paragraph, "-14,3" is laid out as "14,3-", and a French page reorders an
Arabic comment holding "(A08)". The cure is to isolate: a number in a left-to-right isolate
(`<bdi dir="ltr">` on pages, U+2066 … U+2069 in files), and people's text in an isolate of
its own direction (`dir="auto"`, `<bdi>`).
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def number_html(value: Any, digits: int | str = 1) -> SafeString | str:
    """A number formatted for the current language, in a left-to-right isolate."""
    if value is None or value == "":
        return ""
    return format_html('<bdi class="num" dir="ltr">{}</bdi>', floatformat(value, digits))


def ltr_isolate(text: Any) -> str:
    """Text for a file (XLSX, CSV, PDF): a signed number or code kept left to right."""
    return f"{LRI}{text}{PDI}" if text not in (None, "") else ""


def auto_isolate(text: Any) -> str:
    """People's text for a file: its own direction, whatever surrounds it."""
    return f"{FSI}{text}{PDI}" if text not in (None, "") else ""
