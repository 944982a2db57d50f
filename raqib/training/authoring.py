"""Course authoring (coordinators): create a course, publish a new version from its content
file (JSON, checked whole: every problem named with its place, nothing stored), download a
version's content to edit it, and upload the images and PDF documents lessons show.
Lesson files are read back at /training-media/<id>/ (`lesson_media_file`)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from raqib.core.access import roles_required
from raqib.core.downloads import private_file_response
from raqib.core.roles import Role

from . import media, selectors, services

AUTHORS = (Role.COORDINATOR,)
MAX_CONTENT_BYTES = 1024 * 1024


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@roles_required(*AUTHORS)
def authoring(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/authoring.html",
        {
            "courses": selectors.courses_with_latest(),
            "files": media.lesson_media_recent(),
            "requirements": selectors.requirements_overview(),
            "grid_versions": selectors.requirement_grid_versions()
            .filter(retired_at__isnull=True)
            .order_by("grid__code", "-number"),
            "course_versions": selectors.course_versions(),
            "scenarios": selectors.practice_scenarios(),
            "channels": selectors.channel_choices(),
        },
    )


@require_POST
@roles_required(*AUTHORS)
def course_create(request: HttpRequest) -> HttpResponse:
    try:
        course = services.course_create(
            actor=request.user,
            code=request.POST.get("code", "").strip(),
            title_ar=request.POST.get("title_ar", "").strip(),
            title_fr=request.POST.get("title_fr", "").strip(),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Course %(code)s created: publish its first version.") % {"code": course.code},
        )
    return redirect("training:authoring")


def _read_content(upload: Any) -> dict[str, Any]:
    if upload is None:
        raise ValidationError(_("Choose the content file (JSON)."))
    raw = upload.read(MAX_CONTENT_BYTES + 1)
    if len(raw) > MAX_CONTENT_BYTES:
        raise ValidationError(_("The content file is larger than 1 MB."))
    try:
        content = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            _("The content file is not valid JSON (line %(line)s).")
            % {"line": getattr(exc, "lineno", 1)}
        ) from exc
    if not isinstance(content, dict):
        raise ValidationError(_("The content must be an object with lessons and a quiz."))
    return content


@require_POST
@roles_required(*AUTHORS)
def course_publish(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(pk=pk)
    try:
        version = services.course_version_publish(
            actor=request.user, course=course, content=_read_content(request.FILES.get("content"))
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Version %(n)s of %(code)s published.") % {"n": version.number, "code": course.code},
        )
    return redirect("training:authoring")


@require_GET
@roles_required(*AUTHORS)
def course_content(request: HttpRequest, pk: int) -> HttpResponse:
    """A version's frozen content, to edit and publish as the next version."""
    version = selectors.course_version_get(pk=pk)
    answer = JsonResponse(version.content, json_dumps_params={"ensure_ascii": False, "indent": 2})
    answer["Content-Disposition"] = (
        f'attachment; filename="{version.course.code}-v{version.number}.json"'
    )
    return answer


@require_POST
@roles_required(*AUTHORS)
def lesson_media_upload(request: HttpRequest) -> HttpResponse:
    try:
        stored = media.lesson_media_upload(actor=request.user, upload=request.FILES.get("file"))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("File kept. Use %(url)s in a lesson's images or attachments.") % {"url": stored.url},
        )
    return redirect("training:authoring")


@require_GET
@roles_required(*media.READERS)
def lesson_media_file(request: HttpRequest, pk: int) -> FileResponse:
    found = media.lesson_media_get_for_user(user=request.user, pk=pk)
    return private_file_response(
        found.file,
        content_type=found.content_type,
        filename=found.name,
        attachment=found.kind == found.Kind.PDF,
    )


def _whole(value: str, default: int) -> int | None:
    value = value.strip()
    if not value:
        return default
    return int(value) if value.isdigit() else None


@require_POST
@roles_required(*AUTHORS)
def requirement_set(request: HttpRequest) -> HttpResponse:
    """What a grid version asks before assignment: a course version, optionally a practice
    visit, the channels, the validity, and whether earlier versions' certifications count."""
    version = selectors.grid_version_get(pk=request.POST.get("grid_version", ""))
    course_version = selectors.course_version_find(pk=request.POST.get("course_version", ""))
    practice_pk = request.POST.get("practice", "")
    practice = selectors.practice_scenario_find(pk=practice_pk) if practice_pk else None
    days = _whole(request.POST.get("validity_days", ""), 365)
    if version is None or course_version is None or (practice_pk and practice is None):
        messages.error(request, _("Choose a grid version and a course."))
    elif days is None or not 1 <= days <= 3650:
        messages.error(request, _("The validity is a number of days from 1 to 3650."))
    else:
        try:
            services.certification_requirement_set(
                actor=request.user,
                grid_version=version,
                course_version=course_version,
                practice=practice,
                channels=request.POST.getlist("channels"),
                validity_days=days,
                carry_over=request.POST.get("carry_over") == "on",
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _("%(grid)s v%(n)s now requires certification.")
                % {"grid": version.grid.code, "n": version.number},
            )
    return redirect("training:authoring")


PRACTICE_TEXTS = ("code", "title_ar", "title_fr", "scenario_ar", "scenario_fr")


def _reference(text: str) -> dict[str, str]:
    """`Q01 = yes` lines (or `Q01: yes`) → {"Q01": "yes"}; a line without a separator raises."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, answer = line.replace(":", "=", 1).partition("=")
        if not sep or not code.strip() or not answer.strip():
            raise ValidationError(
                _("Reference answers, line %(n)s: write CODE = answer.") % {"n": number}
            )
        found[code.strip()] = answer.strip()
    return found


def _scene_images(text: str) -> list[dict[str, Any]]:
    """`address | description in Arabic | description in French` lines → images."""
    found: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise ValidationError(
                _("Photos of the scene, line %(n)s: write address | Arabic | French.")
                % {"n": number}
            )
        found.append({"src": parts[0], "alt": {"ar": parts[1], "fr": parts[2]}})
    return found


@require_POST
@roles_required(*AUTHORS)
def practice_create(request: HttpRequest) -> HttpResponse:
    version = selectors.grid_version_get(pk=request.POST.get("grid_version", ""))
    threshold = _whole(request.POST.get("threshold", ""), 80)
    post = {k: request.POST.get(k, "").strip() for k in PRACTICE_TEXTS}
    if version is None:
        messages.error(request, _("Choose a grid version and a course."))
    elif threshold is None or threshold > 100:
        messages.error(request, _("The agreement needed is a percentage from 0 to 100."))
    elif not all(post.values()):
        messages.error(request, _("Give the code, and the title and scenario in both languages."))
    else:
        try:
            scenario = services.practice_scenario_create(
                actor=request.user,
                code=post["code"],
                grid_version=version,
                title=(post["title_ar"], post["title_fr"]),
                scenario=(post["scenario_ar"], post["scenario_fr"]),
                reference=_reference(request.POST.get("reference", "")),
                threshold=threshold,
                images=_scene_images(request.POST.get("images", "")),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Practice visit %(code)s created.") % {"code": scenario.code}
            )
    return redirect("training:authoring")
