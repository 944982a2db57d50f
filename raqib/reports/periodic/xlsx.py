"""The spreadsheet edition of an activity report: the same Dashboard as the PDF, in full.

One sheet per section; right-to-left sheets in Arabic; numbers stay numbers (with a display
format) so that they can be summed and charted; every text cell is typed as text, so a name
that starts with "=" is never run as a formula (see raqib.core.spreadsheets).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from raqib.core.spreadsheets import sheet_title

from ..figures import CriticalRow, Dashboard, ItemScore, MonthRow, RankRow, SurveyRow
from ..formatting import local_name, local_text
from . import sections as activity
from . import summary

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B3D5C")
TITLE_FONT = Font(bold=True, size=14, color="0B3D5C")
INT = "#,##0"
DEC = "0.0"
DATE = "DD/MM/YYYY"


class _Sheet:
    def __init__(self, book: Workbook, title: str, *, rtl: bool, first: bool = False) -> None:
        # Sheet names: at most 31 characters, none of []:*?/\
        clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
        if first:
            self.ws: Worksheet = book.active
            self.ws.title = clean
        else:
            self.ws = book.create_sheet(clean)
        self.ws.sheet_view.rightToLeft = rtl
        self.row = 1

    def put(self, col: int, value: Any, fmt: str | None = None) -> None:
        cell = self.ws.cell(row=self.row, column=col)
        if isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # text, never a formula
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE
        else:
            cell.value = value
            if fmt and value is not None:
                cell.number_format = fmt

    def title(self, text: str) -> None:
        self.put(1, text)
        self.ws.cell(row=self.row, column=1).font = TITLE_FONT
        self.row += 2

    def header(
        self, labels: Sequence[str], widths: Sequence[int] | None = None, freeze: bool = True
    ) -> None:
        for col, label in enumerate(labels, start=1):
            self.put(col, label)
            cell = self.ws.cell(row=self.row, column=col)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for col, width in enumerate(widths or [], start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = width
        if freeze:
            self.ws.freeze_panes = self.ws.cell(row=self.row + 1, column=1)
        self.row += 1

    def line(self, values: Iterable[Any], formats: Sequence[str | None] = ()) -> None:
        for col, value in enumerate(values, start=1):
            fmt = formats[col - 1] if col - 1 < len(formats) else None
            self.put(col, value, fmt)
        self.row += 1


def render_xlsx(
    board: Dashboard,
    *,
    lang: str,
    meta: dict[str, Any],
    extras: summary.Extras | None = None,
) -> bytes:
    """The workbook as bytes (call inside translation.override(lang))."""
    extras = extras or summary.Extras()
    rtl = lang == "ar"
    book = Workbook()
    _summary(_Sheet(book, _("Summary"), rtl=rtl, first=True), board, meta, extras)
    _coverage(_Sheet(book, _("Coverage by governorate"), rtl=rtl), board, lang)
    _items(_Sheet(book, _("Sections"), rtl=rtl), board.sections, lang)
    _items(_Sheet(book, _("Criteria"), rtl=rtl), board.criteria, lang)
    _ranking(_Sheet(book, _("Public bodies"), rtl=rtl), board.bodies, lang, extras.ranking_min)
    _ranking(_Sheet(book, _("Service points"), rtl=rtl), board.points, lang, extras.ranking_min)
    _critical(_Sheet(book, _("Critical findings"), rtl=rtl), board.critical, lang)
    _trend(_Sheet(book, _("Monthly trend"), rtl=rtl), board.trend)
    _surveys(_Sheet(book, _("Surveys"), rtl=rtl), board.surveys, lang)
    for section in extras.sections:  # chapters offered by other apps, one sheet each
        activity.write_sheet(_Sheet(book, sheet_title(section.title), rtl=rtl), section)
    _method(_Sheet(book, _("Method and parameters"), rtl=rtl), board, meta, extras)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(sheet: _Sheet, board: Dashboard, meta: dict[str, Any], extras: summary.Extras) -> None:
    sheet.title(str(meta.get("title", "")))
    sheet.header([_("Figure"), _("Value")], [52, 18])
    cov = board.coverage
    rows: list[tuple[str, Any, str]] = [
        (_("Period start"), board.filters.start, DATE),
        (_("Period end"), board.filters.end, DATE),
        (_("Missions planned"), board.planned, INT),
        (_("Missions carried out (report submitted)"), board.done, INT),
        (_("Reports validated"), board.validated, INT),
        (_("Service points covered"), cov.covered, INT),
        (_("Service points active"), cov.active, INT),
        (_("Coverage rate (%)"), cov.rate, DEC),
        (_("Coverage rate, interior regions (%)"), board.coverage_interior.rate, DEC),
        (_("Coverage rate, other regions (%)"), board.coverage_rest.rate, DEC),
        (_("Coverage target (%)"), board.target, DEC),
        (_("Mean quality score (out of 100)"), board.mean_score, DEC),
        (_("Reports with a critical finding"), board.critical_reports, INT),
    ]
    for label, value, fmt in rows:
        sheet.line([label, value], [None, fmt])
    now = summary.KeyFigures.from_board(board)
    sheet.row += 1
    sheet.header([_("Executive summary")], freeze=False)
    for sentence in summary.executive_summary(
        now, extras.previous, target=board.target, start=board.filters.start, end=board.filters.end
    ):
        sheet.line([sentence])
    if extras.previous is None:
        return
    previous = extras.previous
    sheet.row += 1
    sheet.header([_("Figure"), _("This period"), _("Previous period"), _("Change")], freeze=False)
    sheet.line([_("Period start"), board.filters.start, previous.start], [None, DATE, DATE])
    sheet.line([_("Period end"), board.filters.end, previous.end], [None, DATE, DATE])
    for label, name, fmt in (
        (_("Missions planned"), "planned", INT),
        (_("Missions carried out (report submitted)"), "done", INT),
        (_("Reports validated"), "validated", INT),
        (_("Coverage rate (%)"), "coverage", DEC),
        (_("Coverage rate, interior regions (%)"), "coverage_interior", DEC),
        (_("Coverage rate, other regions (%)"), "coverage_rest", DEC),
        (_("Mean quality score (out of 100)"), "mean_score", DEC),
        (_("Reports with a critical finding"), "critical_reports", INT),
        (_("Survey responses"), "survey_responses", INT),
    ):
        value, old = getattr(now, name), getattr(previous.figures, name)
        change = None if value is None or old is None else value - old
        sheet.line([label, value, old, change], [None, fmt, fmt, fmt])


def _coverage(sheet: _Sheet, board: Dashboard, lang: str) -> None:
    sheet.header(
        [
            _("ISO code"),
            _("Governorate"),
            _("Interior region"),
            _("Service points covered"),
            _("Service points active"),
            _("Coverage rate (%)"),
            _("Mean score"),
            _("Reports validated"),
        ],
        [10, 24, 12, 14, 14, 14, 12, 12],
    )
    formats = [None, None, None, INT, INT, DEC, DEC, INT]
    for row in board.governorates:
        sheet.line(
            [
                row.iso_code,
                local_name(row, lang),
                _("yes") if row.interior else _("no"),
                row.coverage.covered,
                row.coverage.active,
                row.coverage.rate,
                row.score,
                row.reports,
            ],
            formats,
        )
    for label, cov in (
        (_("Whole country"), board.coverage),
        (_("Interior regions"), board.coverage_interior),
        (_("Other regions"), board.coverage_rest),
    ):
        sheet.line(["", label, "", cov.covered, cov.active, cov.rate], formats)
        for col in range(1, 7):
            sheet.ws.cell(row=sheet.row - 1, column=col).font = Font(bold=True)


def _items(sheet: _Sheet, rows: list[ItemScore], lang: str) -> None:
    sheet.header(
        [_("Code"), _("Section"), _("Label"), _("Mean score"), _("Reports"), _("Critical")],
        [12, 12, 50, 12, 10, 10],
    )
    for row in rows:
        sheet.line(
            [
                row.code,
                row.section,
                local_name(row, lang, "label"),
                row.mean,
                row.n,
                row.critical_failures,
            ],
            [None, None, None, DEC, INT, INT],
        )


def _ranking(sheet: _Sheet, rows: list[RankRow], lang: str, minimum: int) -> None:
    """Every row (the full list), ranked only with at least ``minimum`` reports (else no rank)."""
    sheet.header(
        [
            _("Rank"),
            _("Code"),
            _("Name"),
            _("Governorate"),
            _("Mean score"),
            _("Reports"),
            _("Critical"),
        ],
        [8, 14, 44, 10, 12, 10, 10],
    )
    ranked, _excluded = summary.ranked(rows, minimum)
    ranks = {id(row): position for position, row in enumerate(ranked, start=1)}
    for row in rows:
        sheet.line(
            [
                ranks.get(id(row), ""),
                row.code,
                local_name(row, lang),
                row.governorate_iso,
                row.mean,
                row.n,
                row.critical,
            ],
            [INT, None, None, None, DEC, INT, INT],
        )


def _critical(sheet: _Sheet, rows: list[CriticalRow], lang: str) -> None:
    sheet.header(
        [_("Mission"), _("Date"), _("Service point"), _("Public body"), _("Criteria failed")],
        [16, 12, 40, 34, 60],
    )
    for row in rows:
        criteria = "; ".join(
            f"{code} — {local_text(ar, fr, lang)}" for code, ar, fr in row.criteria
        )
        sheet.line(
            [
                row.mission_code,
                row.day,
                f"{row.point_code} — {local_name(row, lang, 'point_name')}",
                local_name(row, lang, "body_name"),
                criteria,
            ]
        )


def _trend(sheet: _Sheet, rows: list[MonthRow]) -> None:
    sheet.header(
        [_("Month"), _("Missions planned"), _("Reports validated"), _("Mean score")],
        [14, 16, 16, 12],
    )
    for row in rows:
        sheet.line([row.month, row.planned, row.validated, row.mean], [None, INT, INT, DEC])
        sheet.ws.cell(row=sheet.row - 1, column=1).number_format = "MM/YYYY"


def _surveys(sheet: _Sheet, rows: list[SurveyRow], lang: str) -> None:
    sheet.header(
        [
            _("Code"),
            _("Survey wave"),
            _("Start"),
            _("End"),
            _("Answers"),
            _("Satisfaction index (0–100)"),
            _("Interval low"),
            _("Interval high"),
            _("n"),
            _("Satisfied (%)"),
            _("Mystery visit mean"),
        ],
        [12, 40, 12, 12, 10, 14, 12, 12, 8, 12, 14],
    )
    for row in rows:
        sheet.line(
            [
                row.code,
                local_name(row, lang, "title"),
                row.starts_on,
                row.ends_on,
                row.responses,
                row.index.value,
                row.index.low,
                row.index.high,
                row.index.n,
                row.satisfied.value,
                row.mystery_mean,
            ],
            [None, None, None, None, INT, DEC, DEC, DEC, INT, DEC, DEC],
        )


def _method(sheet: _Sheet, board: Dashboard, meta: dict[str, Any], extras: summary.Extras) -> None:
    sheet.header([_("Parameter"), _("Value")], [40, 70])
    filters = board.filters.as_dict()
    sheet.line([_("Report reference"), str(meta.get("uuid", ""))])
    sheet.line([_("Period"), str(meta.get("period_label", ""))])
    labels = {
        "start": _("Period start"),
        "end": _("Period end"),
        "governorate_id": _("Governorate (id)"),
        "region_tag": _("Region tag"),
        "body_id": _("Public body (id)"),
        "category_id": _("Service category (id)"),
        "channel": _("Channel"),
    }
    for key, label in labels.items():
        value = filters.get(key)
        if value not in (None, ""):
            sheet.line([label, str(value)])
    sheet.line([_("Coverage target (%)"), board.target], [None, DEC])
    sheet.line([_("Minimum validated reports to be ranked"), extras.ranking_min], [None, INT])
    sheet.line(
        [
            _("Previous period"),
            _(
                "The same number of whole months immediately before the period (the same number "
                "of days for a custom period), with the same filters."
            ),
        ]
    )
    sheet.line(
        [
            _("Coverage"),
            _(
                "Coverage rate = active service points with at least one validated mission in "
                "the period ÷ service points active in the period."
            ),
        ]
    )
    sheet.row += 1
    sheet.header([_("Grid"), _("Version"), _("Reports"), _("Fingerprint (SHA-256)")], freeze=False)
    for gv in board.grid_versions:
        sheet.line([gv.code, gv.version or "", gv.reports or "", gv.content_hash])
