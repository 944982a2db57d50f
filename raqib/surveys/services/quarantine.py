"""Coordinators' decisions on quarantined answers: release (count it) or confirm (keep out)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record

from ..models import ReviewState, SurveyResponse
from .tallies import survey_tally_add


def _decide(actor: Any, response: SurveyResponse, state: str) -> SurveyResponse:
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if not locked.quarantined or locked.review_state == state:
        raise ValidationError(_("This answer is not waiting for a decision."))
    before = {"quarantined": locked.quarantined, "review_state": locked.review_state}
    locked.review_state = state
    locked.quarantined = state != ReviewState.RELEASED
    locked.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["review_state", "quarantined", "reviewed_by", "reviewed_at"])
    if before["quarantined"] and not locked.quarantined:
        survey_tally_add(response=locked)  # released: it counts from now on
    audit_event_record(
        actor=actor,
        action=f"survey_response.{'release' if state == ReviewState.RELEASED else 'confirm'}",
        object_type="surveys.surveyresponse",
        object_id=locked.pk,
        object_label=locked.wave_point.service_point.code,
        changes={
            "quarantined": [before["quarantined"], locked.quarantined],
            "review_state": [before["review_state"], locked.review_state],
            "reasons": [locked.quarantine_reasons, locked.quarantine_reasons],
        },
    )
    return locked


@transaction.atomic
def survey_response_release(*, actor: Any, response: SurveyResponse) -> SurveyResponse:
    """The coordinator judges the answer genuine: it now counts in the indices."""
    return _decide(actor, response, ReviewState.RELEASED)


@transaction.atomic
def survey_response_confirm(*, actor: Any, response: SurveyResponse) -> SurveyResponse:
    """The coordinator confirms the answer is not genuine: it stays out, decision recorded."""
    return _decide(actor, response, ReviewState.CONFIRMED)
