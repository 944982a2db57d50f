"""The inbox (one row per recipient and event), preferences, and the digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import EmailMode, NotificationKind

__all__ = [
    "EmailMode",
    "Notification",
    "NotificationDigest",
    "NotificationKind",
    "NotificationPreference",
    "NotificationSettings",
]


class Notification(models.Model):
    """What one person was told of one event, in their language, at the time it happened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    # The sender's key of the event ("mission.assign:M-…:v3"): the same event sent twice
    # finds the row of the first time (retries, double clicks, replays) and adds nothing.
    event_key = models.CharField(_("event key"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8)
    # False when the recipient switched the inbox off for this kind (the row still exists,
    # for the e-mail and for idempotency).
    in_app = models.BooleanField(_("shown in the inbox"), default=True)
    # The e-mail mode in force when the event happened.
    email_mode = models.CharField(
        _("e-mail"), max_length=12, choices=EmailMode.choices, default=EmailMode.NEVER
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notifications_one_per_event"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notifications_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(email_mode__in=EmailMode.values), name="notifications_mode_known"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "in_app", "read_at"], name="notif_inbox_idx"),
            models.Index(fields=["email_mode", "emailed_at"], name="notif_mail_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A user's choice for one kind; no row means the kind's defaults (see kinds.KINDS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("show in my inbox"), default=True)
    email = models.CharField(
        _("e-mail"), max_length=12, choices=EmailMode.choices, default=EmailMode.DIGEST
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_pref_once"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notifications_pref_kind"
            ),
            models.CheckConstraint(
                condition=Q(email__in=EmailMode.values), name="notifications_pref_mode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class NotificationSettings(models.Model):
    """The language a user's notifications and e-mails are written in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    language = models.CharField(
        _("language of my notifications"), max_length=8, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"


class NotificationDigest(models.Model):
    """One daily digest sent to one user: the unique day makes the command idempotent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notification_digests",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="notifications_digest_daily")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"
