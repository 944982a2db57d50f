"""Writes of training (docs/training.md): keyword-only, atomic, audited through core.writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_create, model_update, no_check
from raqib.grids.models import GridChannel, GridVersion

from .agreement import practice_agreement
from .content import content_problems, scenario_image_problems
from .models import (
    Certification,
    CertificationRequirement,
    CertificationSource,
    Course,
    CourseVersion,
    Pledge,
    PracticeAttempt,
    PracticeScenario,
    QuizAttempt,
)
from .pledge import PLEDGE_VERSION


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(_("The form is damaged: please reload the page.")) from None


@transaction.atomic
def course_create(*, actor: Any, code: str, title_ar: str, title_fr: str) -> Course:
    return model_create(
        instance=Course(code=code, title_ar=title_ar, title_fr=title_fr),
        actor=actor,
        action="course.create",
        fields=["code"],
    )


@transaction.atomic
def course_version_publish(*, actor: Any, course: Course, content: dict[str, Any]) -> CourseVersion:
    """Freeze `content` as the course's next version (earlier versions never change)."""
    problems = content_problems(content)
    if problems:
        raise ValidationError(problems)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    last = CourseVersion.objects.filter(course=course).aggregate(n=Max("number"))["n"] or 0
    return model_create(
        instance=CourseVersion(
            course=course,
            number=last + 1,
            content=content,
            content_hash=hashlib.sha256(canonical.encode()).hexdigest(),
        ),
        actor=actor,
        action="course_version.publish",
        fields=["number", "content_hash"],
        label=course.code,
        validate=no_check,
    )


@transaction.atomic
def practice_scenario_create(
    *,
    actor: Any,
    code: str,
    grid_version: GridVersion,
    title: tuple[str, str],
    scenario: tuple[str, str],
    reference: dict[str, Any],
    threshold: int = 80,
    images: list[dict[str, Any]] | None = None,
) -> PracticeScenario:
    """A scripted visit; its reference answers must name criteria of the grid version; the
    photos of the scene are checked like a lesson's images (training/content.py)."""
    problems = scenario_image_problems(images or [])
    if problems:
        raise ValidationError({"images": problems})
    known = {
        str(c["code"])
        for section in (grid_version.snapshot or {}).get("sections", [])
        for c in section.get("criteria", [])
    }
    unknown = sorted(set(reference) - known)
    if not reference or unknown:
        raise ValidationError(
            {"reference": [_("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)}]}
            if unknown
            else {"reference": [_("The reference answers are empty.")]}
        )
    return model_create(
        instance=PracticeScenario(
            code=code,
            grid_version=grid_version,
            title_ar=title[0],
            title_fr=title[1],
            scenario_ar=scenario[0],
            scenario_fr=scenario[1],
            reference=reference,
            threshold=threshold,
            images=images or [],
        ),
        actor=actor,
        action="practice_scenario.create",
        fields=["code", "threshold"],
    )


@transaction.atomic
def certification_requirement_set(
    *,
    actor: Any,
    grid_version: GridVersion,
    course_version: CourseVersion,
    practice: PracticeScenario | None = None,
    channels: list[str] | None = None,
    validity_days: int = 365,
    carry_over: bool = False,
) -> CertificationRequirement:
    """What a grid version asks of its observers; `carry_over` is chosen when publishing."""
    channels = channels or [grid_version.grid.channel]
    if any(c not in GridChannel.values for c in channels):
        raise ValidationError({"channels": [_("Unknown channel.")]})
    if practice is not None and practice.grid_version_id != grid_version.pk:
        raise ValidationError({"practice": [_("The scenario is on another grid version.")]})
    found = CertificationRequirement.objects.filter(grid_version=grid_version).first()
    data = {
        "course_version": course_version,
        "practice": practice,
        "channels": channels,
        "validity_days": validity_days,
        "carry_over": carry_over,
    }
    if found is None:
        return model_create(
            instance=CertificationRequirement(grid_version=grid_version, **data),
            actor=actor,
            action="certification_requirement.create",
            fields=["channels", "validity_days", "carry_over"],
        )
    model_update(
        instance=found,
        actor=actor,
        action="certification_requirement.update",
        data=data,
        fields=["channels", "validity_days", "carry_over"],
    )
    return found


# --- Quiz --------------------------------------------------------------------------------


def _quiz(version: CourseVersion) -> dict[str, Any]:
    return dict(version.content["quiz"])


def quiz_draw(quiz: dict[str, Any], client: uuid.UUID) -> list[str]:
    """The questions of the attempt with this id: seeded by it, so the phone that took the
    quiz offline and the server that scores it draw the same ones."""
    bank = [q["code"] for q in quiz["questions"]]
    return random.Random(client.int).sample(bank, int(quiz["draw"]))  # noqa: S311 - not a secret


def quiz_refusal(
    *, observer: Any, course_version: CourseVersion, now: dt.datetime
) -> ValidationError | None:
    """Why a new attempt cannot start now (passed, attempts used, waiting time), or None."""
    quiz = _quiz(course_version)
    done = list(
        QuizAttempt.objects.filter(
            observer=observer, course_version=course_version, submitted_at__isnull=False
        ).order_by("-submitted_at")
    )
    if any(a.passed for a in done):
        return ValidationError(_("You already passed this quiz."), code="quiz_passed")
    if len(done) >= int(quiz["max_attempts"]):
        return ValidationError(
            _("You used the %(n)s attempts of this quiz; ask your coordinator.")
            % {"n": quiz["max_attempts"]},
            code="quiz_attempts_used",
        )
    wait = dt.timedelta(hours=int(quiz["wait_hours"]))
    if done and done[0].submitted_at and now < done[0].submitted_at + wait:
        again = timezone.localtime(done[0].submitted_at + wait)
        return ValidationError(
            _("You can try again from %(when)s.") % {"when": again.strftime("%d/%m/%Y %H:%M")},
            code="quiz_wait",
        )
    return None


@transaction.atomic
def quiz_attempt_start(
    *, actor: Any, course_version: CourseVersion, client_uuid: Any, now: dt.datetime | None = None
) -> QuizAttempt:
    """Draw the questions of a new attempt; the same client id gives back the same attempt.

    Refused, with the reason, past the attempts limit, before the waiting time after a failed
    attempt, or once the quiz is passed.
    """
    now = now or timezone.now()
    client = _uuid(client_uuid)
    existing = QuizAttempt.objects.filter(client_uuid=client).first()
    if existing is not None:
        if existing.observer_id != actor.pk:
            raise ValidationError(_("The form is damaged: please reload the page."))
        return existing
    quiz = _quiz(course_version)
    # Lock the observer's attempts of this quiz: two starts at once cannot both pass the limit.
    list(
        QuizAttempt.objects.select_for_update().filter(
            observer=actor, course_version=course_version
        )
    )
    refusal = quiz_refusal(observer=actor, course_version=course_version, now=now)
    if refusal is not None:
        raise refusal
    drawn = quiz_draw(quiz, client)
    return model_create(
        instance=QuizAttempt(
            observer=actor,
            course_version=course_version,
            client_uuid=client,
            drawn=drawn,
            started_at=now,
        ),
        actor=actor,
        action="quiz_attempt.start",
        fields=["drawn"],
        label=course_version.course.code,
        validate=no_check,
    )


def _percent(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


@transaction.atomic
def quiz_attempt_submit(
    *, actor: Any, client_uuid: Any, answers: dict[str, str], now: dt.datetime | None = None
) -> QuizAttempt:
    """Score an attempt (a resubmission of the same attempt changes nothing)."""
    now = now or timezone.now()
    attempt = (
        QuizAttempt.objects.select_for_update()
        .select_related("course_version__course")
        .filter(client_uuid=_uuid(client_uuid), observer=actor)
        .first()
    )
    if attempt is None:
        raise ValidationError(_("This attempt was not started: open the quiz again."))
    if attempt.submitted_at is not None:
        return attempt
    quiz = _quiz(attempt.course_version)
    correct = {
        q["code"]: next(c["code"] for c in q["choices"] if c.get("correct") is True)
        for q in quiz["questions"]
    }
    kept = {code: str(answers.get(code, "")) for code in attempt.drawn}
    right = sum(1 for code in attempt.drawn if kept[code] == correct.get(code))
    score = _percent(right, len(attempt.drawn))
    model_update(
        instance=attempt,
        actor=actor,
        action="quiz_attempt.submit",
        data={
            "answers": kept,
            "score": score,
            "passed": score >= int(quiz["pass_mark"]),
            "submitted_at": now,
        },
        fields=["score", "passed"],
        label=attempt.course_version.course.code,
        validate=no_check,
    )
    grant_when_complete(observer=actor, now=now)
    return attempt


# --- Practice and pledge -----------------------------------------------------------------


@transaction.atomic
def practice_attempt_submit(
    *,
    actor: Any,
    scenario: PracticeScenario,
    client_uuid: Any,
    answers: dict[str, Any],
    now: dt.datetime | None = None,
) -> PracticeAttempt:
    """Compare the observer's answers with the reference (idempotent on the client id)."""
    now = now or timezone.now()
    client = _uuid(client_uuid)
    existing = PracticeAttempt.objects.filter(client_uuid=client).first()
    if existing is not None:
        return existing
    found = practice_agreement(reference=scenario.reference, answers=answers)
    percent = Decimal(str(found.percent)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    attempt = model_create(
        instance=PracticeAttempt(
            observer=actor,
            scenario=scenario,
            client_uuid=client,
            answers={k: answers.get(k) for k in scenario.reference},
            agreement=found.per_criterion,
            percent=percent,
            passed=percent >= scenario.threshold,
            submitted_at=now,
        ),
        actor=actor,
        action="practice_attempt.submit",
        fields=["percent", "passed"],
        label=scenario.code,
        validate=no_check,
    )
    grant_when_complete(observer=actor, now=now)
    return attempt


@transaction.atomic
def pledge_sign(*, actor: Any, now: dt.datetime | None = None) -> Pledge:
    """Sign the current confidentiality pledge (once per text version)."""
    found = Pledge.objects.filter(user=actor, text_version=PLEDGE_VERSION).first()
    if found is not None:
        return found
    pledge = model_create(
        instance=Pledge(user=actor, text_version=PLEDGE_VERSION),
        actor=actor,
        action="pledge.sign",
        fields=["text_version"],
        validate=no_check,
    )
    grant_when_complete(observer=actor, now=now or timezone.now())
    return pledge


# --- Certifications ----------------------------------------------------------------------


def _valid(observer: Any, grid_version: GridVersion, channel: str, day: dt.date) -> bool:
    return Certification.objects.filter(
        observer=observer,
        grid_version=grid_version,
        channel=channel,
        revoked_at__isnull=True,
        expires_on__gte=day,
    ).exists()


def grant_when_complete(*, observer: Any, now: dt.datetime) -> list[Certification]:
    """Certify `observer` for every requirement they now meet: quiz passed, practice passed
    (when the requirement has one) and the current pledge signed."""
    if not Pledge.objects.filter(user=observer, text_version=PLEDGE_VERSION).exists():
        return []
    today = timezone.localdate(now)
    granted = []
    passed_quizzes = set(
        QuizAttempt.objects.filter(observer=observer, passed=True).values_list(
            "course_version_id", flat=True
        )
    )
    passed_practice = set(
        PracticeAttempt.objects.filter(observer=observer, passed=True).values_list(
            "scenario_id", flat=True
        )
    )
    for requirement in CertificationRequirement.objects.select_related("grid_version"):
        if requirement.course_version_id not in passed_quizzes:
            continue
        if requirement.practice_id and requirement.practice_id not in passed_practice:
            continue
        for channel in requirement.channels:
            if _valid(observer, requirement.grid_version, channel, today):
                continue
            granted.append(
                model_create(
                    instance=Certification(
                        observer=observer,
                        grid_version=requirement.grid_version,
                        channel=channel,
                        source=CertificationSource.TRAINING,
                        granted_at=now,
                        expires_on=today + dt.timedelta(days=requirement.validity_days),
                    ),
                    actor=observer,
                    action="certification.grant",
                    fields=["channel", "expires_on", "source"],
                    validate=no_check,
                )
            )
    return granted


@transaction.atomic
def certification_grant(
    *,
    actor: Any,
    observer: Any,
    grid_version: GridVersion,
    channel: str,
    reason: str,
    validity_days: int = 365,
) -> Certification:
    """A coordinator certifies an observer by hand (a reason is required and audited)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for certifying by hand.")]})
    if channel not in GridChannel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    now = timezone.now()
    return model_create(
        instance=Certification(
            observer=observer,
            grid_version=grid_version,
            channel=channel,
            source=CertificationSource.MANUAL,
            granted_at=now,
            granted_by=actor,
            reason=reason[:300],
            expires_on=timezone.localdate(now) + dt.timedelta(days=validity_days),
        ),
        actor=actor,
        action="certification.grant_manual",
        fields=["channel", "expires_on", "source"],
        extra={"reason": reason[:300]},
        validate=no_check,
    )


@transaction.atomic
def certification_revoke(*, actor: Any, certification: Certification, reason: str) -> Certification:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for revoking.")]})
    if certification.revoked_at is not None:
        raise ValidationError(_("This certification is already revoked."))
    model_update(
        instance=certification,
        actor=actor,
        action="certification.revoke",
        data={"revoked_at": timezone.now()},
        fields=["revoked_at"],
        extra={"reason": reason[:300]},
        validate=no_check,
    )
    return certification
