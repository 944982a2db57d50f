"""The register of simplification measures and their compliance on the ground.

Department staff and focal points read (a focal point: the measures of their bodies, with the
figures of their bodies only; 404 otherwise); coordinators and directors write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from raqib.core.access import roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.spreadsheets import table_csv, table_download, table_xlsx

from .. import measure_selectors as selectors
from .. import services
from ..access import DEPARTMENT_ACTORS, READERS, is_department
from ..measure_forms import MeasureForm, PeriodForm
from ..measures import Compliance, compliance_table, measure_compliance, measure_criterion_labels
from ..models import SimplificationMeasure

EXPORT_FORMATS = ("csv", "xlsx")


@roles_required(*READERS)
def measure_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "followup/measure_list.html",
        {
            "measures": selectors.measure_list_for_user(user=request.user),
            "can_edit": is_department(request.user),
        },
    )


def _compliance(
    request: HttpRequest, measure: SimplificationMeasure, form: PeriodForm
) -> Compliance:
    data = form.cleaned_data if form.is_bound else {}
    return measure_compliance(
        measure=measure,
        start=data.get("start"),
        end=data.get("end"),
        body_ids=selectors.measure_body_scope(user=request.user),
    )


@roles_required(*READERS)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get_for_user(user=request.user, pk=pk)
    form = PeriodForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    return render(
        request,
        "followup/measure_detail.html",
        {
            "measure": measure,
            "form": form,
            "criteria": measure_criterion_labels(measure=measure),
            "compliance": _compliance(request, measure, form) if valid else None,
            "can_edit": is_department(request.user),
            "query": request.GET.urlencode(),
        },
        # A period that makes no sense is said under its field, never silently dropped.
        status=200 if valid else 400,
    )


@roles_required(*READERS)
def measure_export(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get_for_user(user=request.user, pk=pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        return HttpResponseBadRequest(_("Unknown file format: choose csv or xlsx."))
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        reasons = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponseBadRequest(" ".join(reasons))
    headers, rows = compliance_table(_compliance(request, measure, form))
    if fmt == "xlsx":
        content = table_xlsx(
            headers, rows, title=measure.code, right_to_left=get_language() == "ar"
        )
    else:
        content = table_csv(headers, rows)
    return table_download(content, fmt=fmt, stem=f"measure-{measure.code}")


@roles_required(*DEPARTMENT_ACTORS)
def measure_create(request: HttpRequest) -> HttpResponse:
    form = MeasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Measure %(code)s created.") % {"code": measure.code})
            return redirect("followup:measure_detail", pk=measure.pk)
    return render(
        request,
        "followup/measure_form.html",
        {"form": form, "measure": None},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@roles_required(*DEPARTMENT_ACTORS)
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        form = MeasureForm(request.POST)
    else:
        form = MeasureForm(initial=MeasureForm.initial_for(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Measure %(code)s saved.") % {"code": measure.code})
            return redirect("followup:measure_detail", pk=measure.pk)
    return render(
        request,
        "followup/measure_form.html",
        {"form": form, "measure": measure},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
