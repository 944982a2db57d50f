"""Storing an answer: checked, fingerprinted, and quarantined when it looks like stuffing.

A suspicious answer is always stored, with the reasons, and left out of the indices until a
coordinator releases it: dropping it silently would hide an attack (or a false alarm) from
the people accountable for the figures.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core import conf
from raqib.core.writes import model_audit

from .. import abuse
from ..abuse import Reason
from ..answers import fingerprint
from ..models import ResponseMode, SurveyResponse, WaveServicePoint, WaveStatus
from .tallies import survey_tally_add

if TYPE_CHECKING:
    from raqib.accounts.models import User


@dataclass(frozen=True)
class ResponseOutcome:
    response: SurveyResponse
    created: bool  # False: a retry of a submission already stored (same client UUID)


def _quarantine_reasons(
    *,
    wave_point: WaveServicePoint,
    answers_hash: str,
    device: str,
    network: str,
    honeypot: str,
    elapsed: float | None,
    now: dt.datetime,
) -> list[str]:
    reasons: list[str] = []
    wave_id = wave_point.wave_id
    if honeypot.strip():
        reasons.append(Reason.HONEYPOT)
    if elapsed is None:
        reasons.append(Reason.NO_TIMESTAMP)
    elif elapsed < conf.survey_min_seconds():
        reasons.append(Reason.TOO_FAST)
    # Both counters always advance, so a flood is seen whichever key it rotates.
    if abuse.rate_exceeded("network", wave_id, network):
        reasons.append(Reason.RATE_NETWORK)
    if abuse.rate_exceeded("device", wave_id, device):
        reasons.append(Reason.RATE_DEVICE)
    earlier = SurveyResponse.objects.filter(wave_id=wave_id)
    if device and earlier.filter(device_hash=device).exists():
        reasons.append(Reason.DUPLICATE_DEVICE)
    window_start = now - dt.timedelta(seconds=conf.survey_duplicate_window_seconds())
    if (
        network
        and earlier.filter(
            network_hash=network, answers_hash=answers_hash, submitted_at__gte=window_start
        ).exists()
    ):
        reasons.append(Reason.DUPLICATE_ANSWERS)
    return reasons


def survey_response_submit(
    *,
    wave_point: WaveServicePoint,
    answers: dict[str, Any],
    client_uuid: uuid.UUID | str,
    language: str = "ar",
    mode: str = ResponseMode.PUBLIC,
    interviewer: User | None = None,
    device_token: str = "",
    client_ip: str = "",
    honeypot: str = "",
    started: str = "",
    now: dt.datetime | None = None,
) -> ResponseOutcome:
    """Store one response (answers already checked by `answers.clean`).

    Public mode hashes `device_token` and `client_ip` at once (the raw values are never
    stored) and runs the abuse rules. Interviewer mode is for signed-in observers and
    coordinators, who are accountable: no abuse rule, no device data.
    """
    now = now or timezone.now()
    try:
        client_uuid = uuid.UUID(str(client_uuid))
    except ValueError:
        raise ValidationError(_("The form is damaged: please reload the page.")) from None
    existing = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        # A retry (double tap, flaky network): the first copy stands, nothing is counted twice.
        return ResponseOutcome(existing, created=False)
    wave = wave_point.wave
    if wave.status != WaveStatus.OPEN:
        raise ValidationError(_("This survey is not open."))
    answers_hash = fingerprint(answers)
    elapsed = abuse.started_elapsed(started, wave_point.pk, now=now.timestamp())
    if mode == ResponseMode.INTERVIEWER:
        if interviewer is None:
            raise ValidationError(_("Interviewer answers need a signed-in interviewer."))
        device = network = ""
        reasons: list[str] = []
    else:
        interviewer = None
        device = abuse.device_hash(device_token)
        network = abuse.network_hash(client_ip)
        reasons = _quarantine_reasons(
            wave_point=wave_point,
            answers_hash=answers_hash,
            device=device,
            network=network,
            honeypot=honeypot,
            elapsed=elapsed,
            now=now,
        )
    response = SurveyResponse(
        wave_point=wave_point,
        wave=wave,
        grid_version_id=wave.grid_version_id,
        answers=answers,
        answers_hash=answers_hash,
        language=language if language in ("ar", "fr") else "ar",
        submitted_at=now,
        # A stamp older than a day means a page left open, not a 30-hour survey.
        duration_seconds=int(elapsed) if elapsed is not None and 0 <= elapsed < 86400 else None,
        mode=mode,
        interviewer=interviewer,
        quarantined=bool(reasons),
        quarantine_reasons=reasons,
        device_hash=device,
        network_hash=network,
        client_uuid=client_uuid,
    )
    response.full_clean(exclude=["client_uuid"])
    try:
        with transaction.atomic():
            response.save()
            if not response.quarantined:
                # Same transaction: a lost race on the client UUID rolls the count back too.
                survey_tally_add(response=response)
            if mode == ResponseMode.INTERVIEWER:
                # Public answers are not audited one by one: the response row itself is the
                # append-only record, and the audit trail would only repeat it.
                model_audit(
                    instance=response,
                    actor=interviewer,
                    action="survey_response.interviewer_submit",
                    label=wave_point.service_point.code,
                    changes={"wave": [None, wave.code]},
                )
    except IntegrityError:
        # The same UUID raced in from a parallel retry: return the copy that won.
        winner = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
        if winner is None:
            raise
        return ResponseOutcome(winner, created=False)
    if response.quarantined:
        from .surge import survey_quarantine_surge_check

        # After the commit: the answer is stored whatever the alert does.
        transaction.on_commit(lambda: survey_quarantine_surge_check(wave=wave, now=now))
    return ResponseOutcome(response, created=True)
