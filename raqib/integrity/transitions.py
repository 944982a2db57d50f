"""The ONE transition table of an integrity case."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CaseStatus

S = CaseStatus


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    label: object
    needs_reason: bool = False
    # Made by `services.case_refer` only: a referral names its authority and has a letter.
    needs_authority: bool = False


TRANSITIONS: dict[str, Move] = {
    "assess": Move(frozenset({S.OPEN}), S.UNDER_ASSESSMENT, _("Start the assessment")),
    "refer": Move(frozenset({S.UNDER_ASSESSMENT}), S.REFERRED, _("Refer"), needs_authority=True),
    "outcome": Move(frozenset({S.REFERRED}), S.OUTCOME_RECEIVED, _("Record the outcome")),
    "close": Move(frozenset({S.OUTCOME_RECEIVED}), S.CLOSED, _("Close")),
    "close_without_referral": Move(
        frozenset({S.OPEN, S.UNDER_ASSESSMENT}),
        S.CLOSED_WITHOUT_REFERRAL,
        _("Close without referral"),
        needs_reason=True,
    ),
}


def events_from(status: str) -> list[tuple[str, Move]]:
    return [(event, move) for event, move in TRANSITIONS.items() if status in move.sources]
