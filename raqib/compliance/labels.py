"""The Marhba label's life: allowed status changes and the dates that drive reminders.

A certification is valid three years from `certified_on`, with a yearly follow-up audit at
one and two years; the renewal is due at three years (facts.md). Pure functions, no database.
"""

from __future__ import annotations

import datetime as dt

from .models import LabelStatus

S = LabelStatus
# The one table of allowed status changes (services.label_holder_transition reads it).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.CANDIDATE: frozenset({S.CERTIFIED, S.WITHDRAWN}),
    S.CERTIFIED: frozenset({S.CERTIFIED, S.FOLLOW_UP_DUE, S.SUSPENDED, S.WITHDRAWN, S.EXPIRED}),
    S.FOLLOW_UP_DUE: frozenset({S.CERTIFIED, S.SUSPENDED, S.WITHDRAWN, S.EXPIRED}),
    S.SUSPENDED: frozenset({S.CERTIFIED, S.WITHDRAWN, S.EXPIRED}),
    S.WITHDRAWN: frozenset({S.CANDIDATE}),
    S.EXPIRED: frozenset({S.CANDIDATE, S.CERTIFIED}),
}
# Statuses in which a holder holds the label (reminders and alerts apply).
HOLDING = frozenset({S.CERTIFIED, S.FOLLOW_UP_DUE, S.SUSPENDED})
VALIDITY_YEARS = 3

FOLLOW_UP = "follow_up"
RENEWAL = "renewal"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def label_events(certified_on: dt.date) -> list[tuple[str, dt.date]]:
    """(kind, date): the yearly follow-ups, then the renewal."""
    events = [(FOLLOW_UP, add_years(certified_on, n)) for n in range(1, VALIDITY_YEARS)]
    events.append((RENEWAL, add_years(certified_on, VALIDITY_YEARS)))
    return events


def due_reminders(
    *, certified_on: dt.date, today: dt.date, remind_days: int
) -> list[tuple[str, dt.date]]:
    """The events whose reminder window [date − remind_days, date] contains today."""
    window = dt.timedelta(days=remind_days)
    return [(k, d) for k, d in label_events(certified_on) if d - window <= today <= d]


def renewal_date(certified_on: dt.date) -> dt.date:
    return add_years(certified_on, VALIDITY_YEARS)
