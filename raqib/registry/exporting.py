"""Export of service points to CSV or XLSX, with exactly the columns the import reads.

An exported file imported back changes nothing: values are written in the form the import
normalises to (codes, "yes"/"no", coordinates with five decimals, phones separated by "; ").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from raqib.core.spreadsheets import csv_escape

from .importing import COLUMNS
from .models import ServicePoint


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def service_point_export_rows(*, points: QuerySet[ServicePoint]) -> Iterator[list[str]]:
    """One list of texts per point, in the order of COLUMNS (header not included)."""
    queryset = points.select_related("body", "category", "delegation", "governorate")
    for p in queryset.iterator(chunk_size=2000):
        yield [
            p.code,
            p.name_ar,
            p.name_fr,
            p.body.code,
            p.category.code,
            p.governorate.iso_code,
            p.delegation.code,
            p.address,
            "" if p.latitude is None else f"{p.latitude:.5f}",
            "" if p.longitude is None else f"{p.longitude:.5f}",
            _yes_no(p.in_person),
            p.opening_hours,
            p.phones,
            p.email,
            p.website,
            _yes_no(p.is_active),
        ]


def export_csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([csv_escape(value) for value in row] for row in rows)
    # The byte-order mark makes Excel read the file as UTF-8, so Arabic names show.
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(rows: Iterable[list[str]], *, right_to_left: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "service_points"
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Every value as text: codes and phone numbers keep their leading zeros.
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.number_format = "@"
            # openpyxl turns a text starting with "=" into a formula; keep it a text.
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def service_point_export(*, points: QuerySet[ServicePoint], fmt: str, right_to_left: bool) -> bytes:
    rows = service_point_export_rows(points=points)
    if fmt == "xlsx":
        return export_xlsx(rows, right_to_left=right_to_left)
    return export_csv(rows)
