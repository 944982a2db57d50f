"""Anonymised responses (CSV, XLSX) and indices (XLSX).

Left out on purpose: device and network fingerprints, the submission UUID, the interviewer's
identity (only the mode is kept) and the time of day (the date is enough for analysis and
a time could be matched against a counter's CCTV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from raqib.core.labels import answer_label, language_label
from raqib.core.spreadsheets import csv_escape, sheet_title, sheet_view_for_language

from .labels import driver_label, reason_labels
from .models import SurveyResponse, SurveyWave
from .selectors import GROUP_KINDS


def _item_codes(wave: SurveyWave) -> list[str]:
    snapshot = wave.grid_version.snapshot or {}
    return [c["code"] for s in snapshot.get("sections", []) for c in s.get("criteria", [])]


GROUP_LABELS = {
    "wave": gettext_lazy("wave"),
    "point": gettext_lazy("service points"),
    "body": gettext_lazy("public bodies"),
    "category": gettext_lazy("categories"),
    "governorate": gettext_lazy("governorates"),
    "region": gettext_lazy("regions"),
}


def _answer(value: Any) -> Any:
    """yes/no answers in the reader's language; numbers and other text as they are."""
    return answer_label(value) if isinstance(value, str) else value


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, str):
        # A citizen's comment starting with "=" must stay text (raqib.core.spreadsheets).
        return csv_escape(value)
    return value


def response_rows(wave: SurveyWave) -> Iterable[list[Any]]:
    codes = _item_codes(wave)
    # Headers and values in the reader's language; the item codes stay (they are the
    # questionnaire's stable column names, as in the indices).
    yield [
        _("row"),
        _("wave"),
        _("service point"),
        _("public body"),
        _("governorate"),
        _("date"),
        _("language"),
        _("mode"),
        _("duration (seconds)"),
        _("counted"),
        _("quarantine reasons"),
        *codes,
    ]
    qs = (
        SurveyResponse.objects.filter(wave=wave)
        .select_related("wave_point__service_point__body", "wave_point__service_point__governorate")
        .order_by("submitted_at", "pk")
    )
    for number, r in enumerate(qs.iterator(), start=1):
        point = r.wave_point.service_point
        yield [
            number,
            wave.code,
            point.code,
            point.body.code,
            point.governorate.iso_code,
            timezone.localtime(r.submitted_at).strftime("%d/%m/%Y"),
            language_label(r.language),
            r.get_mode_display(),
            r.duration_seconds,
            answer_label("no" if r.quarantined else "yes"),
            reason_labels(r.quarantine_reasons),
            *[_cell(_answer(r.answers.get(code, ""))) for code in codes],
        ]


def responses_csv(wave: SurveyWave) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in response_rows(wave):
        writer.writerow(["" if v is None else v for v in row])
    # BOM: Excel opens UTF-8 Arabic correctly only with it.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def responses_xlsx(wave: SurveyWave) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(_("responses")))
    sheet_view_for_language(sheet)
    for row in response_rows(wave):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fmt(value: float | None) -> float | str:
    return round(value, 1) if value is not None else _("not enough answers")


def indices_xlsx(data: dict[str, Any]) -> bytes:
    """One sheet per kind of group; a figure below the minimum sample reads "not enough
    answers", never a number."""
    drivers = data["drivers"]
    book = Workbook(write_only=True)
    header = [
        _("code"),
        _("name"),
        _("counted answers"),
        _("quarantined answers"),
        _("satisfaction index"),
        _("CI low (95 per cent)"),
        _("CI high (95 per cent)"),
        _("share satisfied (per cent)"),
        _("share satisfied: CI low"),
        _("share satisfied: CI high"),
        _("net satisfaction"),
        _("net CI low"),
        _("net CI high"),
        *[_("satisfaction: %(driver)s") % {"driver": driver_label(d)} for d in drivers],
        *[_("importance: %(driver)s") % {"driver": driver_label(d)} for d in drivers],
    ]
    groups = {"wave": [data["wave"]], **{k: data.get(k, []) for k in GROUP_KINDS}}
    for kind, rows in groups.items():
        sheet = book.create_sheet(sheet_title(str(GROUP_LABELS.get(kind, kind))))
        sheet_view_for_language(sheet)
        sheet.append(header)
        for g in rows:
            r = g.result
            sheet.append(
                [
                    g.code,
                    g.label,
                    r.responses,
                    g.quarantined,
                    _fmt(r.index.value),
                    _fmt(r.index.low),
                    _fmt(r.index.high),
                    _fmt(r.share_satisfied.value),
                    _fmt(r.share_satisfied.low),
                    _fmt(r.share_satisfied.high),
                    _fmt(r.net.value),
                    _fmt(r.net.low),
                    _fmt(r.net.high),
                    *[_fmt(r.drivers[d].value) for d in drivers],
                    *[_fmt(r.importance[d].value) for d in drivers],
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
