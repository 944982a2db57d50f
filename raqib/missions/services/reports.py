"""Report writes: the observer's idempotent upsert and submission, the coordinator's review."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import diff_fields, model_audit, model_snapshot
from raqib.grids import scoring
from raqib.missions.anomalies import compute_anomalies
from raqib.missions.models import Evidence, Mission, MissionStatus, Report, ReportStatus
from raqib.missions.signals import report_validated

from ._common import REPORT_STATUS_FOR, conflict, transition

if TYPE_CHECKING:
    from raqib.accounts.models import User

REVIEW_FIELDS = ("status", "coordinator_comment", "score_out_of_100", "critical")


def _mission_for_observer(*, actor: User, mission_id: Any) -> Mission:
    """The mission, locked, if the observer holds it or wrote a report on it; else 404."""
    mission = (
        Mission.objects.select_for_update(of=("self",))
        .select_related("service_point", "grid_version")
        .filter(pk=mission_id)
        .first()
    )
    if mission is None:
        raise Http404
    if (
        mission.observer_id != actor.pk
        and not Report.objects.filter(mission=mission, observer=actor).exists()
    ):
        raise Http404
    return mission


def _check_open(*, actor: User, mission: Mission) -> None:
    if mission.status == MissionStatus.CANCELLED:
        raise conflict("mission_cancelled")
    if mission.observer_id != actor.pk:
        raise conflict("mission_reassigned")


def _report_for_observer(*, actor: User, report_uuid: uuid_lib.UUID) -> Report:
    report = (
        Report.objects.select_related("mission__service_point", "mission__grid_version")
        .filter(uuid=report_uuid, observer=actor)
        .first()
    )
    if report is None:
        raise Http404
    return report


CONTENT_FIELDS = ("answers", "notes", "started_at", "ended_at")


def _draft_to_write(
    *, actor: User, mission: Mission, existing: Report | None, report_uuid: uuid_lib.UUID
) -> Report:
    """The new draft, or the existing one made active again; conflicts raised as such."""
    if existing is None:
        other = Report.objects.filter(mission=mission, is_active=True).first()
        if other is not None:
            raise conflict("report_conflict", report_uuid=str(other.uuid))
        if mission.status not in (MissionStatus.ASSIGNED, MissionStatus.IN_PROGRESS):
            raise conflict("mission_not_open")
        return Report(uuid=report_uuid, mission=mission, observer=actor)
    if not existing.is_active:  # the mission came back to its first observer
        if Report.objects.filter(mission=mission, is_active=True).exists():
            raise conflict("report_conflict")
        existing.is_active = True
    return existing


def _set_location(report: Report, *, consent: bool, location: dict[str, float] | None) -> None:
    """Where the observer was, kept only with their consent."""
    report.location_consent = consent
    if consent and location:
        report.latitude = Decimal(str(round(float(location["latitude"]), 6)))
        report.longitude = Decimal(str(round(float(location["longitude"]), 6)))
        accuracy = location.get("accuracy")
        report.location_accuracy = None if accuracy is None else float(accuracy)
    else:
        report.latitude = report.longitude = report.location_accuracy = None


@transaction.atomic
def report_upsert(
    *,
    actor: User,
    report_uuid: uuid_lib.UUID,
    mission_id: int,
    answers: dict[str, Any],
    notes: str = "",
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    device_time: dt.datetime | None = None,
    location: dict[str, float] | None = None,
    location_consent: bool = False,
) -> tuple[Report, bool]:
    """Create or replace the draft with this client UUID. Returns (report, created).

    Sending the same body twice leaves the same state; a replay of the content of a report
    already submitted is accepted without change, so an outbox that lost the answer to its
    first request can safely resend.
    """
    mission = _mission_for_observer(actor=actor, mission_id=mission_id)
    existing = Report.objects.select_for_update().filter(uuid=report_uuid).first()
    if existing is not None and existing.observer_id != actor.pk:
        raise Http404
    if existing is not None and existing.mission_id != mission.pk:
        raise ValidationError({"mission": [_("This report belongs to another mission.")]})
    if existing is not None and existing.status == ReportStatus.VALIDATED:
        raise conflict("report_validated")
    _check_open(actor=actor, mission=mission)
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Answers must be an object.")]})
    content = {
        "answers": answers,
        "notes": notes or "",
        "started_at": started_at,
        "ended_at": ended_at,
    }
    if existing is not None and existing.status == ReportStatus.SUBMITTED:
        if all(getattr(existing, k) == v for k, v in content.items()):
            return existing, False
        raise conflict("report_submitted")
    report = _draft_to_write(
        actor=actor, mission=mission, existing=existing, report_uuid=report_uuid
    )
    before = model_snapshot(report, CONTENT_FIELDS)
    for key, value in content.items():
        setattr(report, key, value)
    report.device_time = device_time
    report.received_at = timezone.now()
    _set_location(report, consent=bool(location_consent), location=location)
    report.full_clean(exclude=["mission", "observer"])
    report.save()
    if mission.status == MissionStatus.ASSIGNED:
        transition(mission=mission, event="start")
        mission.save(update_fields=["status", "version", "updated_at"])
    # A report is known by its UUID (the observer app's id), in the audit trail as well.
    if existing is None:
        model_audit(
            instance=report,
            actor=actor,
            action="report.create",
            object_id=report.uuid,
            label=mission.code,
            changes={"mission": [None, mission.code]},
        )
    else:
        diff = diff_fields(before, model_snapshot(report, CONTENT_FIELDS))
        if "answers" in diff:  # answers can be long: say that they changed, not how
            diff["answers"] = ["…", "…"]
        if diff:
            model_audit(
                instance=report,
                actor=actor,
                action="report.update",
                object_id=report.uuid,
                label=mission.code,
                changes=diff,
            )
    return report, existing is None


def report_answer_errors(report: Report) -> dict[str, list[str]]:
    """Problems of the answers against the mission's exact grid version, by criterion."""
    snapshot = report.mission.grid_version.snapshot or {}
    errors: dict[str, list[str]] = {}
    for error in scoring.validate_answers(snapshot, report.answers):
        errors.setdefault(error.criterion, []).append(error.message)
    photo_ids = {str(u) for u in report.evidence.values_list("uuid", flat=True)}
    for key, value in report.answers.items():
        blank = scoring.is_blank(value)
        if key.endswith(scoring.PHOTO_SUFFIX) and not blank and str(value) not in photo_ids:
            code = key[: -len(scoring.PHOTO_SUFFIX)]
            errors.setdefault(code, []).append(_("The photo has not been received yet."))
    return errors


@transaction.atomic
def report_submit(*, actor: User, report_uuid: uuid_lib.UUID) -> Report:
    report = _report_for_observer(actor=actor, report_uuid=report_uuid)
    mission = _mission_for_observer(actor=actor, mission_id=report.mission_id)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.mission = mission
    if report.status == ReportStatus.SUBMITTED:
        return report  # a replay: same answer, nothing changes
    if report.status == ReportStatus.VALIDATED:
        raise conflict("report_validated")
    if not report.is_active:
        raise conflict("mission_reassigned")
    _check_open(actor=actor, mission=mission)
    errors = report_answer_errors(report)
    if errors:
        error = ValidationError(_("Some answers are missing or invalid."), code="invalid_answers")
        error.answers = errors  # type: ignore[attr-defined]
        raise error
    now = timezone.now()
    hashes = list(report.evidence.values_list("sha256", flat=True))
    reused = sorted(
        set(
            Evidence.objects.filter(sha256__in=hashes)
            .exclude(report__mission=mission)
            .values_list("report__mission__code", flat=True)
        )
    )
    report.anomalies = compute_anomalies(report=report, now=now, reused_in=reused)
    # Answers cannot change while submitted, so this is already the flag validation will
    # freeze; setting it now lets the review queue put critical findings first.
    result = scoring.score_report(mission.grid_version.snapshot or {}, report.answers)
    report.critical = bool(result.critical_failures)
    transition(mission=mission, event="submit")
    report.status = REPORT_STATUS_FOR[mission.status]
    report.submitted_at = now
    report.save(update_fields=["anomalies", "critical", "status", "submitted_at", "updated_at"])
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.submit",
        object_id=report.uuid,
        label=mission.code,
        changes={
            "status": ["draft", "submitted"],
            "anomalies": [a["code"] for a in report.anomalies],
        },
    )
    return report


def _review_start(
    *, report: Report, event: str, expected_version: int | None
) -> tuple[Report, Mission, dict[str, Any]]:
    mission = (
        Mission.objects.select_for_update(of=("self",))
        .select_related("grid_version")
        .get(pk=report.mission_id)
    )
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.mission = mission
    if not report.is_active:
        raise conflict("transition")
    before = model_snapshot(report, REVIEW_FIELDS)
    transition(mission=mission, event=event, expected_version=expected_version)
    return report, mission, before


@transaction.atomic
def report_return(
    *, actor: User, report: Report, comment: str, expected_version: int | None = None
) -> Report:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what the observer must correct.")]})
    report, mission, before = _review_start(
        report=report, event="return", expected_version=expected_version
    )
    report.status = REPORT_STATUS_FOR[mission.status]
    report.coordinator_comment = comment
    report.save(update_fields=["status", "coordinator_comment", "updated_at"])
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.return",
        object_id=report.uuid,
        label=mission.code,
        changes=diff_fields(before, model_snapshot(report, REVIEW_FIELDS)),
    )
    return report


@transaction.atomic
def report_validate(*, actor: User, report: Report, expected_version: int | None = None) -> Report:
    """Freeze the score computed over the mission's exact grid version snapshot."""
    report, mission, before = _review_start(
        report=report, event="validate", expected_version=expected_version
    )
    result = scoring.score_report(mission.grid_version.snapshot or {}, report.answers)
    report.score = {
        **result.to_dict(),
        "grid_version": mission.grid_version_id,
        "content_hash": mission.grid_version.content_hash,
    }
    report.score_out_of_100 = result.out_of_100
    report.critical = bool(result.critical_failures)
    report.status = REPORT_STATUS_FOR[mission.status]
    report.validated_at = timezone.now()
    report.validated_by = actor
    report.save()
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.validate",
        object_id=report.uuid,
        label=mission.code,
        changes=diff_fields(before, model_snapshot(report, REVIEW_FIELDS)),
    )
    report_validated.send(sender=Report, report=report)
    return report
