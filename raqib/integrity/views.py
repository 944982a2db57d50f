"""Integrity case pages: the list (references only for administrators) and the need-to-know
case pages, which answer 404 to everyone but the assigned officers and the director.

Every read a page shows is audited through `services.case_read_record` / `evidence_read`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from raqib.core.access import roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.roles import Role

from . import referrals, selectors, services
from .access import LISTERS, is_director, is_officer, may_assign
from .authorities import authorities, authority_name
from .bundle import build_bundle
from .forms import CaseOpenForm
from .letter import render_letter
from .models import CLOSED, Case, Origin, RevealStatus
from .transitions import events_from


@require_GET
@roles_required(*LISTERS)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.case_list_for_user(user=request.user)
    return render(
        request,
        "integrity/case_list.html",
        {
            "cases": cases,
            # Administrators see references and assignments, never content.
            "show_content": is_director(request.user) or is_officer(request.user),
            "can_assign": may_assign(request.user),
            "can_open": is_officer(request.user),
            "officers": selectors.integrity_officers() if may_assign(request.user) else [],
        },
    )


def _pseudonym(case: Case) -> str:
    profile = getattr(case.observer, "observer_profile", None) if case.observer else None
    return profile.pseudonym if profile is not None else ""


def _identity(case: Case) -> str:
    observer = case.observer
    if observer is None:
        return ""
    full = observer.get_full_name()
    return f"{full} ({observer.get_username()})" if full else observer.get_username()


@require_GET
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    revealed = selectors.identity_revealed(case=case)
    services.case_read_record(
        actor=request.user, case=case, what="case+identity" if revealed else "case"
    )
    reveals = list(selectors.reveals_of(case=case))
    return render(
        request,
        "integrity/case_detail.html",
        {
            "case": case,
            "pseudonym": _pseudonym(case),
            "identity": _identity(case) if revealed else "",
            "evidence": case.evidence.all(),
            "facts_added": selectors.facts_added(case=case),
            "is_closed": case.status in CLOSED,
            "events": events_from(case.status),
            "reveals": reveals,
            "pending_reveal": any(r.status == RevealStatus.REQUESTED for r in reveals),
            "is_director": is_director(request.user),
            "custody": selectors.custody_log(case=case) if is_director(request.user) else [],
            "referrals": [(r, authority_name(r.authority)) for r in case.referrals.all()],
            "today": timezone.localdate(),
            "authorities": [(code, authority_name(code)) for code in authorities()],
        },
    )


@require_GET
@login_required
def case_api(request: HttpRequest, pk: int) -> JsonResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    services.case_read_record(actor=request.user, case=case, what="api")
    return JsonResponse(
        {
            "reference": case.reference,
            "category": case.category,
            "status": case.status,
            "severity": case.severity,
            "facts": case.facts,
            "body": case.body.code,
            "service_point": case.service_point.code if case.service_point else None,
            "observer_pseudonym": _pseudonym(case),
            "evidence": [
                {"uuid": str(e.uuid), "name": e.name, "sha256": e.sha256, "size": e.size}
                for e in case.evidence.all()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _back(case: Case) -> HttpResponse:
    return redirect("integrity:case_detail", pk=case.pk)


def _fail(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
def case_act(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    try:
        services.case_act(
            actor=request.user,
            case=case,
            event=request.POST.get("event", ""),
            reason=request.POST.get("reason", ""),
            authority=request.POST.get("authority", ""),
            language=request.POST.get("language", ""),
        )
    except ValidationError as error:
        _fail(request, error)
    return _back(case)


@require_POST
@login_required
def case_facts_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add facts learnt after opening (assigned officers and the director)."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    try:
        services.case_fact_add(actor=request.user, case=case, text=request.POST.get("text", ""))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The facts were added to the case."))
    return _back(case)


@require_POST
@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Choose a file to add."))
        services.evidence_add(
            actor=request.user,
            case=case,
            name=upload.name or "file",
            content=upload.read(services.MAX_EVIDENCE_BYTES + 1),
            content_type=upload.content_type or "application/octet-stream",
        )
    except ValidationError as error:
        _fail(request, error)
    return _back(case)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int, uuid: str) -> HttpResponse:
    found = selectors.evidence_get_for_user(user=request.user, case_pk=pk, uuid=uuid)
    content = services.evidence_read(actor=request.user, evidence=found, action="view")
    response = HttpResponse(content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{found.uuid}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def case_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The export bundle; the observer appears by pseudonym only, even after a reveal."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    services.case_read_record(actor=request.user, case=case, what="bundle")
    evidence = [
        (e.name, services.evidence_read(actor=request.user, evidence=e, action="export"))
        for e in case.evidence.all()
    ]
    summary = {
        "reference": case.reference,
        "category": case.category,
        "status": case.status,
        "severity": case.severity,
        "body": case.body.code,
        "service_point": case.service_point.code if case.service_point else None,
        "occurred_at": case.occurred_at.isoformat() if case.occurred_at else None,
        "place": case.place_of_facts,
        "facts": case.facts,
        "facts_added": [
            {"at": fact.added_at.isoformat(), "text": fact.text}
            for fact in selectors.facts_added(case=case)
        ],
        "observer_pseudonym": _pseudonym(case),
        "criteria": case.criteria,
    }
    letters = [
        (
            f"referral-{n}-{referral.authority}.pdf",
            render_letter(case=case, referral=referral, pseudonym=_pseudonym(case)),
        )
        for n, referral in enumerate(case.referrals.all(), 1)
    ]
    content = build_bundle(
        case=summary,
        evidence=evidence,
        custody=selectors.custody_log(case=case),
        letters=letters,
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.zip"'
    return response


@require_POST
@login_required
def reveal_request(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    if not is_officer(request.user):
        raise PermissionDenied
    try:
        services.identity_reveal_request(
            actor=request.user, case=case, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The request was sent to the director."))
    except ValidationError as error:
        _fail(request, error)
    return _back(case)


@require_POST
@login_required
def reveal_decide(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    reveal = selectors.reveal_get(case=case, pk=rid)
    if not is_director(request.user):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    try:
        if decision not in ("approve", "refuse"):
            raise ValidationError(_("Choose to approve or to refuse the request."))
        services.identity_reveal_decide(
            actor=request.user, reveal=reveal, approve=decision == "approve"
        )
    except ValidationError as error:
        _fail(request, error)
    return _back(case)


@require_POST
@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_assignment(user=request.user, pk=pk)
    raw = request.POST.get("officer", "")
    officer = selectors.integrity_officer_get(pk=int(raw)) if raw.isdigit() else None
    if officer is None:
        messages.error(request, _("Choose an integrity officer."))
    else:
        try:
            services.case_assign(actor=request.user, case=case, officer=officer)
            messages.success(request, _("The officer was assigned."))
        except ValidationError as error:
            _fail(request, error)
    return redirect("integrity:case_list")


@require_GET
@login_required
def referral_letter(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """The referral letter (PDF); the observer by pseudonym only."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    referral = selectors.referral_get(case=case, pk=rid)
    services.case_read_record(actor=request.user, case=case, what="letter")
    content = render_letter(case=case, referral=referral, pseudonym=_pseudonym(case))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-{referral.authority}.pdf"'
    )
    return response


@roles_required(Role.INTEGRITY_OFFICER)
def case_new(request: HttpRequest) -> HttpResponse:
    """An integrity officer opens a case by hand: own finding, external signal, a validated
    report (`?report=` prefills its mission code) or a flagged comment (`?comment=`)."""
    initial: dict[str, str] = {}
    if request.GET.get("report"):
        initial = {"origin": Origin.REPORT, "report_code": request.GET["report"][:40]}
    elif request.GET.get("comment"):
        initial = {"origin": Origin.SURVEY_COMMENT, "comment_flag": request.GET["comment"][:12]}
    form = CaseOpenForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if form.chosen_origin() == Origin.REPORT:
                case = services.case_open_from_chosen_report(
                    actor=request.user, **form.derived_kwargs()
                )
            elif form.chosen_origin() == Origin.SURVEY_COMMENT:
                case = services.case_open_from_comment(actor=request.user, **form.derived_kwargs())
            else:
                case = services.case_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Case opened."))
            return _back(case)
    return render(request, "integrity/case_new.html", {"form": form})


def _posted_day(request: HttpRequest) -> dt.date | None:
    try:
        return parse_date(request.POST.get("on", "").strip())
    except ValueError:
        return None


@require_POST
@login_required
def referral_followup(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """Record the authority's acknowledgement (`step=ack`) or its outcome (`step=outcome`)."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    referral = selectors.referral_get(case=case, pk=rid)
    step = request.POST.get("step", "")
    try:
        if step == "ack":
            referrals.referral_acknowledge(
                actor=request.user, referral=referral, on=_posted_day(request)
            )
        elif step == "outcome":
            referrals.referral_outcome_record(
                actor=request.user,
                referral=referral,
                on=_posted_day(request),
                outcome=request.POST.get("outcome", ""),
            )
        else:
            raise ValidationError(_("This step is not possible from the case's current status."))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Referral follow-up recorded."))
    return _back(case)
