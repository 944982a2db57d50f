"""Coordinator screens: missions, assignment, review queue, review, paired comparison.

Department staff read; coordinators and administrators act. Observers and focal points get
403 everywhere here (focal points will see validated findings in another app).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from raqib.core.access import has_any_role, roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.exports.views import export_start
from raqib.registry.selectors import service_point_list_for_user

from . import export_kinds, forms, selectors, services
from .models import MissionStatus, ReportStatus
from .review import anomaly_messages, report_layout, score_for

READERS = tuple(STAFF_ROLES)
EDITORS = tuple(EDITOR_ROLES)
BULK_PREVIEW_LIMIT = 500
ASSIGNABLE = {MissionStatus.PLANNED}
REASSIGNABLE = {MissionStatus.ASSIGNED, MissionStatus.IN_PROGRESS, MissionStatus.RETURNED}


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as a file, built in the background: same scope and filters as the
    page (raqib.exports)."""
    filters = {k: v for k, v in request.GET.items() if k not in ("export", "page")}
    return export_start(
        request, kind=export_kinds.MISSIONS, fmt=fmt, parameters={"filters": filters}
    )


@roles_required(*READERS)
def mission_list(request: HttpRequest) -> HttpResponse:
    form = forms.MissionFilterForm(request.GET or None)
    if request.GET.get("export") in ("csv", "xlsx"):
        return _export(request, request.GET["export"])
    missions = selectors.mission_list_for_user(user=request.user, filters=form.filters())
    return render(
        request,
        "missions/mission_list.html",
        {
            "form": form,
            **paginate(request, missions),
            "can_edit": has_any_role(request.user, EDITORS),
        },
        # A filter that makes no sense is said under its field, never silently dropped.
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@roles_required(*EDITORS)
def mission_create(request: HttpRequest) -> HttpResponse:
    form = forms.MissionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Mission %(code)s created.") % {"code": mission.code})
            return redirect("missions:mission_detail", pk=mission.pk)
    return render(request, "missions/mission_form.html", {"form": form, "pair": False})


@roles_required(*EDITORS)
def mission_pair_create(request: HttpRequest) -> HttpResponse:
    form = forms.MissionPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        observers = (data.pop("first_observer"), data.pop("second_observer"))
        try:
            first, _second = services.mission_pair_create(
                actor=request.user, observers=observers, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Paired missions created."))
            return redirect("missions:mission_compare", pk=first.pk)
    return render(request, "missions/mission_form.html", {"form": form, "pair": True})


def _batch_assign(request: HttpRequest, form: Any, data: dict[str, Any]) -> HttpResponse:
    """Create and assign in one go; the page lists what was created, skipped and refused."""
    try:
        result = services.mission_batch_assign(
            actor=request.user,
            service_points=list(data.pop("points")),
            observers=list(data.pop("observers")),
            **data,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return render(
            request,
            "missions/mission_bulk.html",
            {"filters": forms.PointFilterForm(), "form": form, "points": [], "searched": True},
        )
    return render(request, "missions/mission_batch_result.html", {"result": result})


@roles_required(*EDITORS)
def mission_bulk_create(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET): filter the registry. Step 2 (POST): create one mission per point."""
    filters = forms.PointFilterForm(request.GET or None)
    points = []
    month = None
    if request.GET and filters.is_valid():
        chosen = {k: v for k, v in filters.cleaned_data.items() if v}
        month = chosen.pop("uncovered", None)
        found = service_point_list_for_user(user=request.user, filters={**chosen, "active": "yes"})
        if month:
            start, end = forms.planning_month(month)
            found = selectors.service_points_without_mission(
                found, period_start=start, period_end=end
            )
        points = list(found[: BULK_PREVIEW_LIMIT + 1])
    form = forms.BulkCreateForm(request.POST or None, month=month)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data["observers"]:
                return _batch_assign(request, form, data)
            data.pop("observers")
            ids = [p.pk for p in data.pop("points")]
            try:
                created = services.mission_bulk_create(
                    actor=request.user, service_point_ids=ids, **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s mission created.", "%(count)s missions created.", len(created)
                    )
                    % {"count": len(created)},
                )
                return redirect("missions:mission_list")
        points = list(form.cleaned_data.get("points") or []) if form.is_bound else points
    return render(
        request,
        "missions/mission_bulk.html",
        {
            "filters": filters,
            "form": form,
            "points": points[:BULK_PREVIEW_LIMIT],
            "too_many": len(points) > BULK_PREVIEW_LIMIT,
            "searched": bool(request.GET) or request.method == "POST",
        },
        status=400 if request.GET and not filters.is_valid() else 200,
    )


def _detail_context(request: HttpRequest, mission: Any, **extra: Any) -> dict[str, Any]:
    report = selectors.active_report(mission)
    can_edit = has_any_role(request.user, EDITORS)
    can_assign = can_edit and mission.status in ASSIGNABLE | REASSIGNABLE
    assign_form = extra.pop("assign_form", None) or (
        forms.AssignForm(initial={"version": mission.version}) if can_assign else None
    )
    if assign_form is not None:
        # htmx: the conflict rules are checked as soon as an observer is chosen.
        assign_form.fields["observer"].widget.attrs.update(
            {
                "hx-get": reverse("missions:mission_assign_check", kwargs={"pk": mission.pk}),
                "hx-trigger": "change",
                "hx-target": "#assign-check",
                "aria-describedby": "assign-check",
            }
        )
    return {
        "mission": mission,
        "report": report,
        "can_edit": can_edit,
        "can_cancel": can_edit and mission.status in services.TRANSITIONS["cancel"][0],
        "assign_form": assign_form,
        "window_form": extra.pop("window_form", None)
        or (
            forms.WindowForm(
                initial={
                    "version": mission.version,
                    "window_start": timezone.localtime(mission.window_start),
                    "window_end": timezone.localtime(mission.window_end),
                }
            )
            if can_edit and mission.status in services.RESCHEDULABLE
            else None
        ),
        **extra,
    }


@roles_required(*READERS)
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    return render(request, "missions/mission_detail.html", _detail_context(request, mission))


@roles_required(*EDITORS)
@require_POST
def mission_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a planned mission, or reassign an open one; conflicts are shown on the form."""
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        service = (
            services.mission_assign if mission.status in ASSIGNABLE else services.mission_reassign
        )
        try:
            service(
                actor=request.user,
                mission=mission,
                observer=form.cleaned_data["observer"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The observer has been assigned."))
            return redirect("missions:mission_detail", pk=mission.pk)
    context = _detail_context(request, mission, assign_form=form)
    return render(request, "missions/mission_detail.html", context, status=400)


@roles_required(*EDITORS)
@require_POST
def mission_window(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the visiting window; the observer is told of the new dates."""
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    form = forms.WindowForm(request.POST)
    if form.is_valid():
        try:
            services.mission_window_change(
                actor=request.user,
                mission=mission,
                window_start=form.cleaned_data["window_start"],
                window_end=form.cleaned_data["window_end"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The visiting window has been changed."))
            return redirect("missions:mission_detail", pk=mission.pk)
    context = _detail_context(request, mission, window_form=form)
    return render(request, "missions/mission_detail.html", context, status=400)


@roles_required(*EDITORS)
def mission_assign_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The conflict-of-interest reasons for the chosen observer (an htmx fragment)."""
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    form = forms.AssignForm(request.GET)
    reasons: list[str] = []
    checked = form.is_valid()
    if checked:
        reasons = services.mission_conflicts(
            observer=form.cleaned_data["observer"],
            service_point=mission.service_point,
            window_start=mission.window_start,
            exclude_mission=mission,
            grid_version=mission.grid_version,
            channel=mission.channel,
        )
    return render(request, "missions/_assign_check.html", {"reasons": reasons, "checked": checked})


@roles_required(*EDITORS)
@require_POST
def mission_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    form = forms.VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.mission_cancel(actor=request.user, mission=mission, expected_version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mission has been cancelled."))
    return redirect("missions:mission_detail", pk=mission.pk)


def _side(mission: Any) -> dict[str, Any]:
    report = selectors.active_report(mission)
    score, _problem = score_for(report) if report else (None, "")
    return {
        "mission": mission,
        "report": report,
        "score": score,
        "layout": report_layout(report, score) if report else [],
    }


@roles_required(*READERS)
def mission_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The two missions of a pair side by side, criterion by criterion."""
    mission = selectors.mission_get_for_user(user=request.user, pk=pk)
    if mission.pair_id is None:
        raise Http404
    other = selectors.mission_get_for_user(user=request.user, pk=mission.pair_id)
    first, second = sorted([mission, other], key=lambda m: m.pk)
    left, right = _side(first), _side(second)
    rows = []
    right_rows = {c["code"]: c for section in right["layout"] for c in section["criteria"]}
    for section in left["layout"] or right["layout"]:
        for criterion in section["criteria"]:
            theirs = right_rows.get(criterion["code"], {})
            rows.append(
                {
                    "section": section["label"],
                    "code": criterion["code"],
                    "label": criterion["label"],
                    "left": criterion["answer"] if left["report"] else "",
                    "right": theirs.get("answer", ""),
                    "differs": left["report"] is not None
                    and right["report"] is not None
                    and criterion["answer"] != theirs.get("answer", ""),
                }
            )
    return render(
        request,
        "missions/mission_compare.html",
        {"left": left, "right": right, "rows": rows},
    )


@roles_required(*READERS)
def review_queue(request: HttpRequest) -> HttpResponse:
    form = forms.ReviewFilterForm(request.GET or None)
    reports = selectors.review_queue_for_user(user=request.user, filters=form.filters())
    return render(
        request,
        "missions/review_queue.html",
        {"form": form, **paginate(request, reports)},
    )


def _review_context(request: HttpRequest, report: Any, **extra: Any) -> dict[str, Any]:
    score, problem = score_for(report)
    can_review = (
        has_any_role(request.user, EDITORS) and report.mission.status == MissionStatus.SUBMITTED
    )
    return {
        "report": report,
        "mission": report.mission,
        "score": score,
        "score_problem": problem,
        "layout": report_layout(report, score),
        "anomalies": anomaly_messages(report),
        "can_review": can_review,
        # The follow-up app (if installed) drafts a recommendation from a validated report.
        "can_recommend": report.status == ReportStatus.VALIDATED
        and has_any_role(request.user, {Role.COORDINATOR, Role.DIRECTOR}),
        "can_decide": has_any_role(request.user, EDITORS)
        and report.status == ReportStatus.SUBMITTED,
        "corrections": [
            {"correction": c, "rows": services.correction_rows(c)}
            for c in selectors.report_corrections(report)
        ],
        "return_form": extra.pop("return_form", None)
        or forms.ReturnForm(initial={"version": report.mission.version}),
        **extra,
    }


@roles_required(*READERS)
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return render(request, "missions/report_review.html", _review_context(request, report))


@roles_required(*EDITORS)
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(
                actor=request.user,
                report=report,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The report has been returned to the observer."))
            return redirect("missions:review_queue")
    context = _review_context(request, report, return_form=form)
    return render(request, "missions/report_review.html", context, status=400)


@roles_required(*EDITORS)
@require_POST
def report_correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject an observer's correction of a submitted report (POST decision=…)."""
    correction = selectors.report_correction_get_for_user(user=request.user, pk=pk)
    report = correction.report
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Choose to accept or to reject the correction."))
        return redirect("missions:report_review", pk=report.pk)
    try:
        services.report_correction_decide(
            actor=request.user, correction=correction, accept=decision == "accept"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The correction has been applied to the report.")
            if decision == "accept"
            else _("The correction has been rejected."),
        )
    return redirect("missions:report_review", pk=report.pk)


@roles_required(*EDITORS)
@require_POST
def report_validate(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    form = forms.VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.report_validate(actor=request.user, report=report, expected_version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("missions:report_review", pk=report.pk)
    messages.success(request, _("The report has been validated; its score is frozen."))
    return redirect("missions:review_queue")


@roles_required(*READERS)
def evidence_file(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The original photo, for department staff only (never a public URL)."""
    evidence = selectors.evidence_get_for_user(user=request.user, uuid=uuid)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@roles_required(Role.OBSERVER, *STAFF_ROLES)
def allowance_statement(request: HttpRequest) -> HttpResponse:
    """A member's monthly allowance statement: an observer reads only their own; department
    staff choose the observer. `?format=xlsx` downloads it for the finance office."""
    from raqib.core.spreadsheets import table_download, table_xlsx

    from .allowances import dinars, monthly_statement, statement_table

    allowed = selectors.observers_for_statements(user=request.user)
    wanted = request.GET.get("observer", "")
    chosen = next((u for u in allowed if str(u.pk) == wanted), None) or next(
        (u for u in allowed if u.pk == request.user.pk), allowed[0] if allowed else None
    )
    if chosen is None:
        raise Http404
    month = forms.statement_month(request.GET.get("month", ""))
    statement = monthly_statement(observer=chosen, month=month)
    if request.GET.get("format") == "xlsx":
        headers, rows = statement_table(statement)
        content = table_xlsx(
            headers, rows, title=f"{month:%Y-%m}", right_to_left=request.LANGUAGE_CODE == "ar"
        )
        return table_download(content, fmt="xlsx", stem=f"allowances-{month:%Y-%m}")
    if request.GET.get("format") == "pdf":
        # Rendered by a task (raqib.exports): the page of the export, then its download.
        return export_start(
            request,
            kind=export_kinds.ALLOWANCES,
            fmt="pdf",
            parameters={"observer": chosen.pk, "month": f"{month:%Y-%m}"},
        )
    return render(
        request,
        "missions/allowance_statement.html",
        {
            "statement": statement,
            "chosen": chosen,
            "observers": allowed if len(allowed) > 1 else [],
            "month_value": f"{month:%Y-%m}",
            "total": dinars(statement.total),
            "fees": dinars(statement.fees),
            "per_diems": dinars(statement.per_diems),
            "lines": [
                (line, dinars(line.fee), dinars(line.per_diem), dinars(line.total))
                for line in statement.lines
            ],
        },
    )


@roles_required(Role.COORDINATOR, Role.DIRECTOR)
def pair_agreement(request: HttpRequest) -> HttpResponse:
    """Agreement between the two observers of validated paired missions
    (docs/training.md § Agreement)."""
    from .pair_agreement import FLAG_BELOW
    from .pair_agreement import pair_agreement as compute

    return render(
        request,
        "missions/pair_agreement.html",
        {"agreement": compute(), "flag_below": int(FLAG_BELOW)},
    )
