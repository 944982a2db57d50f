"""How the reports print figures: one place for the dashboard export, the PDF and the XLSX.

Western digits 0-9 in both languages, dates dd/mm/yyyy, one decimal with a decimal comma and
a narrow no-break space between thousands (French and Tunisian usage), "—" for a figure that
does not exist. Names come in both languages on the figures (``name_ar``/``name_fr``); the
document's language picks one, falling back to the other when it is empty.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from raqib.core.bilingual import localized, localized_field

__all__ = [
    "date_text",
    "document_meta",
    "file_name",
    "local_name",
    "local_text",
    "number",
    "percent",
    "report_title",
    "rounded",
]


def rounded(value: float, digits: int = 1) -> Decimal:
    """``value`` rounded half up (62.25 → 62.3), as written: the float's shortest repr is read,
    not the binary double, so the page (Django's floatformat), the PDF and the docs agree."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    text = f"{rounded(value, digits):,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def percent(value: float | None) -> str:
    return "—" if value is None else number(value) + "\u00a0%"


def date_text(value: dt.date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def local_text(ar: str, fr: str, lang: str) -> str:
    """The text in ``lang`` ("ar" or "fr"), else in the other language, else "" (core's rule)."""
    return localized(ar, fr, lang)


def local_name(item: Any, lang: str, stem: str = "name") -> str:
    """``item.<stem>_ar`` or ``item.<stem>_fr`` as the language asks (see local_text)."""
    return localized_field(item, stem, lang)


def report_title(label: str, start: dt.date, end: dt.date) -> str:
    """ "Activity report — first semester 2026" and its siblings, in the active language."""
    year = start.year
    part = label.split("-", 1)[1] if "-" in label else ""
    if label == f"{year}":
        return _("Annual activity report %(year)s") % {"year": year}
    if part == "S1":
        return _("Activity report — first semester %(year)s") % {"year": year}
    if part == "S2":
        return _("Activity report — second semester %(year)s") % {"year": year}
    if part == "9M":
        return _("Activity report — first nine months of %(year)s") % {"year": year}
    if part.startswith("Q"):
        return _("Activity report — quarter %(quarter)s of %(year)s") % {
            "quarter": part[1],
            "year": year,
        }
    if part.isdigit():
        return _("Activity report — month %(month)s") % {"month": start.strftime("%m/%Y")}
    return _("Activity report — %(start)s to %(end)s") % {
        "start": date_text(start),
        "end": date_text(end),
    }


def document_meta(
    *, label: str, start: dt.date, end: dt.date, issued: dt.date, uuid: str = ""
) -> dict[str, Any]:
    """What a PDF or XLSX prints about itself (call inside the document's language)."""
    return {
        "title": report_title(label, start, end),
        "start": date_text(start),
        "end": date_text(end),
        "issued": date_text(issued),
        "uuid": uuid,
        "period_label": label,
        "scope": "",
    }


def file_name(report: Any) -> str:
    label = (
        report.period_label
        if report.period_label != "custom"
        else (f"{report.start:%Y%m%d}-{report.end:%Y%m%d}")
    )
    return f"raqib-activity-report-{label}-{report.language}.{report.format}"
