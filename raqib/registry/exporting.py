"""Export of service points to CSV or XLSX, with exactly the columns the import reads.

An exported file imported back changes nothing: values are written in the form the import
normalises to (codes, "yes"/"no", coordinates with five decimals, phones separated by "; ").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from raqib.core.spreadsheets import table_csv, table_xlsx

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
    return table_csv(COLUMNS, rows)


def export_xlsx(rows: Iterable[list[str]], *, right_to_left: bool) -> bytes:
    # The sheet keeps the import's name: the export is the import's file format.
    return table_xlsx(COLUMNS, rows, title="service_points", right_to_left=right_to_left)


def service_point_export(*, points: QuerySet[ServicePoint], fmt: str, right_to_left: bool) -> bytes:
    rows = service_point_export_rows(points=points)
    if fmt == "xlsx":
        return export_xlsx(rows, right_to_left=right_to_left)
    return export_csv(rows)
