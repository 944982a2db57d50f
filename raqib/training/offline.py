"""What the observer app keeps for training offline, and the one call that syncs a quiz taken
on the phone (docs/training.md, "Offline").

The bundle holds, for each course a certification requires: its lessons in both languages,
its quiz without the correct answers, and — when a new attempt is allowed now — a *ticket*:
an attempt id and the questions it draws. The phone answers those questions with no network;
the server draws the same ones from the same id when the answers arrive, checks the limits
at that moment and scores them. A resend of the same attempt changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from raqib.grids.models import GridChannel

from . import services
from .models import (
    Certification,
    CertificationRequirement,
    CourseVersion,
    Pledge,
    QuizAttempt,
)
from .pledge import PLEDGE_VERSION


def _both(render: Any) -> dict[str, str]:
    out = {}
    for lang in ("ar", "fr"):
        with translation.override(lang):
            out[lang] = str(render())
    return out


def _quiz(version: CourseVersion, observer: Any, now: dt.datetime) -> dict[str, Any]:
    quiz = version.content["quiz"]
    refusal = services.quiz_refusal(observer=observer, course_version=version, now=now)
    ticket = None
    if refusal is None:
        client = uuid.uuid4()
        ticket = {"attempt": str(client), "questions": services.quiz_draw(quiz, client)}
    return {
        "pass_mark": quiz["pass_mark"],
        "max_attempts": quiz["max_attempts"],
        "questions": [
            {
                "code": q["code"],
                "text": q["text"],
                "choices": [{"code": c["code"], "text": c["text"]} for c in q["choices"]],
            }
            for q in quiz["questions"]
        ],
        "ticket": ticket,
        "passed": QuizAttempt.objects.filter(
            observer=observer, course_version=version, passed=True
        ).exists(),
        "blocked": "" if refusal is None else " ".join(refusal.messages),
    }


def training_bundle(*, observer: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    courses: dict[int, dict[str, Any]] = {}
    for requirement in CertificationRequirement.objects.select_related(
        "course_version__course", "grid_version__grid"
    ).order_by("grid_version__grid__code", "-grid_version__number"):
        version = requirement.course_version
        if version.pk not in courses:
            courses[version.pk] = {
                "id": version.pk,
                "title": {"ar": version.course.title_ar, "fr": version.course.title_fr},
                "lessons": [
                    {
                        "code": lesson["code"],
                        "title": lesson["title"],
                        "body": lesson["body"],
                        "images": lesson.get("images", []),
                        "attachments": lesson.get("attachments", []),
                        "video_url": lesson.get("video_url", ""),
                    }
                    for lesson in version.content.get("lessons", [])
                ],
                "quiz": _quiz(version, observer, now),
                "grids": [],
            }
        courses[version.pk]["grids"].append(
            f"{requirement.grid_version.grid.code} v{requirement.grid_version.number}"
        )
    channels = dict(GridChannel.choices)
    certifications = [
        {
            "grid": f"{c.grid_version.grid.code} v{c.grid_version.number}",
            "channel": _both(lambda c=c: channels.get(c.channel, c.channel)),
            "expires_on": c.expires_on.isoformat(),
        }
        for c in Certification.objects.filter(
            observer=observer, revoked_at__isnull=True, expires_on__gte=timezone.localdate(now)
        )
        .select_related("grid_version__grid")
        .order_by("grid_version__grid__code", "channel")
    ]
    pledged = Pledge.objects.filter(user=observer, text_version=PLEDGE_VERSION).exists()
    return {
        "courses": list(courses.values()),
        "certifications": certifications,
        "pledge_signed": pledged,
        "fetched_at": now.isoformat(),
    }


@transaction.atomic
def quiz_attempt_sync(
    *, actor: Any, course_version: CourseVersion, client_uuid: Any, answers: dict[str, str]
) -> tuple[QuizAttempt, list[Certification]]:
    """Start (with the phone's attempt id) and score a quiz taken offline, in one step.

    Idempotent: the same attempt id gives back the scored attempt. Refused with the reason
    when the attempt could not start now (already passed, attempts used, waiting time).
    """
    before = set(Certification.objects.filter(observer=actor).values_list("pk", flat=True))
    attempt = services.quiz_attempt_start(
        actor=actor, course_version=course_version, client_uuid=client_uuid
    )
    if attempt.course_version_id != course_version.pk:
        raise ValidationError(_("This attempt belongs to another course."))
    attempt = services.quiz_attempt_submit(actor=actor, client_uuid=client_uuid, answers=answers)
    granted = list(Certification.objects.filter(observer=actor).exclude(pk__in=before))
    return attempt, granted
