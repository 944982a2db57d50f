"""Reminders before the due date, overdue notices, escalation: each sent once per event.

Run daily (`manage.py followup_remind`). Each notice has an event key made of the
recommendation and its due date, so running it twice — or every hour — tells nobody twice;
moving the due date makes a new event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from raqib.core import conf

from .. import notify
from ..models import AWAITING_BODY, Recommendation


@dataclass(frozen=True)
class RemindersSent:
    due_soon: int
    overdue: int
    escalated: int


def recommendation_reminders_send(*, today: dt.date | None = None) -> RemindersSent:
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=conf.followup_remind_days())
    escalate_before = today - dt.timedelta(days=conf.followup_escalate_days())
    counts = {"due_soon": 0, "overdue": 0, "escalated": 0}
    waiting = Recommendation.objects.filter(status__in=AWAITING_BODY).select_related("body")
    for rec in waiting.filter(due_date__gte=today, due_date__lte=soon):
        counts["due_soon"] += notify.due_soon(rec)
    for rec in waiting.filter(due_date__lt=today):
        counts["overdue"] += notify.overdue(rec)
        if rec.due_date < escalate_before and rec.body.parent_id is not None:
            counts["escalated"] += notify.escalated(rec, parent_id=rec.body.parent_id)
    return RemindersSent(**counts)
