"""The register of recommendations as CSV or XLSX (same scope and filters as the list)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.bilingual import localized
from raqib.core.spreadsheets import table_csv, table_xlsx

from .models import Recommendation


def _date(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localdate(value).isoformat()  # type: ignore[arg-type]
    return str(value)


def register_rows(recommendations: Iterable[Recommendation]) -> tuple[list[str], list[list[str]]]:
    headers = [
        _("Reference"),
        _("Title"),
        _("Public body"),
        _("Body code"),
        _("Service points"),
        _("Priority"),
        _("Status"),
        _("Overdue"),
        _("Due date"),
        _("Sent on"),
        _("Acknowledged on"),
        _("Plan accepted on"),
        _("Implementation claimed on"),
        _("Verified on"),
        _("Outcome"),
        _("Legal or referential basis"),
        _("Linked criteria"),
    ]
    rows = []
    for rec in recommendations:
        rows.append(
            [
                rec.ref,
                rec.title,
                localized(rec.body.name_ar, rec.body.name_fr),
                rec.body.code,
                " ".join(p.code for p in rec.service_points.all()),
                rec.get_priority_display(),
                rec.get_status_display(),
                _("yes") if rec.is_overdue else _("no"),
                _date(rec.due_date),
                _date(rec.sent_at),
                _date(rec.acknowledged_at),
                _date(rec.plan_accepted_at),
                _date(rec.implemented_at),
                _date(rec.verified_at),
                rec.get_outcome_display() if rec.outcome else "",
                " ".join(
                    x
                    for x in (rec.get_basis_display() if rec.basis else "", rec.basis_reference)
                    if x
                ),
                " ".join(rec.criteria),
            ]
        )
    return headers, rows


def register_export(
    *, recommendations: Iterable[Recommendation], fmt: str, right_to_left: bool
) -> bytes:
    headers, rows = register_rows(recommendations)
    if fmt == "xlsx":
        return table_xlsx(headers, rows, title=_("Recommendations"), right_to_left=right_to_left)
    return table_csv(headers, rows)
