"""Coordinators' decisions on quarantined answers: release (count it) or confirm (keep out)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_update, no_check

from ..models import ReviewState, SurveyResponse, SurveyWave
from .tallies import survey_tally_add

if TYPE_CHECKING:
    from raqib.accounts.models import User


def _decide(actor: User, response: SurveyResponse, state: str, reason: str = "") -> SurveyResponse:
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if not locked.quarantined or not locked.screened or locked.review_state == state:
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
            **({"decision_reason": reason} if reason else {}),
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


DECISIONS = {"release": ReviewState.RELEASED, "confirm": ReviewState.CONFIRMED}
REASON_MAX_LENGTH = 500


@transaction.atomic
def survey_response_bulk_decide(
    *,
    actor: User,
    wave: SurveyWave,
    response_ids: Iterable[int],
    decision: str,
    reason: str,
) -> list[SurveyResponse]:
    """Release or confirm many quarantined answers of `wave` at once, for one stated reason.

    All or nothing: an unknown answer, one of another wave, or one no longer waiting for this
    decision refuses the whole batch, and nothing changes. Each answer gets its own audit
    event, which records the reason.
    """
    state = DECISIONS.get(decision)
    if state is None:
        raise ValidationError({"decision": [_("Choose release or confirm.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for this decision.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("The reason is too long (%(max)s characters at most).")
                    % {"max": REASON_MAX_LENGTH}
                ]
            }
        )
    ids = sorted(set(response_ids))
    if not ids:
        raise ValidationError({"responses": [_("Select at least one answer.")]})
    responses = list(
        SurveyResponse.objects.select_for_update()
        .select_related("wave_point__service_point")
        .filter(wave=wave, pk__in=ids)
        .order_by("pk")
    )
    if len(responses) != len(ids):
        raise ValidationError({"responses": [_("Some selected answers are not in this wave.")]})
    waiting = [r for r in responses if r.quarantined and r.screened and r.review_state != state]
    if len(waiting) != len(responses):
        raise ValidationError(
            {
                "responses": [
                    _(
                        "Some selected answers are no longer waiting for this decision: "
                        "nothing was changed."
                    )
                ]
            }
        )
    return [_decide(actor, r, state, reason) for r in responses]
