"""Recommendation pages, shared by the department and the bodies' focal points.

Every object is read through a scoped selector (404 out of scope); what a person may do on a
page follows from their side (`access.side_of`) and the transition table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raqib.core.access import has_any_role, roles_required
from raqib.core.activity import ActivityFilters
from raqib.core.downloads import private_file_response
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import Role
from raqib.core.spreadsheets import table_download
from raqib.missions.models import Report, ReportStatus
from raqib.missions.selectors import report_get_for_user
from raqib.registry.selectors import public_body_list_for_user

from .. import exporting, forms, selectors, services
from ..access import DEPARTMENT_ACTORS, READERS, side_of
from ..models import Outcome, RecommendationStatus, Side, Source
from ..presenting import criteria_rows, report_summary
from ..transitions import EVENT_LABELS, TRANSITIONS, events_from


@roles_required(*READERS)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    bodies = public_body_list_for_user(user=request.user)
    form = forms.FilterForm(request.GET or None, bodies=bodies)
    if form.is_bound and not form.is_valid():
        return render(
            request, "followup/recommendation_list.html", {"form": form, "page": None}, status=400
        )
    filters = form.cleaned_data if form.is_bound else {}
    filters = {k: (v.pk if hasattr(v, "pk") else v) for k, v in filters.items()}
    qs = selectors.recommendation_list_for_user(user=request.user, filters=filters)
    return render(
        request,
        "followup/recommendation_list.html",
        {
            "form": form,
            **paginate(request, qs, per_page=50),
            "can_draft": side_of(request.user, 0) == Side.DEPARTMENT,
            "today": timezone.localdate(),
        },
    )


@roles_required(*READERS)
def recommendation_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponse(_("Unknown format."), status=400, content_type="text/plain")
    bodies = public_body_list_for_user(user=request.user)
    form = forms.FilterForm(request.GET or None, bodies=bodies)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    filters = form.cleaned_data if form.is_bound else {}
    filters = {k: (v.pk if hasattr(v, "pk") else v) for k, v in filters.items()}
    qs = selectors.recommendation_list_for_user(user=request.user, filters=filters)
    content = exporting.register_export(
        recommendations=qs, fmt=fmt, right_to_left=get_language() == "ar"
    )
    return table_download(content, fmt=fmt, stem="recommendations")


def _prefill(request: HttpRequest) -> tuple[dict[str, Any], list[Report]]:
    """Initial values of a draft started from findings.

    `?report=<id>` (one or several): validated reports — their points, failing criteria (the
    critical ones first) and figures; `?body=<id>&source=pattern&criteria=Q03,Q07`: a criterion
    failing across a body (the body scorecard's weaknesses); anything else is ignored.
    """
    initial: dict[str, Any] = {}
    raw_body = request.GET.get("body", "")
    if raw_body.isdigit():
        initial["body"] = int(raw_body)
    if request.GET.get("source") in Source.values:
        initial["source"] = request.GET["source"]
    if request.GET.get("criteria"):
        initial["criteria"] = " ".join(forms.split_codes(request.GET["criteria"]))[:500]
    ids = [int(r) for r in request.GET.getlist("report") if r.isdigit()][:20]
    reports = [report_get_for_user(user=request.user, pk=pk) for pk in ids]
    reports = [r for r in reports if r.status == ReportStatus.VALIDATED]
    if not reports:
        return initial, []
    summaries = [report_summary(r) for r in reports]
    criteria = list(dict.fromkeys(c for summary in summaries for c in summary.criteria))
    points = list(dict.fromkeys(r.mission.service_point.code for r in reports))
    critical = any(r.critical for r in reports)
    initial.update(
        {
            "body": reports[0].mission.service_point.body_id,
            "points": " ".join(points),
            "source": Source.CRITICAL if critical else Source.FINDINGS,
            "grid_version": reports[0].mission.grid_version_id,
            "criteria": " ".join(criteria),
            "evidence_summary": "\n\n".join(summary.text for summary in summaries),
            "reports": " ".join(str(r.pk) for r in reports),
            "priority": "urgent" if critical else "normal",
        }
    )
    return initial, reports


@roles_required(*DEPARTMENT_ACTORS)
def recommendation_create(request: HttpRequest) -> HttpResponse:
    initial, reports = _prefill(request)
    form = forms.RecommendationForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        report_ids = data.pop("reports")
        reports = [report_get_for_user(user=request.user, pk=pk) for pk in report_ids]
        try:
            rec = services.recommendation_create(
                actor=request.user,
                service_points=data.pop("points"),
                reports=reports,
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Draft %(ref)s saved.") % {"ref": rec.ref})
            return redirect("followup:recommendation_detail", pk=rec.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "followup/recommendation_form.html",
        {"form": form, "reports": reports, "editing": None},
        status=status,
    )


@roles_required(*DEPARTMENT_ACTORS)
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    if rec.status != RecommendationStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("followup:recommendation_detail", pk=rec.pk)
    initial = {f: getattr(rec, f) for f in forms.RecommendationEditForm.base_fields}
    form = forms.RecommendationEditForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_update(
                actor=request.user, recommendation=rec, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("followup:recommendation_detail", pk=rec.pk)
    return render(
        request,
        "followup/recommendation_form.html",
        {"form": form, "reports": [], "editing": rec},
        status=400 if form.is_bound and form.errors else 200,
    )


@roles_required(*READERS)
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    side = side_of(request.user, rec.body_id)
    buttons = (
        [
            {
                "event": e,
                "label": TRANSITIONS[e].label,
                "needs_text": e in ("send_back", "resume", "withdraw"),
            }
            for e in events_from(rec.status, side)
        ]
        if side
        else []
    )
    context = {
        "rec": rec,
        "side": side,
        "department": side == Side.DEPARTMENT,
        "body_side": side == Side.BODY,
        "buttons": buttons,
        "thread": selectors.recommendation_thread(recommendation=rec),
        "actions": list(rec.actions.all()),
        "points": selectors.recommendation_points(recommendation=rec),
        "criteria": criteria_rows(rec),
        "findings": selectors.recommendation_findings(recommendation=rec, user=request.user),
        "verifications": selectors.recommendation_verifications(recommendation=rec),
        "can_plan": side == Side.BODY and "propose_plan" in _possible(rec.status),
        "can_claim": side == Side.BODY and "claim" in _possible(rec.status),
        "can_verify": has_any_role(request.user, {Role.COORDINATOR})
        and rec.status == RecommendationStatus.IMPLEMENTED
        and not selectors.verification_open(recommendation=rec),
        "can_publish": side == Side.DEPARTMENT and rec.outcome == Outcome.EFFECTIVE,
        "event_labels": EVENT_LABELS,
        "can_comment": side is not None and rec.status != RecommendationStatus.DRAFT,
        "comment_form": forms.CommentForm(),
        "claim_form": forms.ClaimForm(initial={"version": rec.version}),
        "verify_form": forms.VerifyForm() if side == Side.DEPARTMENT else None,
        "verification_open": selectors.verification_open(recommendation=rec),
    }
    return render(request, "followup/recommendation_detail.html", context)


def _uploads(form: Any) -> list[Any]:
    """The one optional file of a claim or comment form, as the services take it."""
    upload = form.cleaned_data["file"]
    return [upload] if upload else []


def _possible(status: str) -> set[str]:
    return {e for e, move in TRANSITIONS.items() if status in move.sources}


def _back(rec_pk: int) -> HttpResponse:
    return redirect("followup:recommendation_detail", pk=rec_pk)


def _service_error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@roles_required(*READERS)
def recommendation_act(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.ActForm(request.POST)
    if not form.is_valid() or form.cleaned_data["event"] not in TRANSITIONS:
        messages.error(request, _("Unknown action."))
        return _back(rec.pk)
    try:
        services.recommendation_act(
            actor=request.user,
            recommendation=rec,
            event=form.cleaned_data["event"],
            text=form.cleaned_data["text"],
            due_date=form.cleaned_data["due_date"],
            expected_version=form.cleaned_data["version"],
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("Done."))
    return _back(rec.pk)


@roles_required(*READERS)
def recommendation_plan(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    if side_of(request.user, rec.body_id) != Side.BODY:
        raise PermissionDenied
    existing = [
        {"description": a.description, "owner": a.owner, "due_date": a.due_date}
        for a in rec.actions.all()
    ]
    formset = forms.ActionFormSet(
        request.POST if request.method == "POST" else None, initial=existing or None, prefix="a"
    )
    form = forms.PlanForm(
        request.POST if request.method == "POST" else None, initial={"version": rec.version}
    )
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        actions = [
            services.ActionIn(f["description"], f["owner"], f["due_date"])
            for f in formset.cleaned_data
            if f.get("description")
        ]
        try:
            services.recommendation_plan_propose(
                actor=request.user,
                recommendation=rec,
                actions=actions,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action plan sent to the department."))
            return _back(rec.pk)
    return render(
        request,
        "followup/recommendation_plan.html",
        {"rec": rec, "formset": formset, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@roles_required(*READERS)
def recommendation_claim(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.ClaimForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Say what was done."))
        return _back(rec.pk)
    try:
        services.recommendation_claim(
            actor=request.user,
            recommendation=rec,
            text=form.cleaned_data["text"],
            uploads=_uploads(form),
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("The department is told; it will verify on the ground."))
    return _back(rec.pk)


@require_POST
@roles_required(*READERS)
def recommendation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.CommentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Write something."))
        return _back(rec.pk)
    try:
        services.recommendation_comment(
            actor=request.user,
            recommendation=rec,
            text=form.cleaned_data["text"],
            progress=form.cleaned_data["progress"],
            uploads=_uploads(form),
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("Message added."))
    return _back(rec.pk)


@require_POST
@roles_required(Role.COORDINATOR)
def recommendation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an observer from the list, or none."))
        return _back(rec.pk)
    try:
        missions = services.verification_missions_create(
            actor=request.user, recommendation=rec, observer=form.cleaned_data["observer"]
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(
            request,
            _("%(n)s verification visits created.") % {"n": len(missions)},
        )
    return _back(rec.pk)


@roles_required(*READERS)
def file_download(request: HttpRequest, uuid: str) -> FileResponse:
    found = selectors.recommendation_file_get_for_user(user=request.user, uuid=uuid)
    services.recommendation_file_viewed(actor=request.user, file=found)
    return private_file_response(
        found.file,
        content_type=found.content_type,
        filename=found.name,
        attachment=found.content_type == "application/pdf",
    )


@roles_required(*READERS)
def figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    default = {"start": dt.date(today.year, 1, 1), "end": today, "body": None}
    bodies = public_body_list_for_user(user=request.user)
    form = forms.PeriodForm(request.GET or None, initial=default, bodies=bodies)
    if form.is_bound and not form.is_valid():
        return render(request, "followup/figures.html", {"form": form, "fig": None}, status=400)
    period = form.cleaned_data if form.is_bound else default
    body = period.get("body")
    fig = selectors.followup_figures_for_user(
        user=request.user,
        filters=ActivityFilters(
            start=period["start"], end=period["end"], body_id=body.pk if body else None
        ),
    )
    return render(request, "followup/figures.html", {"form": form, "fig": fig})


@roles_required(*DEPARTMENT_ACTORS)
def recommendation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Texts for citizens, in both languages, then the improvement shows on the public page."""
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    initial = {
        "public_title_ar": rec.public_title_ar or rec.title,
        "public_title_fr": rec.public_title_fr,
        "public_summary_ar": rec.public_summary_ar,
        "public_summary_fr": rec.public_summary_fr,
    }
    form = forms.PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and request.POST.get("unpublish"):
        services.recommendation_unpublish(actor=request.user, recommendation=rec)
        messages.success(request, _("Removed from the public page."))
        return _back(rec.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_publish(
                actor=request.user, recommendation=rec, texts=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Shown on the public page."))
            return _back(rec.pk)
    return render(
        request,
        "followup/recommendation_publish.html",
        {"rec": rec, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
