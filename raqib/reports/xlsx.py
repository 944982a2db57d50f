"""The spreadsheet edition of an activity report: the same frozen figures as the PDF, in full.

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

from .pdf import _grid_version, _name, _rate

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


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return value if isinstance(value, dt.date) else None


def render_xlsx(figures: dict[str, Any], *, lang: str, meta: dict[str, Any]) -> bytes:
    """The workbook as bytes (call inside translation.override(lang))."""
    rtl = lang == "ar"
    book = Workbook()
    _summary(_Sheet(book, _("Summary"), rtl=rtl, first=True), figures, meta)
    _coverage(_Sheet(book, _("Coverage by governorate"), rtl=rtl), figures, lang)
    _items(_Sheet(book, _("Sections"), rtl=rtl), figures.get("sections", []), lang)
    _items(_Sheet(book, _("Criteria"), rtl=rtl), figures.get("criteria", []), lang)
    _ranking(_Sheet(book, _("Public bodies"), rtl=rtl), figures.get("bodies", []), lang)
    _ranking(_Sheet(book, _("Service points"), rtl=rtl), figures.get("points", []), lang)
    _critical(_Sheet(book, _("Critical findings"), rtl=rtl), figures.get("critical", []), lang)
    _trend(_Sheet(book, _("Monthly trend"), rtl=rtl), figures.get("trend", []))
    _surveys(_Sheet(book, _("Surveys"), rtl=rtl), figures.get("surveys", []), lang)
    _method(_Sheet(book, _("Method and parameters"), rtl=rtl), figures, meta)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(sheet: _Sheet, figures: dict[str, Any], meta: dict[str, Any]) -> None:
    sheet.title(str(meta.get("title", "")))
    sheet.header([_("Figure"), _("Value")], [52, 18])
    cov = figures.get("coverage", {})
    rows: list[tuple[str, Any, str]] = [
        (_("Period start"), _date(figures.get("filters", {}).get("start")), DATE),
        (_("Period end"), _date(figures.get("filters", {}).get("end")), DATE),
        (_("Missions planned"), figures.get("planned", 0), INT),
        (_("Missions carried out (report submitted)"), figures.get("done", 0), INT),
        (_("Reports validated"), figures.get("validated", 0), INT),
        (_("Service points covered"), cov.get("covered", 0), INT),
        (_("Service points active"), cov.get("active", 0), INT),
        (_("Coverage rate (%)"), _rate(cov), DEC),
        (
            _("Coverage rate, interior regions (%)"),
            _rate(figures.get("coverage_interior", {})),
            DEC,
        ),
        (_("Coverage rate, other regions (%)"), _rate(figures.get("coverage_rest", {})), DEC),
        (_("Coverage target (%)"), figures.get("target"), DEC),
        (_("Mean quality score (out of 100)"), figures.get("mean_score"), DEC),
        (_("Reports with a critical finding"), figures.get("critical_reports", 0), INT),
    ]
    for label, value, fmt in rows:
        sheet.line([label, value], [None, fmt])


def _coverage(sheet: _Sheet, figures: dict[str, Any], lang: str) -> None:
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
    for raw in figures.get("governorates", []):
        cov = raw.get("coverage", {})
        sheet.line(
            [
                raw.get("iso_code", ""),
                _name(raw, lang),
                _("yes") if raw.get("interior") else _("no"),
                cov.get("covered", 0),
                cov.get("active", 0),
                _rate(cov),
                raw.get("score"),
                raw.get("reports", 0),
            ],
            formats,
        )
    for label, key in (
        (_("Whole country"), "coverage"),
        (_("Interior regions"), "coverage_interior"),
        (_("Other regions"), "coverage_rest"),
    ):
        cov = figures.get(key, {})
        sheet.line(
            ["", label, "", cov.get("covered", 0), cov.get("active", 0), _rate(cov)], formats
        )
        for col in range(1, 7):
            sheet.ws.cell(row=sheet.row - 1, column=col).font = Font(bold=True)


def _items(sheet: _Sheet, rows: list[dict[str, Any]], lang: str) -> None:
    sheet.header(
        [_("Code"), _("Section"), _("Label"), _("Mean score"), _("Reports"), _("Critical")],
        [12, 12, 50, 12, 10, 10],
    )
    for raw in rows:
        sheet.line(
            [
                raw.get("code", ""),
                raw.get("section", ""),
                _name(raw, lang, "label"),
                raw.get("mean"),
                raw.get("n", 0),
                raw.get("critical_failures", 0),
            ],
            [None, None, None, DEC, INT, INT],
        )


def _ranking(sheet: _Sheet, rows: list[dict[str, Any]], lang: str) -> None:
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
    for rank, raw in enumerate(rows, start=1):
        sheet.line(
            [
                rank,
                raw.get("code", ""),
                _name(raw, lang),
                raw.get("governorate_iso", ""),
                raw.get("mean"),
                raw.get("n", 0),
                raw.get("critical", 0),
            ],
            [INT, None, None, None, DEC, INT, INT],
        )


def _critical(sheet: _Sheet, rows: list[dict[str, Any]], lang: str) -> None:
    sheet.header(
        [_("Mission"), _("Date"), _("Service point"), _("Public body"), _("Criteria failed")],
        [16, 12, 40, 34, 60],
    )
    for raw in rows:
        criteria = "; ".join(
            f"{code} — {(ar if lang == 'ar' else fr) or fr or ar}"
            for code, ar, fr in raw.get("criteria", [])
        )
        sheet.line(
            [
                raw.get("mission_code", ""),
                _date(raw.get("day")),
                f"{raw.get('point_code', '')} — {_name(raw, lang, 'point_name')}",
                _name(raw, lang, "body_name"),
                criteria,
            ]
        )


def _trend(sheet: _Sheet, rows: list[dict[str, Any]]) -> None:
    sheet.header(
        [_("Month"), _("Missions planned"), _("Reports validated"), _("Mean score")],
        [14, 16, 16, 12],
    )
    for raw in rows:
        sheet.line(
            [
                _date(raw.get("month")),
                raw.get("planned", 0),
                raw.get("validated", 0),
                raw.get("mean"),
            ],
            [None, INT, INT, DEC],
        )
        sheet.ws.cell(row=sheet.row - 1, column=1).number_format = "MM/YYYY"


def _surveys(sheet: _Sheet, rows: list[dict[str, Any]], lang: str) -> None:
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
    for raw in rows:
        index, satisfied = raw.get("index") or {}, raw.get("satisfied") or {}
        sheet.line(
            [
                raw.get("code", ""),
                _name(raw, lang, "title"),
                _date(raw.get("starts_on")),
                _date(raw.get("ends_on")),
                raw.get("responses", 0),
                index.get("value"),
                index.get("low"),
                index.get("high"),
                index.get("n", 0),
                satisfied.get("value"),
                raw.get("mystery_mean"),
            ],
            [None, None, None, None, INT, DEC, DEC, DEC, INT, DEC, DEC],
        )


def _method(sheet: _Sheet, figures: dict[str, Any], meta: dict[str, Any]) -> None:
    sheet.header([_("Parameter"), _("Value")], [40, 70])
    filters = figures.get("filters", {})
    sheet.line([_("Report reference"), str(meta.get("uuid", ""))])
    sheet.line([_("Period"), str(meta.get("period_label", ""))])
    for key in (
        "start",
        "end",
        "governorate_id",
        "region_tag",
        "body_id",
        "category_id",
        "channel",
    ):
        value = filters.get(key)
        if value not in (None, ""):
            sheet.line([key, str(value)])
    sheet.line([_("Coverage target (%)"), figures.get("target")], [None, DEC])
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
    for raw in figures.get("grid_versions", []):
        gv = _grid_version(raw)
        sheet.line([str(gv["name"]), gv["version"] or "", gv["reports"] or "", str(gv["hash"])])
