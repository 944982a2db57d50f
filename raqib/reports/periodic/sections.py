"""Chapters of the periodic report offered by other apps (raqib.core.activity).

`reports` is imported by nobody, so the apps that have figures for the periodic report offer a
*provider*, ``raqib.<app>.selectors.periodic_report_section(*, filters) -> ActivitySection |
None``, and this module calls those of the installed apps, in the order of ``PROVIDERS``. They
are imported by name (importlib), never statically, so no later app is imported at load time.

The build calls `activity_sections` inside the report's language and freezes the result in
``report.parameters["activity_sections"]``; the PDF and the XLSX are rendered from that frozen
copy (`frozen`), so a published report never changes. A provider that raises fails the build,
like any other build error: a report missing a chapter without saying so would be wrong.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.apps import apps
from django.utils.translation import gettext as _

from raqib.core.activity import ActivityFilters, ActivitySection, ActivityTable, Cell

from ..figures import Filters

__all__ = [
    "PARAMETER",
    "PROVIDERS",
    "activity_filters",
    "activity_sections",
    "cell_text",
    "frozen",
    "pdf_chapters",
    "write_sheet",
]

PARAMETER = "activity_sections"  # the key of report.parameters holding the frozen sections

PROVIDERS: tuple[tuple[str, str], ...] = (
    ("followup", "raqib.followup.selectors.periodic_report_section"),
    ("compliance", "raqib.compliance.selectors.periodic_report_section"),
    ("integrity", "raqib.integrity.selectors.periodic_report_section"),
    ("planning", "raqib.planning.selectors.periodic_report_section"),
    ("training", "raqib.training.selectors.periodic_report_section"),
)

Provider = Callable[..., ActivitySection | None]


def activity_filters(filters: Filters) -> ActivityFilters:
    """The report's period and dashboard filters, as the contract hands them to providers."""
    return ActivityFilters(
        start=filters.start,
        end=filters.end,
        governorate_id=filters.governorate_id,
        region_tag=filters.region_tag,
        body_id=filters.body_id,
        category_id=filters.category_id,
        channel=filters.channel,
    )


def _provider(path: str) -> Provider:
    module_name, _dot, name = path.rpartition(".")
    function: Provider = getattr(importlib.import_module(module_name), name)
    return function


def activity_sections(*, filters: ActivityFilters) -> list[ActivitySection]:
    """The sections of the installed apps' providers, in order, leaving out those with nothing
    to say (None). Call inside the report's language. Errors are not caught: the build fails."""
    found: list[ActivitySection] = []
    for label, path in PROVIDERS:
        if not apps.is_installed(f"raqib.{label}"):
            continue
        section = _provider(path)(filters=filters)
        if section is None:
            continue
        if not isinstance(section, ActivitySection):
            raise TypeError(f"{path} returned {type(section).__name__}, not an ActivitySection")
        found.append(section)
    return found


def frozen(parameters: dict[str, Any] | None) -> tuple[ActivitySection, ...]:
    """The sections frozen in a report's parameters (none for a report built before them)."""
    stored = (parameters or {}).get(PARAMETER) or []
    return tuple(ActivitySection.from_json(data) for data in stored)


# --- PDF ---------------------------------------------------------------------------------------


def _places(value: Decimal) -> int:
    """How many decimals a Decimal carries (negative for 1E+3; 0 for NaN or infinity)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def cell_text(cell: Cell) -> str:
    """A cell as printed: figures with narrow spaces between thousands and a decimal comma
    (as raqib.reports.formatting.number), a decimal keeping its own digits; None as a dash."""
    if cell is None:
        return "—"
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Decimal) and _places(cell) < 0:
        cell = cell.quantize(Decimal(1))  # 1E+3 prints as 1 000
    text = f"{cell:,}"  # an int or a Decimal, with its exact digits
    return text.replace(",", "\u202f").replace(".", ",")


def _table(table: ActivityTable) -> dict[str, Any]:
    numeric = [table.is_numeric(i) for i in range(len(table.columns))]
    return {
        "caption": table.caption,
        "columns": [
            {"label": label, "num": num} for label, num in zip(table.columns, numeric, strict=True)
        ],
        "rows": [
            [{"text": cell_text(cell), "num": num} for cell, num in zip(row, numeric, strict=True)]
            for row in table.rows
        ],
        "note": table.note,
    }


def pdf_chapters(sections: Iterable[ActivitySection], *, first: int) -> list[dict[str, Any]]:
    """The template's chapters, numbered from ``first`` (call inside the report's language)."""
    return [
        {
            "anchor": f"activity-{position}",
            "number": first + position,
            "title": section.title,
            "paragraphs": list(section.paragraphs),
            "tables": [_table(table) for table in section.tables],
            "method": section.method,  # a path: printed left to right after « Method: »
        }
        for position, section in enumerate(sections)
    ]


# --- XLSX --------------------------------------------------------------------------------------

INT = "#,##0"


class Sheet(Protocol):
    """What xlsx.py's sheet writer offers (rows written one after the other)."""

    row: int

    def title(self, text: str) -> None: ...

    def header(
        self, labels: Sequence[str], widths: Sequence[int] | None = None, freeze: bool = True
    ) -> None: ...

    def line(self, values: Iterable[Any], formats: Sequence[str | None] = ()) -> None: ...


def _format(cell: Cell) -> str | None:
    if isinstance(cell, Decimal):
        places = max(_places(cell), 0)
        return INT + ("." + "0" * places if places else "")
    if isinstance(cell, int):
        return INT
    return None


def write_sheet(sheet: Sheet, section: ActivitySection) -> None:
    """One section on its sheet: title, paragraphs, each table (caption, header, rows, note),
    then the method. Figures stay numbers (a Decimal with its decimals), text stays text."""
    sheet.title(section.title)
    for paragraph in section.paragraphs:
        sheet.line([paragraph])
    for table in section.tables:
        sheet.row += 1
        sheet.line([table.caption])
        widths = [max(12, min(50, len(c) + 4)) for c in table.columns]
        sheet.header(list(table.columns), widths, freeze=False)
        for row in table.rows:
            sheet.line(list(row), [_format(cell) for cell in row])
        if table.note:
            sheet.line([table.note])
    if section.method:
        sheet.row += 1
        sheet.line([_("Method"), section.method])
