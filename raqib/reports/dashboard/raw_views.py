"""The raw data export page: the dashboard's filters, a kind and a format; the file is built
in the background (raqib.exports) and downloaded from the export's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from raqib.core.access import roles_required
from raqib.core.roles import Role
from raqib.exports.views import export_start

from .. import raw_exports
from ..forms import DashboardFilterForm

RAW_READERS = (
    Role.ADMINISTRATOR,
    Role.DIRECTOR,
    Role.COORDINATOR,
    Role.INTEGRITY_OFFICER,
    Role.FOCAL_POINT,
)


class RawExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Data"),
        choices=[(code, label) for code, (label, _produce) in raw_exports.KINDS.items()],
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", _("CSV (UTF-8, opens in Excel)")), ("xlsx", _("Excel workbook (XLSX)"))],
    )


@roles_required(*RAW_READERS)
def raw_export(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    filters = DashboardFilterForm(data, user=request.user)
    choice = RawExportForm(data)
    if data is not None and filters.is_valid() and choice.is_valid():
        body_scope = raw_exports.access(request.user)  # PermissionDenied (403) for others
        query = filters.filters()
        if body_scope is not None and query.body_id is not None and query.body_id not in body_scope:
            raise Http404
        parameters: dict[str, Any] = {"filters": query.as_dict(), "stem": "raqib-raw"}
        return export_start(
            request,
            kind=choice.cleaned_data["kind"],
            fmt=choice.cleaned_data["format"],
            parameters=parameters,
        )
    status = 400 if data is not None else 200
    return render(
        request,
        "reports/raw_export.html",
        {"form": filters, "choice": choice, "focal": Role.FOCAL_POINT in request.user.role_codes},
        status=status,
    )
