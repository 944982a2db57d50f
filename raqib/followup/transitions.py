"""The ONE transition table of a recommendation, and who may move it (department or body)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Recommendation, RecommendationStatus, Side

S = RecommendationStatus


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    side: str  # Side.DEPARTMENT or Side.BODY: who may make the move
    stamp: str = ""  # the timestamp field the move sets
    label: object = ""  # the button's words


_OPEN = frozenset(
    {S.SENT, S.ACKNOWLEDGED, S.PLAN_PROPOSED, S.PLAN_SENT_BACK, S.PLAN_ACCEPTED, S.IN_PROGRESS}
)

# event → move. Every status change of a recommendation goes through `transition()`.
TRANSITIONS: dict[str, Move] = {
    "send": Move(frozenset({S.DRAFT}), S.SENT, Side.DEPARTMENT, "sent_at", _("Send to the body")),
    "acknowledge": Move(
        frozenset({S.SENT}), S.ACKNOWLEDGED, Side.BODY, "acknowledged_at", _("Acknowledge")
    ),
    "propose_plan": Move(frozenset({S.ACKNOWLEDGED, S.PLAN_SENT_BACK}), S.PLAN_PROPOSED, Side.BODY),
    "accept_plan": Move(
        frozenset({S.PLAN_PROPOSED}),
        S.PLAN_ACCEPTED,
        Side.DEPARTMENT,
        "plan_accepted_at",
        _("Accept the action plan"),
    ),
    "send_back": Move(
        frozenset({S.PLAN_PROPOSED}), S.PLAN_SENT_BACK, Side.DEPARTMENT, "", _("Send the plan back")
    ),
    "start": Move(frozenset({S.PLAN_ACCEPTED}), S.IN_PROGRESS, Side.BODY),
    "claim": Move(
        frozenset({S.PLAN_ACCEPTED, S.IN_PROGRESS}), S.IMPLEMENTED, Side.BODY, "implemented_at"
    ),
    "verify_effective": Move(
        frozenset({S.IMPLEMENTED}), S.VERIFIED_EFFECTIVE, Side.DEPARTMENT, "verified_at"
    ),
    "verify_not_effective": Move(
        frozenset({S.IMPLEMENTED}), S.VERIFIED_NOT_EFFECTIVE, Side.DEPARTMENT, "verified_at"
    ),
    "reject_claim": Move(
        frozenset({S.IMPLEMENTED}),
        S.IN_PROGRESS,
        Side.DEPARTMENT,
        "",
        _("Refuse the claim"),
    ),
    "resume": Move(
        frozenset({S.VERIFIED_NOT_EFFECTIVE}),
        S.IN_PROGRESS,
        Side.DEPARTMENT,
        "",
        _("Ask the body to act again"),
    ),
    "close": Move(
        frozenset({S.VERIFIED_EFFECTIVE, S.VERIFIED_NOT_EFFECTIVE}),
        S.CLOSED,
        Side.DEPARTMENT,
        "closed_at",
        _("Close"),
    ),
    "withdraw": Move(
        frozenset({S.DRAFT, S.IMPLEMENTED}) | _OPEN,
        S.CLOSED,
        Side.DEPARTMENT,
        "closed_at",
        _("Withdraw"),
    ),
}

# Moves a person makes with a plain button (the others have their own form or are automatic).
BUTTON_EVENTS = (
    "send",
    "acknowledge",
    "accept_plan",
    "send_back",
    "reject_claim",
    "resume",
    "close",
    "withdraw",
)
# Moves that need words from the one who makes them.
NEEDS_TEXT = frozenset({"send_back", "reject_claim", "resume", "withdraw", "claim"})
# Moves that set a new due date (the body must act again).
NEEDS_DUE_DATE = frozenset({"reject_claim", "resume"})

# What the thread says of each move.
EVENT_LABELS = {
    "send": _("Sent to the body"),
    "acknowledge": _("Acknowledged by the body"),
    "propose_plan": _("Action plan proposed"),
    "accept_plan": _("Action plan accepted"),
    "send_back": _("Action plan sent back"),
    "start": _("Work started"),
    "claim": _("Implementation claimed"),
    "reject_claim": _("Claim refused"),
    "verify_effective": _("Verified effective on the ground"),
    "verify_not_effective": _("Verified not effective on the ground"),
    "resume": _("Asked to act again"),
    "close": _("Closed"),
    "withdraw": _("Withdrawn"),
}


def transition_error() -> ValidationError:
    return ValidationError(
        _("This action is not possible in the recommendation's current status."),
        code="transition",
    )


def stale_error() -> ValidationError:
    return ValidationError(
        _("Someone else changed this recommendation meanwhile. Reload the page and try again."),
        code="stale",
    )


def transition(
    *, recommendation: Recommendation, event: str, expected_version: int | None = None
) -> tuple[str, str]:
    """Move a recommendation (already locked) along the table; the caller saves it."""
    move = TRANSITIONS[event]
    if expected_version is not None and expected_version != recommendation.version:
        raise stale_error()
    if recommendation.status not in move.sources:
        raise transition_error()
    old = recommendation.status
    recommendation.status = move.target
    recommendation.version += 1
    return old, move.target


def events_from(status: str, side: str) -> list[str]:
    """The button events a side may use from `status`, in table order."""
    return [
        e for e in BUTTON_EVENTS if status in TRANSITIONS[e].sources and TRANSITIONS[e].side == side
    ]
