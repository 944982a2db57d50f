"""ODK Collect keys (one per observer, revocable) and the submissions received through them.

A key is known only by its SHA-256: it is shown once, when it is made (docs/odk-collect.md).
A submission is kept by its `instanceID` so that a resend is recognised: the same content is
accepted without a second report, a different content under the same ID is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CollectKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="collect_keys",
    )
    digest = models.CharField(_("key digest"), max_length=64, unique=True)
    hint = models.CharField(_("last characters"), max_length=4)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("ODK Collect key")
        verbose_name_plural = _("ODK Collect keys")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="odk_one_live_key_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"…{self.hint}"


class CollectSubmission(models.Model):
    instance_id = models.CharField(_("instance ID"), max_length=100, unique=True)
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="collect_submissions"
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.PROTECT, related_name="collect_submissions"
    )
    report = models.ForeignKey(
        "missions.Report", on_delete=models.PROTECT, related_name="collect_submissions"
    )
    xml_sha256 = models.CharField(max_length=64)
    # Attachment file names the instance refers to, by answer key; and those received.
    expected = models.JSONField(default=dict, blank=True)
    received = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ODK Collect submission")
        verbose_name_plural = _("ODK Collect submissions")

    def __str__(self) -> str:
        return self.instance_id

    @property
    def missing(self) -> list[str]:
        return sorted(set(self.expected.values()) - set(self.received))
