"""Writes on recommendations: draft, send, answer, plan, progress, claim, close.

Every status change goes through `transitions.transition()` under a row lock, leaves an
audit event through the core write helper and an entry in the recommendation's thread, and
tells the other side through the notifications service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_update, no_check
from raqib.missions.models import Report, ReportStatus
from raqib.registry.selectors import public_body_descendant_ids

from .. import notify
from ..access import is_department, side_of
from ..files import checked_file, safe_name
from ..models import (
    EntryKind,
    Outcome,
    PlannedAction,
    Priority,
    Recommendation,
    RecommendationEntry,
    RecommendationFile,
    RecommendationFinding,
    RecommendationStatus,
    Side,
    Source,
)
from ..transitions import BUTTON_EVENTS, NEEDS_DUE_DATE, NEEDS_TEXT, TRANSITIONS, transition

if TYPE_CHECKING:
    from raqib.accounts.models import User
    from raqib.grids.models import GridVersion
    from raqib.registry.models import PublicBody, ServicePoint

FIELDS = [
    "ref",
    "title",
    "text",
    "body.code",
    "source",
    "priority",
    "due_date",
    "basis",
    "basis_reference",
    "grid_version",
    "criteria",
    "status",
]
MAX_ACTIONS = 30


@dataclass(frozen=True)
class ActionIn:
    description: str
    owner: str
    due_date: dt.date


def _criterion_codes(grid_version: GridVersion) -> set[str]:
    snapshot = grid_version.snapshot or {}
    return {
        c["code"] for section in snapshot.get("sections", []) for c in section.get("criteria", [])
    }


def _next_ref(year: int) -> str:
    prefix = f"REC-{year}-"
    last = (
        Recommendation.objects.filter(ref__startswith=prefix)
        .order_by("-ref")
        .values_list("ref", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_department(actor: User) -> None:
    if not is_department(actor):
        raise PermissionDenied


def _check_draft(
    *,
    body: PublicBody,
    due_date: dt.date,
    points: Sequence[ServicePoint],
    reports: Sequence[Report],
    grid_version: GridVersion | None,
    criteria: Sequence[str],
) -> None:
    errors: dict[str, list[str]] = {}
    tree = set(public_body_descendant_ids(root_ids=[body.pk]))
    if due_date < timezone.localdate():
        errors["due_date"] = [_("The due date cannot be in the past.")]
    if any(p.body_id not in tree for p in points):
        errors["service_points"] = [_("Every service point must belong to the body or under it.")]
    for report in reports:
        if report.status != ReportStatus.VALIDATED:
            errors["reports"] = [_("Only validated reports can support a recommendation.")]
        elif report.mission.service_point.body_id not in tree:
            errors["reports"] = [_("Every report must be of a service point of the body.")]
    if criteria and grid_version is None:
        errors["criteria"] = [_("Choose the grid version the criteria belong to.")]
    elif grid_version is not None:
        unknown = sorted(set(criteria) - _criterion_codes(grid_version))
        if unknown:
            errors["criteria"] = [
                _("These criteria are not in the grid version: %(codes)s")
                % {"codes": ", ".join(unknown)}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_create(
    *,
    actor: User,
    title: str,
    text: str,
    body: PublicBody,
    due_date: dt.date,
    source: str = Source.FREE,
    priority: str = Priority.NORMAL,
    basis: str = "",
    basis_reference: str = "",
    evidence_summary: str = "",
    service_points: Sequence[ServicePoint] = (),
    reports: Sequence[Report] = (),
    grid_version: GridVersion | None = None,
    criteria: Sequence[str] = (),
) -> Recommendation:
    """A draft recommendation to `body`, resting on validated `reports` (if any).

    Without points, the points of the reports are taken; without a grid version, the
    reports' one (the criteria to verify are read in it).
    """
    _check_department(actor)
    reports = list(reports)
    if grid_version is None and reports:
        grid_version = reports[0].mission.grid_version
    points = list(service_points) or list(
        {r.mission.service_point_id: r.mission.service_point for r in reports}.values()
    )
    criteria = list(dict.fromkeys(c.strip() for c in criteria if c.strip()))
    _check_draft(
        body=body,
        due_date=due_date,
        points=points,
        reports=reports,
        grid_version=grid_version,
        criteria=criteria,
    )
    for _attempt in range(5):
        recommendation = Recommendation(
            ref=_next_ref(timezone.localdate().year),
            title=title.strip(),
            text=text.strip(),
            body=body,
            due_date=due_date,
            source=source,
            priority=priority,
            basis=basis,
            basis_reference=basis_reference.strip(),
            evidence_summary=evidence_summary.strip(),
            grid_version=grid_version,
            criteria=criteria,
            created_by=actor,
        )
        try:
            with transaction.atomic():
                model_create(
                    instance=recommendation,
                    actor=actor,
                    action="recommendation.create",
                    fields=FIELDS,
                    label=recommendation.ref,
                    extra={
                        "service_points": [None, sorted(p.code for p in points)],
                        "reports": [None, sorted(str(r.uuid) for r in reports)],
                    },
                )
            break
        except IntegrityError:  # two coordinators drew the same number: draw again
            continue
    else:  # pragma: no cover - five collisions in a row
        raise RuntimeError("could not draw a recommendation reference")
    recommendation.service_points.set(points)
    RecommendationFinding.objects.bulk_create(
        [RecommendationFinding(recommendation=recommendation, report=r) for r in reports]
    )
    return recommendation


EDITABLE = (
    "title",
    "text",
    "due_date",
    "priority",
    "basis",
    "basis_reference",
    "evidence_summary",
)


@transaction.atomic
def recommendation_update(
    *, actor: User, recommendation: Recommendation, data: dict[str, Any]
) -> Recommendation:
    """Change a draft's wording, dates or priority (a sent recommendation no longer changes)."""
    _check_department(actor)
    recommendation = _locked(recommendation)
    if recommendation.status != RecommendationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed."), code="transition")
    due = data.get("due_date")
    if due is not None and due != recommendation.due_date and due < timezone.localdate():
        raise ValidationError({"due_date": [_("The due date cannot be in the past.")]})
    model_update(
        instance=recommendation,
        actor=actor,
        action="recommendation.update",
        data=data,
        allowed=EDITABLE,
        label=recommendation.ref,
    )
    return recommendation


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=recommendation.pk)
    )


def _entry(
    *,
    recommendation: Recommendation,
    actor: User | None,
    side: str,
    kind: str,
    text: str,
    event: str = "",
) -> RecommendationEntry:
    return RecommendationEntry.objects.create(
        recommendation=recommendation,
        kind=kind,
        side=side,
        author=actor,
        event=event,
        text=text.strip(),
    )


def _attach(*, actor: User | None, entry: RecommendationEntry, uploads: Iterable[Any]) -> None:
    for upload in uploads:
        content, content_type, digest = checked_file(upload)
        stored = RecommendationFile(
            entry=entry,
            name=safe_name(getattr(upload, "name", "")),
            content_type=content_type,
            size=len(content),
            sha256=digest,
        )
        stored.file.save("file", ContentFile(content), save=False)
        model_create(
            instance=stored,
            actor=actor,
            action="recommendation.file_add",
            label=entry.recommendation.ref,
            extra={"sha256": digest, "size": len(content), "name": stored.name},
        )


def recommendation_transition(
    *,
    actor: User | None,
    recommendation: Recommendation,
    event: str,
    text: str = "",
    expected_version: int | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Recommendation, RecommendationEntry]:
    """Lock, check who acts, move along the table, stamp, audit, write the thread entry."""
    move = TRANSITIONS[event]
    recommendation = _locked(recommendation)
    if actor is not None and side_of(actor, recommendation.body_id) != move.side:
        raise PermissionDenied
    if event in NEEDS_TEXT and not text.strip():
        raise ValidationError({"text": [_("Say why, in a few words.")]})
    data: dict[str, Any] = dict(extra or {})
    if move.stamp:
        data[move.stamp] = timezone.now()

    def move_along(r: Recommendation) -> None:
        transition(recommendation=r, event=event, expected_version=expected_version)

    model_update(
        instance=recommendation,
        actor=actor,
        action=f"recommendation.{event}",
        data=data,
        fields=["status", *data],
        label=recommendation.ref,
        prepare=move_along,
        validate=no_check,
        always=True,
    )
    entry = _entry(
        recommendation=recommendation,
        actor=actor,
        side=move.side,
        kind=EntryKind.EVENT,
        text=text,
        event=event,
    )
    notify.moved(recommendation=recommendation, event=event)
    return recommendation, entry


@transaction.atomic
def recommendation_act(
    *,
    actor: User,
    recommendation: Recommendation,
    event: str,
    text: str = "",
    due_date: dt.date | None = None,
    expected_version: int | None = None,
) -> Recommendation:
    """A plain-button move (send, acknowledge, accept or send back the plan, refuse a claim,
    ask to act again, close, withdraw). Refusing a claim and asking to act again set a new due
    date; a withdrawal records the outcome."""
    if event not in BUTTON_EVENTS:
        raise ValidationError(_("Unknown action."), code="transition")
    extra: dict[str, Any] = {}
    if event in NEEDS_DUE_DATE:
        if due_date is None or due_date <= timezone.localdate():
            raise ValidationError({"due_date": [_("Give the body a new due date, after today.")]})
        extra["due_date"] = due_date
    if event == "withdraw":
        extra["outcome"] = Outcome.WITHDRAWN
    if event == "resume":
        extra["outcome"] = Outcome.NONE
    return recommendation_transition(
        actor=actor,
        recommendation=recommendation,
        event=event,
        text=text,
        expected_version=expected_version,
        extra=extra,
    )[0]


PUBLIC_FIELDS = ("public_title_ar", "public_title_fr", "public_summary_ar", "public_summary_fr")


@transaction.atomic
def recommendation_publish(
    *, actor: User, recommendation: Recommendation, texts: dict[str, str]
) -> Recommendation:
    """Show a verified improvement on the public "you said, we did" page, in both languages,
    with texts written for citizens (the recommendation's own text is for the body)."""
    _check_department(actor)
    recommendation = _locked(recommendation)
    if recommendation.outcome != Outcome.EFFECTIVE:
        raise ValidationError(
            _("Only a recommendation verified effective can be published."), code="transition"
        )
    values = {f: (texts.get(f) or "").strip() for f in PUBLIC_FIELDS}
    missing = [f for f, v in values.items() if not v]
    if missing:
        raise ValidationError({f: [_("Write it in both languages.")] for f in missing})
    model_update(
        instance=recommendation,
        actor=actor,
        action="recommendation.publish",
        data={**values, "published_at": recommendation.published_at or timezone.now()},
        label=recommendation.ref,
    )
    return recommendation


@transaction.atomic
def recommendation_unpublish(*, actor: User, recommendation: Recommendation) -> Recommendation:
    _check_department(actor)
    recommendation = _locked(recommendation)
    model_update(
        instance=recommendation,
        actor=actor,
        action="recommendation.unpublish",
        data={"published_at": None},
        label=recommendation.ref,
    )
    return recommendation


def _check_actions(actions: Sequence[ActionIn]) -> None:
    if not actions:
        raise ValidationError({"actions": [_("Add at least one action.")]})
    if len(actions) > MAX_ACTIONS:
        raise ValidationError({"actions": [_("At most %(n)s actions.") % {"n": MAX_ACTIONS}]})
    for index, action in enumerate(actions, start=1):
        if not action.description.strip() or not action.owner.strip():
            raise ValidationError(
                {"actions": [_("Action %(n)s needs a description and an owner.") % {"n": index}]}
            )


@transaction.atomic
def recommendation_plan_propose(
    *,
    actor: User,
    recommendation: Recommendation,
    actions: Sequence[ActionIn],
    text: str = "",
    expected_version: int | None = None,
) -> Recommendation:
    """The body's action plan: it replaces any plan sent back before."""
    _check_actions(actions)
    recommendation = recommendation_transition(
        actor=actor,
        recommendation=recommendation,
        event="propose_plan",
        text=text,
        expected_version=expected_version,
    )[0]
    recommendation.actions.all().delete()
    PlannedAction.objects.bulk_create(
        [
            PlannedAction(
                recommendation=recommendation,
                position=index,
                description=a.description.strip(),
                owner=a.owner.strip()[:200],
                due_date=a.due_date,
            )
            for index, a in enumerate(actions, start=1)
        ]
    )
    model_audit(
        instance=recommendation,
        actor=actor,
        action="recommendation.plan",
        label=recommendation.ref,
        changes={"actions": [None, len(actions)]},
    )
    return recommendation


@transaction.atomic
def recommendation_comment(
    *,
    actor: User,
    recommendation: Recommendation,
    text: str,
    progress: bool = False,
    uploads: Sequence[Any] = (),
) -> RecommendationEntry:
    """A comment (either side) or a progress report (the body), with files.

    A progress report on an accepted plan moves the recommendation to "in progress".
    """
    recommendation = _locked(recommendation)
    side = side_of(actor, recommendation.body_id)
    if side is None:
        raise PermissionDenied
    if recommendation.status == RecommendationStatus.DRAFT:
        raise ValidationError(_("A draft has no thread yet."), code="transition")
    if not text.strip():
        raise ValidationError({"text": [_("Write something.")]})
    if progress and side != Side.BODY:
        raise PermissionDenied
    if progress and recommendation.status == RecommendationStatus.PLAN_ACCEPTED:
        recommendation = recommendation_transition(
            actor=actor, recommendation=recommendation, event="start"
        )[0]
    kind = EntryKind.PROGRESS if progress else EntryKind.COMMENT
    entry = _entry(recommendation=recommendation, actor=actor, side=side, kind=kind, text=text)
    _attach(actor=actor, entry=entry, uploads=uploads)
    model_audit(
        instance=recommendation,
        actor=actor,
        action=f"recommendation.{kind}",
        label=recommendation.ref,
        changes={"files": [None, len(uploads)]},
    )
    if side == Side.BODY:
        notify.answered(recommendation=recommendation, event=kind)
    return entry


@transaction.atomic
def recommendation_claim(
    *,
    actor: User,
    recommendation: Recommendation,
    text: str,
    uploads: Sequence[Any] = (),
    expected_version: int | None = None,
) -> Recommendation:
    """The body says the recommendation is implemented, with what shows it."""
    recommendation, entry = recommendation_transition(
        actor=actor,
        recommendation=recommendation,
        event="claim",
        text=text,
        expected_version=expected_version,
    )
    _attach(actor=actor, entry=entry, uploads=uploads)
    return recommendation


def recommendation_file_viewed(*, actor: User, file: RecommendationFile) -> None:
    """Each download of a file leaves a trace (who opened what, when)."""
    model_audit(
        instance=file,
        actor=actor,
        action="recommendation.file_view",
        label=file.entry.recommendation.ref,
        changes={},
        object_id=str(file.uuid),
    )
