"""Referral follow-up: the authority's acknowledgement, its outcome, and the daily reminders.

A referral waits for an acknowledgement `RAQIB_INTEGRITY_ACK_DAYS` days, then for an outcome
`RAQIB_INTEGRITY_OUTCOME_DAYS` days after the acknowledgement; past that, `integrity_remind`
(daily, cron) tells the assigned officers and the director — once per referral and stage.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_update, no_check

from . import notify
from .models import Case, CaseStatus, Referral


def _check_day(day: dt.date | None, *, after: dt.date, field: str) -> dt.date:
    if day is None:
        raise ValidationError({field: [_("Give the date.")]})
    if day > timezone.localdate():
        raise ValidationError({field: [_("The date cannot be in the future.")]})
    if day < after:
        raise ValidationError({field: [_("The date cannot be before the previous step.")]})
    return day


@transaction.atomic
def referral_acknowledge(*, actor: Any, referral: Referral, on: dt.date | None) -> Referral:
    """The authority acknowledged receipt of the referral on `on`."""
    if referral.acknowledged_on is not None:
        raise ValidationError(_("The acknowledgement is already recorded."))
    day = _check_day(on, after=timezone.localdate(referral.created_at), field="on")
    model_update(
        instance=referral,
        actor=actor,
        action="integrity_referral.acknowledge",
        data={"acknowledged_on": day},
        fields=["acknowledged_on"],
        label=referral.case.reference,
        validate=no_check,
    )
    return referral


@transaction.atomic
def referral_outcome_record(
    *, actor: Any, referral: Referral, on: dt.date | None, outcome: str
) -> Referral:
    """The authority's outcome (kept encrypted); the case moves to «outcome received»."""
    from .services import case_act

    if referral.acknowledged_on is None:
        raise ValidationError(_("Record the acknowledgement first."))
    if referral.outcome_on is not None:
        raise ValidationError(_("The outcome is already recorded."))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": [_("Summarise the outcome.")]})
    day = _check_day(on, after=referral.acknowledged_on, field="on")
    model_update(
        instance=referral,
        actor=actor,
        action="integrity_referral.outcome",
        data={"outcome_on": day, "outcome": outcome},
        fields=["outcome_on"],
        label=referral.case.reference,
        validate=no_check,
    )
    case = Case.objects.select_for_update().get(pk=referral.case_id)
    if case.status == CaseStatus.REFERRED:
        case_act(actor=actor, case=case, event="outcome")
    return referral


def referrals_due(*, today: dt.date) -> list[tuple[Referral, str]]:
    """Referrals past their waiting time: (referral, "ack" | "outcome")."""
    ack_limit = today - dt.timedelta(days=settings.RAQIB_INTEGRITY_ACK_DAYS)
    outcome_limit = today - dt.timedelta(days=settings.RAQIB_INTEGRITY_OUTCOME_DAYS)
    waiting = Referral.objects.filter(outcome_on__isnull=True).select_related("case")
    due: list[tuple[Referral, str]] = []
    for referral in waiting.order_by("pk"):
        if referral.acknowledged_on is None:
            if timezone.localdate(referral.created_at) <= ack_limit:
                due.append((referral, "ack"))
        elif referral.acknowledged_on <= outcome_limit:
            due.append((referral, "outcome"))
    return due


def referral_remind(*, today: dt.date | None = None) -> int:
    """Send the reminders due today; idempotent (one per referral and stage). Returns sent."""
    sent = 0
    for referral, stage in referrals_due(today=today or timezone.localdate()):
        sent += notify.referral_reminder(referral=referral, stage=stage)
    return sent
