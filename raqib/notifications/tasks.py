"""Background tasks of notifications (django-tasks: immediate in tests and the demo, the
database backend with a worker in production)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .emails import notification_digests_send, notification_email_send


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications (each at most once); returns how many were sent."""
    return sum(notification_email_send(notification_id=pk) for pk in notification_ids)


@task()
def send_digests(day: str | None = None) -> int:
    """Send the daily digests of `day` (ISO date; today by default)."""
    return notification_digests_send(day=dt.date.fromisoformat(day) if day else None)
