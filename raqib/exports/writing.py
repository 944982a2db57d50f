"""Writing an export to a temporary file on disk, then to storage: memory stays flat.

CSV: UTF-8 with a byte-order mark (Excel reads Arabic only with it), one row at a time.
XLSX: openpyxl's write-only workbook (rows go to a temporary file as they come), right to
left when the job's language is Arabic. No text becomes a formula: escaped with a leading
quote in CSV (``csv_escape``), written as a text cell in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from raqib.core.spreadsheets import csv_escape, sheet_title, sheet_view_for_language

from .kinds import Progress, Table

PROGRESS_EVERY = 1000
SHEET_ROWS = 1_048_575  # data rows under the header row


def _plain(value: Any) -> Any:
    return "" if value is None else value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_escape(value)
    return value


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool | int | float | dt.date):
        return value
    return str(value)


def _row(row: Sequence[Any], cell: Any) -> list[Any]:
    return [cell(value) for value in row]


def write_table(table: Table, *, fmt: str, path: Path, progress: Progress) -> int:
    """Write the table; returns the number of data rows (header not counted)."""
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([str(h) for h in table.headers])
            for row in table.rows:
                writer.writerow(_row(row, _csv_cell if table.escape else _plain))
                count += 1
                if count % PROGRESS_EVERY == 0:
                    progress(count)
        return count
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    sheet: Any = None

    def new_sheet(number: int) -> Any:
        title = table.title if number == 1 else f"{table.title} ({number})"
        created = book.create_sheet(sheet_title(title))
        sheet_view_for_language(created)
        created.freeze_panes = "A2"
        header = []
        for text in table.headers:
            head = WriteOnlyCell(created, value=str(text))
            head.font = bold
            header.append(head)
        created.append(header)
        return created

    def cell(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            # openpyxl would write "=…" as a formula: keep it a text (no formula injection).
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return _xlsx_cell(value)

    sheet = new_sheet(1)
    for row in table.rows:
        if count and count % SHEET_ROWS == 0:
            # Excel's limit is 1,048,576 rows a sheet: the rows go on in a second sheet.
            sheet = new_sheet(count // SHEET_ROWS + 1)
        sheet.append(_row(row, cell))
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
    book.save(str(path))
    return count


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
