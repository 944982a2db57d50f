"""The typed contract between domain apps and the periodic activity report.

`reports` is imported by nobody, so an app that has figures for the periodic report (follow-up
of recommendations, compliance, integrity, planning…) cannot call into it. Instead it offers a
*provider* in its selectors:

    def periodic_report_section(*, filters: ActivityFilters) -> ActivitySection | None: ...

The reports app lists the providers it knows (`raqib.reports.periodic.sections.PROVIDERS`),
calls those of the installed apps while it builds a report — inside the report's language, so
every text is already in that language — and freezes what they return in the report's
parameters (`ActivitySection.to_json()`), so a published report never changes. A provider
returns None when it has nothing to say for the period.

Figures only: a section carries no person (no observer, no user) — it is printed in a document
the Head of Government's office reads and that bodies may receive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["ActivityFilters", "ActivitySection", "ActivityTable", "Cell"]

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class ActivityFilters:
    """The period and the dashboard filters a periodic report was asked for."""

    start: dt.date
    end: dt.date
    governorate_id: int | None = None
    region_tag: str | None = None
    body_id: int | None = None
    category_id: int | None = None
    channel: str | None = None


@dataclass(frozen=True)
class ActivityTable:
    """One table: a caption, column headings and rows of plain cells (text, whole numbers,
    decimals; None prints as an em dash). `numeric[i]` says column i holds figures (aligned and
    written left to right in the PDF, numbers in the XLSX)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        if self.numeric and len(self.numeric) != width:
            raise ValueError("numeric must have one flag per column")
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"{self.caption}: a row has {len(row)} cells for {width} columns")
            for cell in row:
                if isinstance(cell, bool) or not isinstance(cell, str | int | Decimal | None):
                    raise TypeError(f"{self.caption}: a cell must be text or a number")

    def is_numeric(self, index: int) -> bool:
        return bool(self.numeric) and self.numeric[index]

    def to_json(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [[_cell_out(c) for c in row] for row in self.rows],
            "numeric": list(self.numeric),
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActivityTable:
        return cls(
            caption=str(data.get("caption", "")),
            columns=tuple(str(c) for c in data.get("columns") or ()),
            rows=tuple(tuple(_cell_in(c) for c in row) for row in data.get("rows") or ()),
            numeric=tuple(bool(n) for n in data.get("numeric") or ()),
            note=str(data.get("note", "")),
        )


@dataclass(frozen=True)
class ActivitySection:
    """A chapter of the periodic report (PDF) and a sheet of its workbook (XLSX).

    `key` is stable (the app's label, e.g. "followup"); `title` and `paragraphs` are in the
    report's language; `method` says where the method is documented (e.g. "docs/followup.md").
    """

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[ActivityTable, ...] = field(default_factory=tuple)
    method: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "tables": [t.to_json() for t in self.tables],
            "method": self.method,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActivitySection:
        return cls(
            key=str(data.get("key", "")),
            title=str(data.get("title", "")),
            paragraphs=tuple(str(p) for p in data.get("paragraphs") or ()),
            tables=tuple(ActivityTable.from_json(t) for t in data.get("tables") or ()),
            method=str(data.get("method", "")),
        )


def _cell_out(cell: Cell) -> Any:
    # Decimals keep their exact digits through JSON as tagged text.
    return {"d": str(cell)} if isinstance(cell, Decimal) else cell


def _cell_in(value: Any) -> Cell:
    if isinstance(value, dict) and "d" in value:
        return Decimal(str(value["d"]))
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return value
    return str(value)
