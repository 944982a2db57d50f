"""Reads of training; `certification_gaps` is the contract missions asks before assigning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from raqib.core.roles import Role
from raqib.grids.models import GridChannel, GridVersion

from .models import (
    Certification,
    CertificationRequirement,
    Course,
    CourseVersion,
    Pledge,
    PracticeAttempt,
    PracticeScenario,
    QuizAttempt,
)
from .pledge import PLEDGE_VERSION


def _grid_name(version: GridVersion) -> str:
    return f"{version.grid.code} v{version.number}"


def _channel_label(channel: str) -> str:
    return str(dict(GridChannel.choices).get(channel, channel))


def certification_gaps(
    *, observer: Any, grid_version: GridVersion, channel: str, on: dt.date
) -> list[str]:
    """Why `observer` may not yet do missions on `grid_version` by `channel` on day `on`
    (translated; empty when certified, or when the version requires no certification)."""
    requirement = (
        CertificationRequirement.objects.filter(grid_version=grid_version)
        .select_related("grid_version__grid")
        .first()
    )
    if requirement is None or channel not in requirement.channels:
        return []
    valid = Certification.objects.filter(
        observer=observer, channel=channel, revoked_at__isnull=True, expires_on__gte=on
    )
    versions = [grid_version.pk]
    if requirement.carry_over:
        versions += list(
            GridVersion.objects.filter(
                grid_id=grid_version.grid_id, number__lt=grid_version.number
            ).values_list("pk", flat=True)
        )
    if valid.filter(grid_version_id__in=versions).exists():
        return []
    names = {"grid": _grid_name(grid_version), "channel": _channel_label(channel)}
    expired = (
        Certification.objects.filter(
            observer=observer,
            channel=channel,
            grid_version_id__in=versions,
            revoked_at__isnull=True,
        )
        .order_by("-expires_on")
        .first()
    )
    if expired is not None:
        return [
            _(
                "The observer's certification for grid %(grid)s (%(channel)s) expired on "
                "%(day)s: they must pass the training again."
            )
            % {**names, "day": expired.expires_on.strftime("%d/%m/%Y")}
        ]
    return [
        _(
            "The observer is not certified for grid %(grid)s (%(channel)s): the course's quiz, "
            "the practice visit and the confidentiality pledge come first."
        )
        % names
    ]


@dataclass(frozen=True)
class RequirementStatus:
    requirement: CertificationRequirement
    quiz_passed: bool
    attempts_used: int
    practice_passed: bool | None  # None: no practice asked
    practice_percent: Any
    certifications: list[Certification]


def my_training(*, observer: Any) -> list[RequirementStatus]:
    """For each requirement: where the observer stands."""
    out = []
    requirements = CertificationRequirement.objects.select_related(
        "grid_version__grid", "course_version__course", "practice"
    ).order_by("grid_version__grid__code", "-grid_version__number")
    for requirement in requirements:
        attempts = QuizAttempt.objects.filter(
            observer=observer, course_version=requirement.course_version
        ).exclude(submitted_at__isnull=True)
        practice = (
            PracticeAttempt.objects.filter(observer=observer, scenario=requirement.practice)
            .order_by("-passed", "-submitted_at")
            .first()
            if requirement.practice
            else None
        )
        out.append(
            RequirementStatus(
                requirement=requirement,
                quiz_passed=attempts.filter(passed=True).exists(),
                attempts_used=attempts.count(),
                practice_passed=None
                if requirement.practice is None
                else bool(practice and practice.passed),
                practice_percent=practice.percent if practice else None,
                certifications=list(
                    Certification.objects.filter(
                        observer=observer, grid_version=requirement.grid_version
                    ).order_by("channel", "-granted_at")
                ),
            )
        )
    return out


def pledge_signed(*, user: Any) -> bool:
    return Pledge.objects.filter(user=user, text_version=PLEDGE_VERSION).exists()


def course_version_get(*, pk: int) -> CourseVersion:
    found = CourseVersion.objects.select_related("course").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def scenario_get(*, pk: int) -> PracticeScenario:
    found = PracticeScenario.objects.select_related("grid_version__grid").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def attempt_get_for_observer(*, observer: Any, client_uuid: str) -> QuizAttempt:
    import uuid

    try:
        key = uuid.UUID(client_uuid)
    except ValueError:
        raise Http404 from None
    found = (
        QuizAttempt.objects.select_related("course_version__course")
        .filter(observer=observer, client_uuid=key)
        .first()
    )
    if found is None:
        raise Http404
    return found


def quiz_questions(attempt: QuizAttempt, lang: str) -> list[dict[str, Any]]:
    """The attempt's questions in `lang`, in the drawn order."""
    bank = {q["code"]: q for q in attempt.course_version.content["quiz"]["questions"]}
    return [
        {
            "code": code,
            "text": bank[code]["text"].get(lang) or bank[code]["text"]["ar"],
            "choices": [
                (c["code"], c["text"].get(lang) or c["text"]["ar"]) for c in bank[code]["choices"]
            ],
        }
        for code in attempt.drawn
        if code in bank
    ]


def certifications_overview() -> list[tuple[Any, list[Certification]]]:
    """Every active observer with their certifications (coordinators' page)."""
    observers = (
        get_user_model()
        .objects.filter(is_active=True, roles__role=Role.OBSERVER)
        .select_related("observer_profile")
        .distinct()
        .order_by("username")
    )
    certs: dict[int, list[Certification]] = {}
    for cert in Certification.objects.select_related("grid_version__grid").order_by("-granted_at"):
        certs.setdefault(cert.observer_id, []).append(cert)
    return [(user, certs.get(user.pk, [])) for user in observers]


def certification_get(*, pk: int) -> Certification:
    found = Certification.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requirement_grid_versions() -> QuerySet[GridVersion]:
    return GridVersion.objects.filter(published_at__isnull=False).select_related("grid")


def channel_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in GridChannel.choices]


def observer_get(*, pk: Any) -> Any:
    if not str(pk).isdigit():
        return None
    return (
        get_user_model()
        .objects.filter(pk=int(pk), is_active=True, roles__role=Role.OBSERVER)
        .first()
    )


def grid_version_get(*, pk: Any) -> GridVersion | None:
    if not str(pk).isdigit():
        return None
    return requirement_grid_versions().filter(pk=int(pk)).first()


def practice_attempts_by_scenario() -> dict[PracticeScenario, list[PracticeAttempt]]:
    """The latest attempt of each observer on each scenario."""
    out: dict[PracticeScenario, list[PracticeAttempt]] = {}
    seen: set[tuple[int, int]] = set()
    for attempt in PracticeAttempt.objects.select_related(
        "scenario__grid_version__grid", "observer__observer_profile"
    ).order_by("-submitted_at", "-pk"):
        key = (attempt.scenario_id, attempt.observer_id)
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(attempt.scenario, []).append(attempt)
    return out


# --- The periodic report (raqib.core.activity) ------------------------------------------------


def periodic_report_section(*, filters: Any) -> Any:
    """Training in the period: certified observers at its end by grid version and channel, the
    certifications expiring in the 60 days after it, quiz and practice attempts with their
    pass rates (docs/training.md). None when nothing was certified or attempted."""
    from django.db.models import Avg, Count
    from django.db.models import Q as _Q

    from raqib.core.activity import ActivitySection, ActivityTable

    end = filters.end
    valid = Certification.objects.filter(
        revoked_at__isnull=True, expires_on__gte=end, granted_at__date__lte=end
    )
    by_version = (
        valid.order_by()
        .values_list("grid_version__grid__code", "grid_version__number", "channel")
        .annotate(n=Count("observer", distinct=True))
    )
    expiring = valid.filter(expires_on__lte=end + dt.timedelta(days=60)).count()
    quizzes = QuizAttempt.objects.filter(
        submitted_at__date__gte=filters.start, submitted_at__date__lte=end
    ).aggregate(n=Count("pk"), passed=Count("pk", filter=_Q(passed=True)))
    practice = PracticeAttempt.objects.filter(
        submitted_at__date__gte=filters.start, submitted_at__date__lte=end
    ).aggregate(n=Count("pk"), passed=Count("pk", filter=_Q(passed=True)), mean=Avg("percent"))
    rows = tuple(
        (f"{code} v{number}", _channel_label(channel), n)
        for code, number, channel, n in sorted(by_version)
    )
    if not rows and not quizzes["n"] and not practice["n"]:
        return None
    mean = practice["mean"]
    return ActivitySection(
        key="training",
        title=_("Training and certification"),
        paragraphs=(
            _("Certifications expiring within 60 days after the period: %(n)s.") % {"n": expiring},
        ),
        tables=(
            ActivityTable(
                caption=_("Observers certified at the end of the period"),
                columns=(_("Grid version"), _("Channel"), _("Observers")),
                rows=rows,
                numeric=(False, False, True),
            ),
            ActivityTable(
                caption=_("Quizzes and practice visits in the period"),
                columns=(_("Test"), _("Attempts"), _("Passed"), _("Mean agreement (%)")),
                rows=(
                    (_("Quiz"), quizzes["n"], quizzes["passed"], None),
                    (
                        _("Practice visit"),
                        practice["n"],
                        practice["passed"],
                        None if mean is None else Decimal(str(mean)).quantize(Decimal("0.1")),
                    ),
                ),
                numeric=(False, True, True, True),
            ),
        ),
        method="docs/training.md",
    )


def course_get(*, pk: int) -> Course:
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def courses_with_latest() -> list[tuple[Course, CourseVersion | None]]:
    """Every course with its latest version (None before the first is published)."""
    latest: dict[int, CourseVersion] = {}
    for version in CourseVersion.objects.order_by("course_id", "number"):
        latest[version.course_id] = version
    return [(course, latest.get(course.pk)) for course in Course.objects.order_by("code")]


def requirements_overview() -> list[tuple[GridVersion, CertificationRequirement | None]]:
    """Every published, not retired grid version with what it asks (None: no gate)."""
    asked = {
        r.grid_version_id: r
        for r in CertificationRequirement.objects.select_related(
            "course_version__course", "practice"
        )
    }
    versions = (
        requirement_grid_versions()
        .filter(retired_at__isnull=True)
        .order_by("grid__code", "-number")
    )
    return [(v, asked.get(v.pk)) for v in versions]


def course_versions() -> QuerySet[CourseVersion]:
    return CourseVersion.objects.select_related("course").order_by("course__code", "-number")


def course_version_find(*, pk: Any) -> CourseVersion | None:
    return course_versions().filter(pk=int(pk)).first() if str(pk).isdigit() else None


def practice_scenarios() -> QuerySet[PracticeScenario]:
    return PracticeScenario.objects.select_related("grid_version__grid").order_by("code")


def practice_scenario_find(*, pk: Any) -> PracticeScenario | None:
    return practice_scenarios().filter(pk=int(pk)).first() if str(pk).isdigit() else None
