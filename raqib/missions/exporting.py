"""Export of the (filtered, scoped) mission list to CSV or XLSX, for people, not for re-import.

Headers and status labels are translated in the active language; observers appear by pseudonym.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.spreadsheets import csv_escape

from .models import Mission

MAX_ROWS = 20000


def _headers() -> list[str]:
    return [
        _("Mission"),
        _("Status"),
        _("Service point code"),
        _("Service point"),
        _("Public body"),
        _("Governorate"),
        _("Channel"),
        _("Observer"),
        _("Start"),
        _("End"),
        _("Campaign"),
    ]


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def mission_export_rows(*, missions: QuerySet[Mission]) -> Iterator[list[str]]:
    for m in missions[:MAX_ROWS]:
        profile = getattr(m.observer, "observer_profile", None) if m.observer_id else None
        yield [
            m.code,
            str(m.get_status_display()),
            m.service_point.code,
            m.service_point.name,
            m.service_point.body.name,
            m.service_point.governorate.name,
            str(m.get_channel_display()),
            profile.pseudonym if profile else "",
            _when(m.window_start),
            _when(m.window_end),
            m.campaign,
        ]


def _csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    writer.writerows([csv_escape(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: Iterable[list[str]], *, right_to_left: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "missions"
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.number_format = "@"
            if cell.data_type == "f":  # a text starting with "=" stays a text
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mission_export(*, missions: QuerySet[Mission], fmt: str, right_to_left: bool) -> bytes:
    rows = mission_export_rows(missions=missions)
    if fmt == "xlsx":
        return _xlsx(rows, right_to_left=right_to_left)
    return _csv(rows)
