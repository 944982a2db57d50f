"""E-mails of notifications: one per notification (immediate) or one per day (digest).

Sent through Django's mail backend (console in the demo, SMTP in production: EMAIL_* settings),
each as a text and HTML pair written in the recipient's notification language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from raqib.core import conf

from .kinds import EmailMode
from .language import recipient_language
from .models import Notification, NotificationDigest


def absolute(url: str) -> str:
    base = conf.public_base_url().rstrip("/")
    return f"{base}{url}" if url and base else url


def _send(*, to: str, language: str, subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(language):
        context = {**context, "absolute": absolute, "language": language}
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    mail.attach_alternative(html, "text/html")
    mail.send()


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification, once: the row is claimed (emailed_at) before sending, and
    released again if the mail server refuses, so a retried task sends it at most once."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_mode=EmailMode.IMMEDIATE, emailed_at__isnull=True
    ).update(emailed_at=now)
    if not claimed:
        return False
    row = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not row.recipient.email or not row.recipient.is_active:
        return False  # the address was removed (or the account closed) meanwhile
    try:
        _send(
            to=row.recipient.email,
            language=row.language,
            subject=row.title,
            template="notification",
            context={"notification": row, "link": absolute(row.url)},
        )
    except Exception:
        Notification.objects.filter(pk=row.pk, emailed_at=now).update(emailed_at=None)
        raise
    return True


def _day_bounds(day: dt.date) -> dt.datetime:
    """The end of `day` in Tunis time: a digest covers what happened up to then."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def notification_digests_send(*, day: dt.date | None = None) -> int:
    """Send each user their daily digest for `day` (today by default); returns how many.

    Idempotent per user per day: the digest row is unique on (recipient, day), so running the
    command twice (cron retried, two workers) sends one digest per person and day.
    """
    day = day or timezone.localdate()
    until = _day_bounds(day)
    waiting = Notification.objects.filter(
        email_mode=EmailMode.DIGEST, emailed_at__isnull=True, created_at__lt=until
    ).exclude(recipient__email="")
    sent = 0
    for recipient_id in sorted(set(waiting.values_list("recipient_id", flat=True))):
        if _digest_one(recipient_id=recipient_id, day=day, until=until):
            sent += 1
    return sent


def _digest_one(*, recipient_id: int, day: dt.date, until: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            if NotificationDigest.objects.filter(recipient_id=recipient_id, day=day).exists():
                return False
            rows = list(
                Notification.objects.select_for_update()
                .filter(
                    recipient_id=recipient_id,
                    email_mode=EmailMode.DIGEST,
                    emailed_at__isnull=True,
                    created_at__lt=until,
                )
                .order_by("created_at", "pk")
            )
            if not rows:
                return False
            NotificationDigest.objects.create(recipient_id=recipient_id, day=day, count=len(rows))
            now = timezone.now()
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
            recipient = rows[0].recipient
            language = recipient_language(recipient)
            with translation.override(language):
                subject = _("Raqib: your notifications of %(day)s") % {
                    "day": _date(day),
                }
            _send(
                to=recipient.email,
                language=language,
                subject=subject,
                template="digest",
                context={"items": [(r, absolute(r.url)) for r in rows], "day": day},
            )
    except IntegrityError:  # another worker sent this digest meanwhile
        return False
    return True


def _date(day: dt.date) -> str:
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


__all__ = ["absolute", "notification_digests_send", "notification_email_send"]
