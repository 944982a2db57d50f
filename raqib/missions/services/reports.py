"""Report writes: the observer's idempotent upsert and submission, the coordinator's review."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record, diff_fields
from raqib.grids import scoring
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

REVIEW_FIELDS = ("status", "coordinator_comment", "score_out_of_100", "critical")


def _audit(actor: Any, action: str, report: Report, changes: dict[str, Any]) -> None:
    audit_event_record(
        actor=actor,
        action=f"report.{action}",
        object_type="missions.report",
        object_id=report.uuid,
        object_label=report.mission.code,
        changes=changes,
    )


def _mission_for_observer(*, actor: Any, mission_id: Any) -> Mission:
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


def _check_open(*, actor: Any, mission: Mission) -> None:
    if mission.status == MissionStatus.CANCELLED:
        raise conflict("mission_cancelled")
    if mission.observer_id != actor.pk:
        raise conflict("mission_reassigned")


def _report_for_observer(*, actor: Any, report_uuid: uuid_lib.UUID) -> Report:
    report = (
        Report.objects.select_related("mission__service_point", "mission__grid_version")
        .filter(uuid=report_uuid, observer=actor)
        .first()
    )
    if report is None:
        raise Http404
    return report


CONTENT_FIELDS = ("answers", "notes", "started_at", "ended_at")


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


@transaction.atomic
def report_upsert(
    *,
    actor: Any,
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
    content = {
        "answers": answers,
        "notes": notes or "",
        "started_at": started_at,
        "ended_at": ended_at,
    }
    identical = existing is not None and all(getattr(existing, k) == v for k, v in content.items())
    if existing is not None and existing.status == ReportStatus.SUBMITTED:
        if identical:
            return existing, False
        raise conflict("report_submitted")
    if (
        existing is not None
        and expected_version is not None
        and expected_version != existing.version
        and not identical
    ):
        raise conflict("stale_version", version=existing.version)
    if existing is None:
        other = Report.objects.filter(mission=mission, is_active=True).first()
        if other is not None:
            raise conflict("report_conflict", report_uuid=str(other.uuid))
        if mission.status not in (MissionStatus.ASSIGNED, MissionStatus.IN_PROGRESS):
            raise conflict("mission_not_open")
        report = Report(uuid=report_uuid, mission=mission, observer=actor)
    else:
        report = existing
        if not report.is_active:  # the mission came back to its first observer
            if Report.objects.filter(mission=mission, is_active=True).exists():
                raise conflict("report_conflict")
            report.is_active = True
    before = {k: getattr(report, k) for k in CONTENT_FIELDS}
    for key, value in content.items():
        setattr(report, key, value)
    report.device_time = device_time
    report.received_at = timezone.now()
    report.location_consent = bool(location_consent)
    if location_consent and location:
        report.latitude = Decimal(str(round(float(location["latitude"]), 6)))
        report.longitude = Decimal(str(round(float(location["longitude"]), 6)))
        accuracy = location.get("accuracy")
        report.location_accuracy = None if accuracy is None else float(accuracy)
    else:
        report.latitude = report.longitude = report.location_accuracy = None
    if existing is None or not identical or (revision and revision != report.client_revision):
        report.version += 1
    if revision:
        report.client_revision = revision[:64]
    report.full_clean(exclude=["mission", "observer"])
    report.save()
    if mission.status == MissionStatus.ASSIGNED:
        transition(mission=mission, event="start")
        mission.save(update_fields=["status", "version", "updated_at"])
    if existing is None:
        _audit(actor, "create", report, {"mission": [None, mission.code]})
    else:
        changed = {k: getattr(report, k) for k in CONTENT_FIELDS}
        diff = diff_fields(before, changed)
        if "answers" in diff:  # answers can be long: say that they changed, not how
            diff["answers"] = ["…", "…"]
        if diff:
            _audit(actor, "update", report, diff)
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
    actor: Any,
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
    actor: Any,
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
    _audit(
        actor,
        "correction_request",
        report,
        {"correction": [None, str(correction.uuid)], "answers": sorted(answers)},
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
    *, actor: Any, correction: ReportCorrection, accept: bool
) -> ReportCorrection:
    """Accept (apply the changes to the report) or reject an observer's correction."""
    correction = ReportCorrection.objects.select_for_update().get(pk=correction.pk)
    report = (
        Report.objects.select_for_update().select_related("mission").get(pk=correction.report_id)
    )
    if correction.status != CorrectionStatus.PENDING:
        raise conflict("transition")
    if report.status != ReportStatus.SUBMITTED:
        raise conflict("transition")
    if accept:
        report.answers = _merged(report.answers, correction.answers)
        if correction.notes is not None:
            report.notes = correction.notes
        result = scoring.score_report(report.mission.grid_version.snapshot or {}, report.answers)
        report.critical = bool(result.critical_failures)
        report.version += 1
        report.save(update_fields=["answers", "notes", "critical", "version", "updated_at"])
    correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
    correction.decided_at = timezone.now()
    correction.decided_by = actor
    correction.save(update_fields=["status", "decided_at", "decided_by"])
    _audit(
        actor,
        "correction_accept" if accept else "correction_reject",
        report,
        {"correction": [str(correction.uuid), correction.status]},
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
def report_submit(*, actor: Any, report_uuid: uuid_lib.UUID) -> Report:
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
    _audit(
        actor,
        "submit",
        report,
        {"status": ["draft", "submitted"], "anomalies": [a["code"] for a in report.anomalies]},
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
    before = {k: getattr(report, k) for k in REVIEW_FIELDS}
    transition(mission=mission, event=event, expected_version=expected_version)
    return report, mission, before


@transaction.atomic
def report_return(
    *, actor: Any, report: Report, comment: str, expected_version: int | None = None
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
    after = {k: getattr(report, k) for k in REVIEW_FIELDS}
    _audit(actor, "return", report, diff_fields(before, after))
    return report


@transaction.atomic
def report_validate(*, actor: Any, report: Report, expected_version: int | None = None) -> Report:
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
    report.version += 1
    report.save()
    mission.save(update_fields=["status", "version", "updated_at"])
    after = {k: getattr(report, k) for k in REVIEW_FIELDS}
    _audit(actor, "validate", report, diff_fields(before, after))
    report_validated.send(sender=Report, report=report)
    return report
