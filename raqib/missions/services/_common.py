"""What every missions service shares: the ONE transition table, conflict errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from raqib.missions.models import Mission, MissionStatus, ReportStatus

S = MissionStatus

# event → (mission statuses it may start from, mission status it leads to).
# Every status change of a mission goes through `transition()` with one of these events.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({S.PLANNED}), S.ASSIGNED),
    "reassign": (frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED}), S.ASSIGNED),
    "cancel": (
        frozenset({S.PLANNED, S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED}),
        S.CANCELLED,
    ),
    "start": (frozenset({S.ASSIGNED}), S.IN_PROGRESS),
    "submit": (frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED}), S.SUBMITTED),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),
    "validate": (frozenset({S.SUBMITTED}), S.VALIDATED),
}

# The report status that goes with a mission status (None: the report keeps its own).
REPORT_STATUS_FOR: dict[str, str] = {
    S.SUBMITTED: ReportStatus.SUBMITTED,
    S.RETURNED: ReportStatus.RETURNED,
    S.VALIDATED: ReportStatus.VALIDATED,
}

# Machine codes of state conflicts (the API answers them with 409).
CONFLICT_CODES = frozenset(
    {
        "mission_cancelled",
        "mission_reassigned",
        "mission_not_open",
        "report_validated",
        "report_submitted",
        "report_conflict",
        "stale",
        "stale_version",
        "report_not_submitted",
        "transition",
    }
)

CONFLICT_MESSAGES = {
    "mission_cancelled": _("This mission has been cancelled. Your copy is kept on the phone."),
    "mission_reassigned": _(
        "This mission has been given to another observer. Your copy is kept on the phone."
    ),
    "mission_not_open": _("This mission is not open for reporting."),
    "report_validated": _("This report has already been validated and can no longer change."),
    "report_submitted": _(
        "This report has been submitted and is awaiting review; it cannot change now."
    ),
    "report_conflict": _("Another report already exists for this mission."),
    "stale": _("Someone else changed this mission meanwhile. Reload the page and try again."),
    "transition": _("This action is not possible in the mission's current status."),
    "stale_version": _(
        "The report changed on the server since this phone last saw it. "
        "Both versions are kept: choose which one to keep."
    ),
    "report_not_submitted": _(
        "This report is not awaiting review: send the changes as a normal update."
    ),
}


def conflict(code: str, **params: Any) -> ValidationError:
    return ValidationError(CONFLICT_MESSAGES[code], code=code, params=params or None)


def transition(
    *, mission: Mission, event: str, expected_version: int | None = None
) -> tuple[str, str]:
    """Move a mission (already locked with select_for_update) along the table.

    Returns (old status, new status). The caller saves the mission. A version mismatch (a
    second coordinator acting on a page loaded before the first one's action) is a conflict.
    """
    sources, target = TRANSITIONS[event]
    if expected_version is not None and expected_version != mission.version:
        raise conflict("stale")
    if mission.status not in sources:
        if mission.status == S.CANCELLED:
            raise conflict("mission_cancelled")
        if mission.status == S.VALIDATED:
            raise conflict("report_validated")
        raise conflict("transition")
    old = mission.status
    mission.status = target
    mission.version += 1
    return old, target
