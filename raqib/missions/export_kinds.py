"""The missions' background exports (raqib.exports): the filtered, scoped mission list, and
a member's monthly allowance statement as a PDF (WeasyPrint: seconds on a cold worker).

The page's filters are stored with the job and read again by the page's own form when the
task runs, with the requester's scope (``mission_list_for_user``,
``observers_for_statements``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, BinaryIO

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from raqib.exports.kinds import Blob, ExportKind, Progress, Table, register

from . import exporting, forms, selectors

MISSIONS = "missions"
ALLOWANCES = "allowance_statement"


def _missions(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    form = forms.MissionFilterForm(dict(parameters.get("filters") or {}) or None)
    missions = selectors.mission_list_for_user(user=user, filters=form.filters())
    return Table(
        headers=exporting.mission_export_headers(),
        rows=exporting.mission_export_rows(missions=missions),
        total=missions.count(),
        title=str(_("Missions")),
    )


def _allowances(user: Any, parameters: Mapping[str, Any], fmt: str) -> Blob:
    from .allowances import monthly_statement, statement_pdf

    chosen = next(
        (
            u
            for u in selectors.observers_for_statements(user=user)
            if str(u.pk) == str(parameters.get("observer"))
        ),
        None,
    )
    if chosen is None:  # no longer theirs to read (checked again when the task runs)
        raise Http404
    statement = monthly_statement(
        observer=chosen, month=forms.statement_month(str(parameters.get("month") or ""))
    )

    def write(handle: BinaryIO, progress: Progress) -> int:
        handle.write(statement_pdf(statement, lang=(get_language() or "ar")[:2]))
        progress(len(statement.lines))
        return len(statement.lines)

    return Blob(write=write, total=len(statement.lines))


def _allowances_stem(parameters: Mapping[str, Any]) -> str:
    return f"allowances-{forms.statement_month(str(parameters.get('month') or '')):%Y-%m}"


def register_kinds() -> None:
    register(
        ExportKind(
            MISSIONS, _("Mission list"), ("csv", "xlsx"), _missions, stem=lambda p: "missions"
        )
    )
    register(
        ExportKind(
            ALLOWANCES,
            _("Allowance statement"),
            ("pdf",),
            _allowances,
            stem=_allowances_stem,
        )
    )
