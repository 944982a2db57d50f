"""Notification writes: send (one event → one row per recipient), read, preferences.

Auditing: `notification_send` records ONE audit event per send (kind, event key, recipients),
not one per row. A notification is a derived copy of an event that its own service has
already audited (the mission assignment, the report submission…); auditing every row again
would double the trail for nothing. Marking as read is personal state, not department work,
and is not audited. Preference changes are audited through `core.writes`.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record
from raqib.core.access import user_roles
from raqib.core.roles import Role
from raqib.core.writes import model_create, model_update

from .contract import Message
from .kinds import KINDS, EmailMode, kind_spec, kinds_for_roles
from .language import recipient_language
from .models import Notification, NotificationPreference, NotificationSettings
from .tasks import send_notification_emails

logger = logging.getLogger(__name__)

_paused: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "notifications_paused", default=False
)


@contextlib.contextmanager
def notifications_paused() -> Iterator[None]:
    """Send nothing inside this block (the demo replays a year of history: nobody is told)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def preference_for(user: Any, kind: str) -> tuple[bool, str]:
    """(shown in the inbox, e-mail mode) for this user and kind, defaults included."""
    spec = kind_spec(kind)
    row = NotificationPreference.objects.filter(user=user, kind=kind).first()
    if row is None:
        return True, spec.email
    return (row.in_app or not spec.in_app_optional), row.email


def _may_receive(user: Any, kind: str) -> bool:
    """The kind's roles gate delivery; a focal point receives body-facing kinds only."""
    spec = kind_spec(kind)
    roles = user_roles(user)
    if not roles & spec.roles:
        return False
    return spec.body_facing or Role.FOCAL_POINT not in roles


def _unique_recipients(message: Message) -> list[Any]:
    seen: dict[Any, Any] = {}
    for user in message.recipients:
        if user is not None and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


@transaction.atomic
def notification_send(*, message: Message) -> list[Notification]:
    """Write the message into each recipient's inbox, in their language; e-mail those who
    asked for it once the transaction commits (a rolled-back write sends nothing).

    Idempotent: a recipient who already has a row for `message.event_key` gets nothing new
    (the database's unique constraint settles concurrent retries). Returns the new rows.
    Recipients who do not hold one of the kind's roles are skipped (a focal point only ever
    receives body-facing kinds, whose messages name no person).
    """
    if _paused.get():
        return []
    created: list[Notification] = []
    skipped: list[Any] = []
    for user in _unique_recipients(message):
        if not _may_receive(user, message.kind):
            skipped.append(user.pk)
            continue
        row = _deliver(user=user, message=message)
        if row is not None:
            created.append(row)
    if skipped:
        logger.warning("notification %s not sent to users %s", message.event_key, skipped)
    if created:
        audit_event_record(
            actor=None,
            action="notification.send",
            object_type=Notification._meta.label_lower,
            # The first row stands for the send (its event key and kind are on the row): the
            # trail shows people's words, never the machine key (core/tests/test_raw_tokens.py).
            object_id=str(created[0].pk),
            object_label="",
            changes={"recipients": [None, sorted(row.recipient_id for row in created)]},
        )
        ids = [row.pk for row in created if row.email_mode == EmailMode.IMMEDIATE]
        if ids:
            transaction.on_commit(lambda: _enqueue_emails(ids))
    return created


def _deliver(*, user: Any, message: Message) -> Notification | None:
    in_app, email_mode = preference_for(user, message.kind)
    if not getattr(user, "email", ""):
        email_mode = EmailMode.NEVER
    language = recipient_language(user)
    with translation.override(language):
        title, body, url = message.render()
    row, was_created = Notification.objects.get_or_create(
        recipient=user,
        event_key=message.event_key,
        defaults={
            "kind": message.kind,
            "title": title,
            "body": body,
            "url": url,
            "language": language,
            "in_app": in_app,
            "email_mode": email_mode,
        },
    )
    return row if was_created else None


def _enqueue_emails(ids: list[int]) -> None:
    send_notification_emails.enqueue(ids)


# --- The inbox ------------------------------------------------------------------------------


def notification_mark_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's own notifications read; another user's is a 404."""
    row = Notification.objects.filter(pk=pk, recipient=user, in_app=True).first()
    if row is None:
        raise Http404
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def notification_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences ----------------------------------------------------------------------------


@transaction.atomic
def notification_preferences_set(
    *,
    actor: Any,
    user: Any,
    choices: Mapping[str, tuple[bool, str]],
    language: str | None = None,
) -> None:
    """Save {kind: (in_app, email mode)} for the kinds the user may receive, and the language.

    A kind whose inbox entry is mandatory stays in the inbox whatever is asked.
    """
    allowed = set(kinds_for_roles(user_roles(user)))
    unknown = set(choices) - allowed
    if unknown:
        raise ValidationError(_("These notifications do not concern you."))
    for kind, (asked_in_app, email) in choices.items():
        if email not in EmailMode.values:
            raise ValidationError(_("Choose how to be told by e-mail."))
        in_app = bool(asked_in_app) or not KINDS[kind].in_app_optional
        row = NotificationPreference.objects.filter(user=user, kind=kind).first()
        if row is None:
            model_create(
                instance=NotificationPreference(user=user, kind=kind, in_app=in_app, email=email),
                actor=actor,
                action="notification_preference.create",
                fields=["user", "kind", "in_app", "email"],
            )
        else:
            model_update(
                instance=row,
                actor=actor,
                action="notification_preference.update",
                data={"in_app": in_app, "email": email},
            )
    if language:
        _language_set(actor=actor, user=user, language=language)


def _language_set(*, actor: Any, user: Any, language: str) -> None:
    row = NotificationSettings.objects.filter(user=user).first()
    if row is None:
        model_create(
            instance=NotificationSettings(user=user, language=language),
            actor=actor,
            action="notification_settings.create",
            fields=["user", "language"],
        )
    else:
        model_update(
            instance=row,
            actor=actor,
            action="notification_settings.update",
            data={"language": language},
        )
