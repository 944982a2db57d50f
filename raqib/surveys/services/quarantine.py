"""Coordinators' decisions on quarantined answers: release (count it) or confirm (keep out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_update, no_check

from ..models import ReviewState, SurveyResponse
from .tallies import survey_tally_add

if TYPE_CHECKING:
    from raqib.accounts.models import User


def _decide(actor: User, response: SurveyResponse, state: str) -> SurveyResponse:
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if not locked.quarantined or locked.review_state == state:
        raise ValidationError(_("This answer is not waiting for a decision."))
    was_quarantined, quarantined = locked.quarantined, state != ReviewState.RELEASED
    model_update(
        instance=locked,
        actor=actor,
        action=f"survey_response.{'release' if state == ReviewState.RELEASED else 'confirm'}",
        data={
            "review_state": state,
            "quarantined": quarantined,
            "reviewed_by": actor if getattr(actor, "is_authenticated", False) else None,
            "reviewed_at": timezone.now(),
        },
        fields=["review_state"],
        label=locked.wave_point.service_point.code,
        # Recorded even when unchanged (a confirmation keeps the answer quarantined).
        extra={
            "quarantined": [was_quarantined, quarantined],
            "reasons": [locked.quarantine_reasons, locked.quarantine_reasons],
        },
        validate=no_check,
    )
    if was_quarantined and not locked.quarantined:
        survey_tally_add(response=locked)  # released: it counts from now on
    return locked


@transaction.atomic
def survey_response_release(*, actor: User, response: SurveyResponse) -> SurveyResponse:
    """The coordinator judges the answer genuine: it now counts in the indices."""
    return _decide(actor, response, ReviewState.RELEASED)


@transaction.atomic
def survey_response_confirm(*, actor: User, response: SurveyResponse) -> SurveyResponse:
    """The coordinator confirms the answer is not genuine: it stays out, decision recorded."""
    return _decide(actor, response, ReviewState.CONFIRMED)
