"""Cells written to files people open in a spreadsheet.

A spreadsheet runs a cell that starts with one of FORMULA_STARTS as a formula: a name or a
citizen's comment typed as =HYPERLINK(...) would become a live link (CSV/formula injection).
CSV cells get the usual apostrophe, which imports take off again (`csv_unescape`) so that an
export still imports back as a no-op; XLSX writers type such cells as text instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpResponse

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


def table_csv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A CSV of text cells, formula-escaped, with the byte-order mark that makes Excel read the
    file as UTF-8 (so Arabic shows)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([csv_escape(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str, right_to_left: bool
) -> bytes:
    """One sheet of text cells (codes and phone numbers keep their leading zeros; a text that
    starts with "=" stays a text), bold headers, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.number_format = "@"
            if cell.data_type == "f":  # openpyxl reads "=…" as a formula: keep it a text
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(content: bytes, *, fmt: str, stem: str) -> HttpResponse:
    """The file as an attachment named ``<stem>-<local time>.<fmt>`` (fmt: "csv" or "xlsx")."""
    from django.http import HttpResponse
    from django.utils import timezone

    content_type = XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{fmt}"'
    return response
