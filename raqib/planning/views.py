"""Coverage planning pages (coordinators and the director)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raqib.core.access import roles_required
from raqib.core.roles import Role

from . import selectors, services
from .forms import CampaignForm, ComplaintsForm, ItemForm, ObserverForm
from .models import Campaign, ItemReason, PlanRun, RunStatus

DEPARTMENT = (Role.COORDINATOR, Role.DIRECTOR)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _back(pk: int, anchor: str = "") -> HttpResponse:
    response = redirect("planning:campaign_detail", pk=pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@roles_required(*DEPARTMENT)
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaign_list())
    return render(request, "planning/campaign_list.html", {"campaigns": campaigns})


def _initial_weights(weights: dict[str, int]) -> dict[str, int]:
    return {f"w_{k}": v for k, v in weights.items()}


@roles_required(*DEPARTMENT)
def campaign_create(request: HttpRequest) -> HttpResponse:
    initial = _initial_weights(selectors.risk_weights_default())
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            campaign = services.campaign_create(actor=request.user, **data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("Campaign created. Add its observers, then compute the plan.")
            )
            return _back(campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/campaign_form.html", {"form": form}, status=status)


@roles_required(*DEPARTMENT)
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    initial = {
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "budget": campaign.budget / 1000,
        "target_coverage": round(campaign.target_coverage * 100),
        "target_interior": round(campaign.target_interior * 100),
        "governorate_floor": round(campaign.governorate_floor * 100),
        "min_in_person": round(campaign.min_in_person * 100),
        "governorates": list(campaign.governorates.all()),
        "grid_in_person": campaign.grid_in_person,
        "grid_phone": campaign.grid_phone,
        "grid_web": campaign.grid_web,
        **_initial_weights({**selectors.risk_weights_default(), **campaign.risk_weights}),
    }
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                actor=request.user, campaign=campaign, data=form.service_data()
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Campaign saved."))
            return _back(campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "planning/campaign_form.html", {"form": form, "campaign": campaign}, status=status
    )


@roles_required(*DEPARTMENT)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    run = selectors.latest_run(campaign=campaign)
    complaints = selectors.complaint_totals(campaign=campaign)
    return render(
        request,
        "planning/campaign_detail.html",
        {
            "campaign": campaign,
            "observers": list(selectors.campaign_observers(campaign=campaign)),
            "items": list(selectors.campaign_items(campaign=campaign)),
            "complaint_points": complaints[0],
            "complaint_total": complaints[1],
            "run": run,
            "observer_form": ObserverForm(),
            "item_form": ItemForm(),
            "complaints_form": ComplaintsForm(),
            "progress": selectors.campaign_progress(campaign=campaign),
            "budget": selectors.dinars(campaign.budget),
        },
    )


@require_POST
@roles_required(*DEPARTMENT)
def observer_set(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    form = ObserverForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pk, "observers")
    try:
        services.campaign_observer_set(actor=request.user, campaign=campaign, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Observer saved."))
    return _back(pk, "observers")


@require_POST
@roles_required(*DEPARTMENT)
def observers_add_active(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    try:
        added = services.campaign_observers_add_active(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Observers added: %(n)s.") % {"n": added})
    return _back(pk, "observers")


@require_POST
@roles_required(*DEPARTMENT)
def observer_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    line = selectors.campaign_observer_get(campaign=campaign, pk=row)
    try:
        services.campaign_observer_remove(actor=request.user, row=line)
    except ValidationError as error:
        _errors(request, error)
    return _back(pk, "observers")


@require_POST
@roles_required(*DEPARTMENT)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pk, "items")
    try:
        services.campaign_item_set(
            actor=request.user,
            campaign=campaign,
            service_point=form.cleaned_data["code"],
            visits=form.cleaned_data["visits"],
            reason=form.cleaned_data["reason"] or ItemReason.CHOSEN,
        )
    except ValidationError as error:
        _errors(request, error)
    return _back(pk, "items")


@require_POST
@roles_required(*DEPARTMENT)
def items_pull(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    try:
        added = services.campaign_items_pull(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Mandatory visits added: %(n)s.") % {"n": added})
    return _back(pk, "items")


@require_POST
@roles_required(*DEPARTMENT)
def item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    row = selectors.campaign_item_get(campaign=campaign, pk=item)
    try:
        services.campaign_item_remove(actor=request.user, item=row)
    except ValidationError as error:
        _errors(request, error)
    return _back(pk, "items")


@require_POST
@roles_required(*DEPARTMENT)
def complaints_import(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    form = ComplaintsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return _back(pk, "complaints")
    try:
        n = services.complaints_import(
            actor=request.user, campaign=campaign, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Complaints imported for %(n)s service points.") % {"n": n})
    return _back(pk, "complaints")


@require_POST
@roles_required(*DEPARTMENT)
def solve(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    try:
        run = services.plan_run_start(actor=request.user, campaign=campaign)
    except ValidationError as error:
        _errors(request, error)
        return _back(pk)
    return redirect("planning:run_detail", pk=pk, run=run.pk)


def _run(pk: int, run_pk: int) -> tuple[Campaign, PlanRun]:
    campaign = selectors.campaign_get(pk=pk)
    return campaign, selectors.run_get(campaign=campaign, pk=run_pk)


def _polling(run: PlanRun) -> bool:
    return run.status in (RunStatus.QUEUED, RunStatus.RUNNING) or run.stage == "launch"


@roles_required(*DEPARTMENT)
def run_detail(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    campaign, plan_run = _run(pk, run)
    context: dict[str, Any] = {"campaign": campaign, "run": plan_run, "polling": _polling(plan_run)}
    result = selectors.run_result(plan_run)
    if result is not None:
        page = Paginator(selectors.plan_visits(run=plan_run), 100).get_page(request.GET.get("page"))
        latest = selectors.latest_done_run(campaign=campaign)
        context.update(
            result=result,
            explanation=selectors.explanation(campaign, result),
            governorates=selectors.plan_governorates(run=plan_run),
            observer_lines=selectors.plan_observers(run=plan_run),
            priorities=selectors.priority_lines(run=plan_run),
            page=page,
            is_latest=latest is not None and latest.pk == plan_run.pk,
            money=selectors.money_lines(campaign, result),
            curve=selectors.curve_lines(
                result, budget=campaign.budget, target=float(campaign.target_interior)
            ),
            left_out=selectors.left_out(plan_run),
            launch=plan_run.result.get("launch"),
        )
    return render(request, "planning/run_detail.html", context)


@roles_required(*DEPARTMENT)
def run_status(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    campaign, plan_run = _run(pk, run)
    return render(
        request,
        "planning/_run_status.html",
        {"campaign": campaign, "run": plan_run, "polling": _polling(plan_run)},
    )


@roles_required(*DEPARTMENT)
def run_csv(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    """The plan's visits as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    _campaign, plan_run = _run(pk, run)
    header, rows = selectors.plan_csv_rows(run=plan_run)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{pk}-{run}.csv"'
    return response


@require_POST
@roles_required(*DEPARTMENT)
def run_launch(request: HttpRequest, pk: int, run: int) -> HttpResponse:
    _campaign, plan_run = _run(pk, run)
    try:
        services.plan_launch_start(actor=request.user, run=plan_run)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("The missions of the plan are being created; each observer is notified.")
        )
    return redirect("planning:run_detail", pk=pk, run=run)
