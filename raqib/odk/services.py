"""ODK Collect: keys and submissions. A submission goes through the missions services, so it
becomes the very report the observer app would make (same checks, anomalies and scoring)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_update
from raqib.grids.scoring import PHOTO_SUFFIX
from raqib.missions.models import Mission
from raqib.missions.services import evidence_add, report_submit, report_upsert

from . import instance as odk_instance
from .models import CollectKey, CollectSubmission
from .xform import mission_pk_of

if TYPE_CHECKING:
    from raqib.accounts.models import User


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def collect_key_create(*, actor: User) -> str:
    """A new key for the observer (any live one is revoked first). Returns the key itself,
    which is stored only as its digest: this is the one time it can be shown."""
    collect_key_revoke(actor=actor)
    key = secrets.token_urlsafe(36)
    model_create(
        instance=CollectKey(user=actor, digest=key_digest(key), hint=key[-4:]),
        actor=actor,
        action="collect_key.create",
        fields=["hint"],
        label=f"…{key[-4:]}",
    )
    return key


@transaction.atomic
def collect_key_revoke(*, actor: User) -> bool:
    live = CollectKey.objects.select_for_update().filter(user=actor, revoked_at__isnull=True)
    revoked = False
    for found in live:
        model_update(
            instance=found,
            actor=actor,
            action="collect_key.revoke",
            data={"revoked_at": timezone.now()},
            label=str(found),
        )
        revoked = True
    return revoked


@dataclass(frozen=True)
class Outcome:
    status: int  # 201 stored (or completed), 202 a resend already held
    message: str
    report_uuid: str
    missing: tuple[str, ...] = ()


def _mission(actor: User, form: str) -> Mission:
    pk = mission_pk_of(form)
    mission = (
        Mission.objects.select_related("grid_version").filter(pk=pk, observer=actor).first()
        if pk is not None
        else None
    )
    if mission is None:
        raise Http404
    return mission


def _store_attachments(
    *, actor: User, submission: CollectSubmission, files: dict[str, Any]
) -> list[str]:
    added = []
    for key, name in sorted(submission.expected.items()):
        if name in submission.received or name not in files:
            continue
        criterion = key.removesuffix(PHOTO_SUFFIX)
        evidence_add(
            actor=actor,
            report_uuid=submission.report.uuid,
            photo_uuid=odk_instance.photo_uuid(submission.report.uuid, name),
            criterion=criterion,
            upload=files[name],
        )
        added.append(name)
    return added


@transaction.atomic
def collect_submission_receive(
    *, actor: User, xml: bytes, files: dict[str, Any], incomplete: bool = False
) -> Outcome:
    """Take one OpenRosa POST: the instance and some or all of its attachments.

    The first POST of an instance stores the report as a draft and the files it carries;
    later POSTs of the same instance (identical XML) bring the other files. When every file
    the instance names is in, the report is submitted. A different XML under an instanceID
    already received is refused (409); an identical resend changes nothing.
    """
    root, form, instance_id = odk_instance.parse(xml)
    digest = hashlib.sha256(xml).hexdigest()
    submission = (
        CollectSubmission.objects.select_for_update()
        .select_related("report")
        .filter(instance_id=instance_id)
        .first()
    )
    if submission is not None and (
        submission.observer_id != actor.pk or submission.xml_sha256 != digest
    ):
        raise ValidationError(
            _(
                "A different submission with this instance ID was already received: it is kept "
                "as it was. Edit the form in Collect to send it as a new submission."
            ),
            code="instance_conflict",
        )
    if submission is None:
        mission = _mission(actor, form)
        parsed = odk_instance.read_answers(root, mission.grid_version.snapshot or {}, instance_id)
        report, _created = report_upsert(
            actor=actor,
            report_uuid=parsed.report_uuid,
            mission_id=mission.pk,
            answers=parsed.answers,
            revision=f"odk:{digest[:16]}",
        )
        submission = model_create(
            instance=CollectSubmission(
                instance_id=instance_id,
                observer=actor,
                mission=mission,
                report=report,
                xml_sha256=digest,
                expected=parsed.photos,
            ),
            actor=actor,
            action="collect_submission.receive",
            fields=["instance_id"],
            label=mission.code,
            extra={"attachments": sorted(parsed.photos.values())},
        )
        new = True
    else:
        new = False
    added = _store_attachments(actor=actor, submission=submission, files=files)
    if added:
        submission.received = sorted({*submission.received, *added})
        submission.save(update_fields=["received"])
    uuid = str(submission.report.uuid)
    if submission.completed_at is not None:
        return Outcome(202, _("This submission was already received."), uuid)
    missing = tuple(submission.missing)
    if missing:
        return Outcome(
            201 if new or added else 202,
            _("Received; waiting for %(count)s attachment(s): %(names)s.")
            % {"count": len(missing), "names": ", ".join(missing)},
            uuid,
            missing,
        )
    if incomplete:
        return Outcome(201, _("Received; waiting for the rest of the submission."), uuid)
    report_submit(actor=actor, report_uuid=submission.report.uuid)
    submission.completed_at = timezone.now()
    submission.save(update_fields=["completed_at"])
    model_audit(
        instance=submission,
        actor=actor,
        action="collect_submission.complete",
        label=submission.mission.code,
        changes={"report": [None, uuid]},
    )
    return Outcome(201, _("The report is received and waits for review."), uuid)
