"""Pages of the compliance app: the referential, and compliance of a point or a body.

Department staff see the evidence (the reports and criteria behind each requirement); bodies'
focal points see figures only, for their own points and bodies (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raqib.core.access import roles_required, user_roles
from raqib.core.downloads import private_file_response
from raqib.core.forms import apply_service_errors
from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.spreadsheets import table_download

from . import equality_selectors, importing, selectors, services, trait_services
from .exporting import referential_xlsx
from .forms import (
    EqualTreatmentForm,
    FollowUpMissionForm,
    LabelDocumentForm,
    LabelHolderForm,
    LabelTransitionForm,
    ObserverTraitForm,
    PeriodForm,
    ReferentialImportForm,
    ScopeForm,
    TraitForm,
    default_period,
)
from .holders import holders_comparison
from .labels import label_events

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
DEPARTMENT = frozenset({Role.COORDINATOR, Role.DIRECTOR})


@roles_required(*READERS)
def referential_current(request: HttpRequest) -> HttpResponse:
    referential = selectors.referential_current()
    if referential is None:
        return render(request, "compliance/referential_detail.html", {"referential": None})
    return redirect("compliance:referential_detail", pk=referential.pk)


@roles_required(*READERS)
def referential_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referential = selectors.referential_get(pk=pk)
    context = {
        "referential": referential,
        "referentials": selectors.referential_list(),
        "requirements": selectors.referential_requirements(referential=referential),
        "can_import": _is_department(request),
    }
    return render(request, "compliance/referential_detail.html", context)


@roles_required(*READERS)
def referential_export(request: HttpRequest, pk: int) -> HttpResponse:
    referential = selectors.referential_get(pk=pk)
    content = referential_xlsx(referential=referential)
    return table_download(content, fmt="xlsx", stem=f"referential-{referential.code.lower()}")


def _compliance_page(
    request: HttpRequest,
    *,
    subject: Any,
    scope_kwargs: dict[str, Any],
    kind: str,
    form: Any = None,
) -> HttpResponse:
    default = default_period(timezone.localdate())
    form = form or PeriodForm(request.GET or None, initial=default)
    context: dict[str, Any] = {"form": form, "subject": subject, "kind": kind, "result": None}
    if form.is_bound and not form.is_valid():
        return render(request, "compliance/compliance.html", context, status=400)
    period = form.cleaned_data if form.is_bound else default
    referential = selectors.referential_current()
    if referential is not None:
        context["result"] = selectors.scope_compliance(
            referential=referential,
            scope=selectors.Scope(start=period["start"], end=period["end"], **scope_kwargs),
        )
        context["trend"] = selectors.compliance_trend(
            referential=referential, scope_kwargs=scope_kwargs, end=period["end"]
        )
    context["levels"] = selectors.level_labels()
    # Evidence (reports, criteria) for the department only: bodies see figures.
    context["show_evidence"] = bool(user_roles(request.user) & STAFF_ROLES)
    return render(request, "compliance/compliance.html", context)


@roles_required(*READERS)
def point_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    return _compliance_page(
        request, subject=point, scope_kwargs={"point_id": point.pk}, kind="point"
    )


@roles_required(*READERS)
def body_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_get_for_user(user=request.user, pk=pk)
    return _compliance_page(
        request,
        subject=body,
        scope_kwargs={"body_ids": selectors.body_scope_ids(body=body)},
        kind="body",
    )


@roles_required(*STAFF_ROLES)
def scope_compliance(request: HttpRequest) -> HttpResponse:
    """Compliance of a governorate, a category and/or a channel (department staff)."""
    form = ScopeForm(request.GET or None, initial=default_period(timezone.localdate()))
    if form.is_bound and not form.is_valid():
        context = {"form": form, "subject": None, "kind": "scope", "result": None}
        return render(request, "compliance/compliance.html", context, status=400)
    scope_kwargs = form.scope_kwargs() if form.is_bound else {}
    return _compliance_page(
        request, subject=None, scope_kwargs=scope_kwargs, kind="scope", form=form
    )


@roles_required(*READERS)
def label_list(request: HttpRequest) -> HttpResponse:
    holders = selectors.label_holder_list_for_user(user=request.user)
    form = LabelHolderForm() if _is_department(request) else None
    return render(request, "compliance/label_list.html", {"holders": holders, "form": form})


def _is_department(request: HttpRequest) -> bool:
    return bool(user_roles(request.user) & DEPARTMENT)


@require_POST
@roles_required(*DEPARTMENT)
def label_create(request: HttpRequest) -> HttpResponse:
    form = LabelHolderForm(request.POST)
    if form.is_valid():
        try:
            holder = services.label_holder_create(
                actor=request.user,
                service_point=form.cleaned_data["service_point"],
                scope=form.cleaned_data["scope"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("compliance:label_detail", pk=holder.pk)
    holders = selectors.label_holder_list_for_user(user=request.user)
    context = {"holders": holders, "form": form}
    return render(request, "compliance/label_list.html", context, status=400)


def _label_context(
    request: HttpRequest,
    holder: Any,
    form: Any,
    mission_form: Any = None,
    document_form: Any = None,
) -> dict[str, Any]:
    dates = label_events(holder.certified_on) if holder.certified_on else []
    department = _is_department(request)
    return {
        "holder": holder,
        "history": selectors.label_history(holder=holder),
        "events": dates,
        "form": form if department else None,
        "mission_form": (mission_form or FollowUpMissionForm()) if department else None,
        "documents": selectors.label_documents(holder=holder),
        "document_form": (document_form or LabelDocumentForm()) if department else None,
    }


@roles_required(*READERS)
def label_detail(request: HttpRequest, pk: int) -> HttpResponse:
    holder = selectors.label_holder_get_for_user(user=request.user, pk=pk)
    context = _label_context(request, holder, LabelTransitionForm())
    return render(request, "compliance/label_detail.html", context)


@require_POST
@roles_required(*DEPARTMENT)
def label_transition(request: HttpRequest, pk: int) -> HttpResponse:
    holder = selectors.label_holder_get_for_user(user=request.user, pk=pk)
    form = LabelTransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.label_holder_transition(
                actor=request.user,
                holder=holder,
                to_status=data["to_status"],
                note=data["note"],
                certified_on=data["certified_on"],
                certificate_number=data["certificate_number"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("compliance:label_detail", pk=holder.pk)
    holder.refresh_from_db()
    context = _label_context(request, holder, form)
    return render(request, "compliance/label_detail.html", context, status=400)


# --- Equal treatment (coordinators and director of the department only) -------------------------


@roles_required(*DEPARTMENT)
def equal_treatment(request: HttpRequest) -> HttpResponse:
    default = default_period(timezone.localdate())
    form = EqualTreatmentForm(request.GET or None, initial=default)
    context: dict[str, Any] = {"form": form, "analysis": None}
    if not form.is_bound:
        return render(request, "compliance/equal_treatment.html", context)
    if not form.is_valid():
        return render(request, "compliance/equal_treatment.html", context, status=400)
    data = form.cleaned_data
    body_ids = None
    if data["body"] is not None:
        body_ids = selectors.body_scope_ids(body=data["body"])
    context["trait"] = data["trait"]
    context["analysis"] = equality_selectors.equal_treatment(
        trait=data["trait"], start=data["start"], end=data["end"], body_ids=body_ids
    )
    context["reference_label"] = equality_selectors.trait_value_label(
        data["trait"], data["trait"].reference
    )
    return render(request, "compliance/equal_treatment.html", context)


@roles_required(*DEPARTMENT)
def traits(request: HttpRequest) -> HttpResponse:
    trait_form = TraitForm(prefix="trait")
    value_form = ObserverTraitForm(prefix="value")
    status = 200
    if request.method == "POST":
        if "trait-code" in request.POST:
            trait_form = TraitForm(request.POST, prefix="trait")
            if trait_form.is_valid():
                try:
                    trait_services.trait_create(actor=request.user, **trait_form.cleaned_data)
                except ValidationError as error:
                    apply_service_errors(trait_form, error)
                else:
                    return redirect("compliance:traits")
        else:
            value_form = ObserverTraitForm(request.POST, prefix="value")
            if value_form.is_valid():
                try:
                    trait_services.observer_trait_set(actor=request.user, **value_form.cleaned_data)
                except ValidationError as error:
                    apply_service_errors(value_form, error)
                else:
                    return redirect("compliance:traits")
        status = 400
    context = {
        "traits": equality_selectors.trait_list(),
        "rows": equality_selectors.observer_trait_rows(),
        "trait_form": trait_form,
        "value_form": value_form,
    }
    return render(request, "compliance/traits.html", context, status=status)


@roles_required(*STAFF_ROLES)
def holders(request: HttpRequest) -> HttpResponse:
    default = default_period(timezone.localdate())
    form = PeriodForm(request.GET or None, initial=default)
    context: dict[str, Any] = {"form": form, "comparison": None}
    if form.is_bound and not form.is_valid():
        return render(request, "compliance/holders.html", context, status=400)
    period = form.cleaned_data if form.is_bound else default
    referential = selectors.referential_current()
    if referential is not None:
        context["comparison"] = holders_comparison(
            referential=referential, start=period["start"], end=period["end"]
        )
    return render(request, "compliance/holders.html", context)


@require_POST
@roles_required(*DEPARTMENT)
def label_follow_up_mission(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a follow-up visit of the holder's point on the grid that checks the requirements."""
    holder = selectors.label_holder_get_for_user(user=request.user, pk=pk)
    form = FollowUpMissionForm(request.POST)
    referential = selectors.referential_current()
    if referential is None:
        form.add_error(None, _("No requirements referential yet."))
    elif form.is_valid():
        try:
            mission = services.label_follow_up_mission_create(
                actor=request.user, holder=holder, referential=referential, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("missions:mission_detail", pk=mission.pk)
    context = _label_context(request, holder, LabelTransitionForm(), mission_form=form)
    return render(request, "compliance/label_detail.html", context, status=400)


@require_POST
@roles_required(*DEPARTMENT)
def label_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    holder = selectors.label_holder_get_for_user(user=request.user, pk=pk)
    form = LabelDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.label_document_add(
                actor=request.user,
                holder=holder,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("compliance:label_detail", pk=holder.pk)
    context = _label_context(request, holder, LabelTransitionForm(), document_form=form)
    return render(request, "compliance/label_detail.html", context, status=400)


@roles_required(*READERS)
def label_document(request: HttpRequest, uuid: str) -> FileResponse:
    document = selectors.label_document_get_for_user(user=request.user, uuid=uuid)
    return private_file_response(
        document.file,
        content_type=document.content_type,
        filename=document.name,
        attachment=document.content_type == "application/pdf",
    )


@roles_required(*DEPARTMENT)
def referential_import(request: HttpRequest) -> HttpResponse:
    """A new draft referential from a workbook in the export's layout (all or nothing)."""
    form = ReferentialImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            upload = data.pop("file")
            try:
                referential = importing.referential_import(
                    actor=request.user, content=upload.read(), **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect("compliance:referential_detail", pk=referential.pk)
        return render(request, "compliance/referential_import.html", {"form": form}, status=400)
    return render(request, "compliance/referential_import.html", {"form": form})
