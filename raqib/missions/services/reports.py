"""Report writes: the observer's idempotent upsert and submission, the coordinator's review."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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
from raqib.grids.frozen import FrozenScore
from raqib.missions import notify
from raqib.missions.anomalies import compute_anomalies
from raqib.missions.models import (
    CorrectionStatus,
    Evidence,
    Mission,
    MissionStatus,
    Report,
    ReportCorrection,
    ReportStatus,
)
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


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def report_content_hash(report: Report) -> str:
    """SHA-256 of the report's content (answers, notes, visit times): an opaque fingerprint."""
    content = {
        "answers": report.answers,
        "notes": report.notes or "",
        "started_at": _iso(report.started_at),
        "ended_at": _iso(report.ended_at),
    }
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _bump_version(report: Report, *, new_content: bool, revision: str) -> None:
    """A new version for new content, or for the same content sent as another revision."""
    if new_content or (revision and revision != report.client_revision):
        report.version += 1
    if revision:
        report.client_revision = revision[:64]


def _is_replay(*, existing: Report | None, identical: bool, expected_version: int | None) -> bool:
    """True for a resend of a submitted report's content; refuses what may not be written.

    A submitted report only takes its own content again (`report_submitted` otherwise); a
    different content over a version the phone has not seen is `stale_version`.
    """
    if existing is None:
        return False
    if existing.status == ReportStatus.SUBMITTED:
        if identical:
            return True
        raise conflict("report_submitted")
    if expected_version is not None and expected_version != existing.version and not identical:
        raise conflict("stale_version", version=existing.version)
    return False


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
    expected_version: int | None = None,
    revision: str = "",
) -> tuple[Report, bool]:
    """Create or replace the draft with this client UUID. Returns (report, created).

    Sending the same body twice leaves the same state; a replay of the content of a report
    already submitted is accepted without change, so an outbox that lost the answer to its
    first request can safely resend. With `expected_version` (the phone's If-Match), a
    different content written over a version the phone has not seen is refused
    (`stale_version`): a late, stale request never overwrites a newer one.
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
    if started_at and ended_at and ended_at < started_at:  # a PATCH may move only one end
        raise ValidationError({"ended_at": [_("The end of the visit is before its start.")]})
    content = {
        "answers": answers,
        "notes": notes or "",
        "started_at": started_at,
        "ended_at": ended_at,
    }
    identical = existing is not None and all(getattr(existing, k) == v for k, v in content.items())
    if _is_replay(existing=existing, identical=identical, expected_version=expected_version):
        assert existing is not None
        return existing, False
    report = _draft_to_write(
        actor=actor, mission=mission, existing=existing, report_uuid=report_uuid
    )
    before = model_snapshot(report, CONTENT_FIELDS)
    for key, value in content.items():
        setattr(report, key, value)
    report.device_time = device_time
    report.received_at = timezone.now()
    _set_location(report, consent=bool(location_consent), location=location)
    _bump_version(report, new_content=existing is None or not identical, revision=revision)
    report.full_clean(exclude=["mission", "observer"])
    report.save()
    if mission.status == MissionStatus.ASSIGNED:
        transition(mission=mission, event="start")
        mission.save(update_fields=["status", "version", "updated_at"])
    if existing is None:
        model_audit(
            instance=report,
            actor=actor,
            action="report.create",
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
                label=mission.code,
                changes=diff,
            )
    return report, existing is None


def _merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


@transaction.atomic
def report_patch(
    *,
    actor: User,
    report_uuid: uuid_lib.UUID,
    expected_version: int,
    changes: dict[str, Any],
    device_time: dt.datetime | None = None,
    revision: str = "",
) -> Report:
    """Apply only what changed (answers by code, None clears one; notes; visit times).

    The phone sends the version it last saw: the changes are merged over exactly that
    version, so a different version is refused (`stale_version`) unless the result is what
    the server already holds (a replay).
    """
    report = _report_for_observer(actor=actor, report_uuid=report_uuid)
    _mission_for_observer(actor=actor, mission_id=report.mission_id)
    report = Report.objects.select_for_update().get(pk=report.pk)
    answers = _merged(report.answers, changes.get("answers") or {})
    content = {
        "answers": answers,
        "notes": changes.get("notes", report.notes),
        "started_at": changes.get("started_at", report.started_at),
        "ended_at": changes.get("ended_at", report.ended_at),
    }
    location: Any = None
    if report.latitude is not None and report.longitude is not None:
        location = {
            "latitude": float(report.latitude),
            "longitude": float(report.longitude),
            "accuracy": report.location_accuracy,
        }
    consent = changes.get("location_consent", report.location_consent)
    if "location_consent" in changes or "location" in changes:
        location = changes.get("location", location)
    updated, _created = report_upsert(
        actor=actor,
        report_uuid=report.uuid,
        mission_id=report.mission_id,
        device_time=device_time,
        location=location,
        location_consent=consent,
        expected_version=expected_version,
        revision=revision,
        **content,
    )
    return updated


@transaction.atomic
def report_correction_request(
    *,
    actor: User,
    report_uuid: uuid_lib.UUID,
    correction_uuid: uuid_lib.UUID,
    expected_version: int,
    answers: dict[str, Any],
    notes: str | None = None,
) -> tuple[ReportCorrection, bool]:
    """An observer's correction of a submitted report, for the coordinator to accept or not.

    Idempotent on the client's correction uuid. Only the changes are sent and stored.
    """
    report = _report_for_observer(actor=actor, report_uuid=report_uuid)
    report = Report.objects.select_for_update().get(pk=report.pk)
    existing = ReportCorrection.objects.filter(uuid=correction_uuid).first()
    if existing is not None:
        if existing.report_id != report.pk or existing.observer_id != actor.pk:
            raise Http404
        return existing, False
    if report.status == ReportStatus.VALIDATED:
        raise conflict("report_validated")
    if report.status != ReportStatus.SUBMITTED:
        raise conflict("report_not_submitted")
    if not report.is_active:
        raise conflict("mission_reassigned")
    if expected_version != report.version:
        raise conflict("stale_version", version=report.version)
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Answers must be an object.")]})
    correction = ReportCorrection.objects.create(
        uuid=correction_uuid,
        report=report,
        observer=actor,
        base_version=expected_version,
        answers=answers,
        notes=notes,
    )
    model_audit(
        instance=report,
        actor=actor,
        action="report.correction_request",
        label=report.mission.code,
        changes={"correction": [None, str(correction.uuid)], "answers": sorted(answers)},
    )
    return correction, True


def correction_rows(correction: ReportCorrection) -> list[dict[str, Any]]:
    """The diff of a correction: one row per changed field, current value → proposed."""
    report = correction.report
    rows = [
        {"field": code, "current": report.answers.get(code), "proposed": value}
        for code, value in sorted(correction.answers.items())
    ]
    if correction.notes is not None:
        rows.append({"field": "notes", "current": report.notes, "proposed": correction.notes})
    return rows


@transaction.atomic
def report_correction_decide(
    *, actor: User, correction: ReportCorrection, accept: bool
) -> ReportCorrection:
    """Accept (apply the changes to the report) or reject an observer's correction."""
    correction = ReportCorrection.objects.select_for_update().get(pk=correction.pk)
    report = (
        Report.objects.select_for_update().select_related("mission").get(pk=correction.report_id)
    )
    if correction.status != CorrectionStatus.PENDING:
        raise conflict("transition")
    # Only a report awaiting review takes changes; a correction left pending on a report
    # returned or validated meanwhile can still be rejected, so that it does not stay open.
    if accept and report.status != ReportStatus.SUBMITTED:
        raise conflict("transition")
    if accept:
        report.answers = _merged(report.answers, correction.answers)
        if correction.notes is not None:
            report.notes = correction.notes
        errors = report_answer_errors(report)
        if errors:  # a submitted report stays one that can be validated
            raise ValidationError(
                _(
                    "This correction cannot be applied: it would leave missing or invalid "
                    "answers (%(criteria)s). Reject it or return the report to the observer."
                ),
                code="invalid_answers",
                params={"criteria": ", ".join(sorted(errors))},
            )
        result = scoring.score_report(report.mission.grid_version.snapshot or {}, report.answers)
        report.critical = bool(result.critical_failures)
        report.version += 1
        report.save(update_fields=["answers", "notes", "critical", "version", "updated_at"])
    elif report.status == ReportStatus.SUBMITTED:
        # The phone waits in its "correction" state until the report's version moves: a
        # rejection moves it too (same content), so the phone shows what the server holds.
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
    correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
    correction.decided_at = timezone.now()
    correction.decided_by = actor
    correction.save(update_fields=["status", "decided_at", "decided_by"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.correction_accept" if accept else "report.correction_reject",
        label=report.mission.code,
        changes={"correction": [str(correction.uuid), correction.status]},
    )
    return correction


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
    report.version += 1
    report.save(
        update_fields=["anomalies", "critical", "status", "submitted_at", "version", "updated_at"]
    )
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.submit",
        label=mission.code,
        changes={
            "status": ["draft", "submitted"],
            "anomalies": [a["code"] for a in report.anomalies],
        },
    )
    notify.report_submitted(report=report, mission=mission)
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
    report.version += 1
    report.save(update_fields=["status", "coordinator_comment", "version", "updated_at"])
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.return",
        label=mission.code,
        changes=diff_fields(before, model_snapshot(report, REVIEW_FIELDS)),
    )
    notify.report_returned(report=report, mission=mission)
    return report


@transaction.atomic
def report_validate(*, actor: User, report: Report, expected_version: int | None = None) -> Report:
    """Freeze the score computed over the mission's exact grid version snapshot."""
    report, mission, before = _review_start(
        report=report, event="validate", expected_version=expected_version
    )
    result = scoring.score_report(mission.grid_version.snapshot or {}, report.answers)
    report.score = FrozenScore.from_result(
        result,
        grid_version=mission.grid_version_id,
        content_hash=mission.grid_version.content_hash,
    ).to_json()
    report.score_out_of_100 = result.out_of_100
    report.critical = bool(result.critical_failures)
    report.status = REPORT_STATUS_FOR[mission.status]
    report.validated_at = timezone.now()
    report.validated_by = actor
    report.version += 1
    report.save()
    mission.save(update_fields=["status", "version", "updated_at"])
    model_audit(
        instance=report,
        actor=actor,
        action="report.validate",
        label=mission.code,
        changes=diff_fields(before, model_snapshot(report, REVIEW_FIELDS)),
    )
    report_validated.send(sender=Report, report=report)
    if report.critical:
        notify.critical_finding(report=report, mission=mission)
    return report
