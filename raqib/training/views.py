"""Training pages: the observer's training (courses, quiz, practice, pledge) and the
coordinators' certifications and agreement pages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raqib.core.access import roles_required
from raqib.core.roles import Role

from . import selectors, services
from .agreement_report import agreement_overview
from .pledge import PLEDGE_TEXT, PLEDGE_VERSION
from .practice import posted_answers, practice_questions

OBSERVER = (Role.OBSERVER,)
SUPERVISORS = (Role.COORDINATOR, Role.DIRECTOR)


def _lang() -> str:
    return "fr" if (get_language() or "ar").startswith("fr") else "ar"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@roles_required(*OBSERVER)
def my_training(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    return render(
        request,
        "training/my_training.html",
        {
            "statuses": selectors.my_training(observer=request.user),
            "pledge_signed": selectors.pledge_signed(user=request.user),
            "pledge_text": PLEDGE_TEXT[lang],
            "pledge_version": PLEDGE_VERSION,
            "new_attempt": uuid.uuid4(),
            "lang": lang,
        },
    )


@roles_required(*OBSERVER)
def course(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.course_version_get(pk=pk)
    lang = _lang()
    lessons = [
        {
            "title": lesson["title"][lang],
            "body": lesson["body"][lang],
            "video_url": lesson.get("video_url", ""),
            "images": [
                {"src": image["src"], "alt": image["alt"][lang]}
                for image in lesson.get("images", [])
            ],
            "attachments": [
                {"url": item["url"], "title": item["title"][lang]}
                for item in lesson.get("attachments", [])
            ],
        }
        for lesson in version.content["lessons"]
    ]
    return render(
        request,
        "training/course.html",
        {"version": version, "lessons": lessons, "new_attempt": uuid.uuid4()},
    )


@require_POST
@roles_required(*OBSERVER)
def quiz_start(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.course_version_get(pk=pk)
    try:
        attempt = services.quiz_attempt_start(
            actor=request.user, course_version=version, client_uuid=request.POST.get("attempt", "")
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("training:my_training")
    return redirect("training:quiz", attempt=attempt.client_uuid)


@roles_required(*OBSERVER)
def quiz(request: HttpRequest, attempt: str) -> HttpResponse:
    found = selectors.attempt_get_for_observer(observer=request.user, client_uuid=attempt)
    if request.method == "POST" and found.submitted_at is None:
        answers = {code: request.POST.get(f"q_{code}", "") for code in found.drawn}
        try:
            found = services.quiz_attempt_submit(
                actor=request.user, client_uuid=found.client_uuid, answers=answers
            )
        except ValidationError as error:
            _errors(request, error)
        return redirect("training:quiz", attempt=found.client_uuid)
    return render(
        request,
        "training/quiz.html",
        {
            "attempt": found,
            "questions": selectors.quiz_questions(found, _lang()),
            "pass_mark": found.course_version.content["quiz"]["pass_mark"],
        },
    )


@roles_required(*OBSERVER)
def practice(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(pk=pk)
    lang = _lang()
    result = None
    if request.method == "POST":
        try:
            result = services.practice_attempt_submit(
                actor=request.user,
                scenario=scenario,
                client_uuid=request.POST.get("attempt", ""),
                answers=posted_answers(scenario, request.POST),
            )
        except ValidationError as error:
            _errors(request, error)
    return render(
        request,
        "training/practice.html",
        {
            "scenario": scenario,
            "text": scenario.scenario_fr if lang == "fr" else scenario.scenario_ar,
            "images": [
                {"src": image["src"], "alt": image["alt"][lang]} for image in scenario.images
            ],
            "questions": practice_questions(scenario, lang),
            "result": result,
            "new_attempt": uuid.uuid4(),
        },
    )


@require_POST
@roles_required(*OBSERVER)
def pledge(request: HttpRequest) -> HttpResponse:
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to sign the pledge."))
    else:
        services.pledge_sign(actor=request.user)
        messages.success(request, _("Pledge signed."))
    return redirect("training:my_training")


@roles_required(*SUPERVISORS)
def certifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/certifications.html",
        {
            "rows": selectors.certifications_overview(),
            "versions": selectors.requirement_grid_versions(),
            "channels": selectors.channel_choices(),
            "can_grant": Role.COORDINATOR in getattr(request.user, "role_codes", frozenset()),
        },
    )


@require_POST
@roles_required(Role.COORDINATOR)
def certification_grant(request: HttpRequest) -> HttpResponse:
    observer = selectors.observer_get(pk=request.POST.get("observer", ""))
    version = selectors.grid_version_get(pk=request.POST.get("grid_version", ""))
    if observer is None or version is None:
        messages.error(request, _("Choose an observer and a grid version."))
        return redirect("training:certifications")
    try:
        services.certification_grant(
            actor=request.user,
            observer=observer,
            grid_version=version,
            channel=request.POST.get("channel", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Certification granted."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("training:certifications")


@require_POST
@roles_required(Role.COORDINATOR)
def certification_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.certification_get(pk=pk)
    try:
        services.certification_revoke(
            actor=request.user, certification=found, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Certification revoked."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("training:certifications")


@roles_required(*SUPERVISORS)
def agreement(request: HttpRequest) -> HttpResponse:
    return render(request, "training/agreement.html", {"scenarios": agreement_overview()})
