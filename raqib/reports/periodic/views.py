"""Pages of the periodic activity reports: list, request, progress, download (staff only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.core.access import roles_required
from raqib.core.roles import Role

from .. import selectors
from ..formatting import file_name, report_title
from ..forms import CUSTOM, period_choices, period_field
from ..models import PeriodicReport, PeriodicReportStatus, ReportFormat
from ..periods import custom_period, parse_period
from .services import periodic_report_request, step_label

PERIODIC_ROLES = (Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR)
LIST_LIMIT = 100


class PeriodicReportForm(forms.Form):
    # The dashboard's period picker: the same presets, or "custom dates" with the two dates.
    period = period_field()
    start = forms.DateField(
        label=_("From (custom period)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To (custom period)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("ar", "العربية"), ("fr", "Français")]
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.choices = period_choices(timezone.localdate())
        if not self.is_bound and "period" not in self.initial:
            self.initial["period"] = _last_semester(timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label, start, end = data.get("period"), data.get("start"), data.get("end")
        if label == CUSTOM:
            label = ""
        try:
            if label:
                if start or end:
                    raise ValueError(_("Give either a period or two dates, not both."))
                data["resolved"] = parse_period(label)
            elif isinstance(start, dt.date) and isinstance(end, dt.date):
                data["resolved"] = custom_period(start, end)
            else:
                raise ValueError(_("Give a period such as 2026-S1, or the first and last days."))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return data


def _last_semester(today: dt.date) -> str:
    """The semester a report is most often asked for: the last one that has ended."""
    return f"{today.year}-S1" if today.month > 6 else f"{today.year - 1}-S2"


def _rows(reports: list[PeriodicReport]) -> list[dict[str, Any]]:
    return [
        {
            "report": report,
            "title": report_title(report.period_label, report.start, report.end),
            "step": step_label(report.step),
        }
        for report in reports
    ]


@roles_required(*PERIODIC_ROLES)
def periodic_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.periodic_report_list(limit=LIST_LIMIT)
    return render(
        request,
        "reports/periodic_list.html",
        {
            "rows": _rows(reports),
            "form": PeriodicReportForm(
                initial={
                    "language": request.LANGUAGE_CODE
                    if request.LANGUAGE_CODE in ("ar", "fr")
                    else "ar"
                }
            ),
        },
    )


@roles_required(*PERIODIC_ROLES)
def periodic_create(request: HttpRequest) -> HttpResponse:
    form = PeriodicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = periodic_report_request(
                actor=request.user,
                period=form.cleaned_data["resolved"],
                language=form.cleaned_data["language"],
                fmt=form.cleaned_data["format"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("reports:periodic_detail", uuid=report.uuid)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reports/periodic_form.html", {"form": form}, status=status)


@roles_required(*PERIODIC_ROLES)
def periodic_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    report = selectors.periodic_report_get(uuid=uuid)
    context = {
        "report": report,
        "title": report_title(report.period_label, report.start, report.end),
        "step": step_label(report.step),
        "polling": report.status in (PeriodicReportStatus.QUEUED, PeriodicReportStatus.RUNNING),
    }
    if getattr(request, "htmx", False):
        return render(request, "reports/periodic_status.html", context)
    return render(request, "reports/periodic_detail.html", context)


@roles_required(*PERIODIC_ROLES)
def periodic_download(request: HttpRequest, uuid: Any) -> HttpResponse:
    report = selectors.periodic_report_get(uuid=uuid, published=True)
    if not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = (
        "application/pdf"
        if report.format == ReportFormat.PDF
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # A streaming response, which Django accepts from any view.
    return FileResponse(  # type: ignore[return-value]
        handle, as_attachment=True, filename=file_name(report), content_type=content_type
    )
