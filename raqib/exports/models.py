"""Export jobs: a file built by a background task, downloadable by the person who asked.

A job goes queued → running → done (file stored with its SHA-256 and row count) or failed
(a translated message, the details in the log). The same request (same person, kind, format,
language and parameters) while a job is still queued or running gives that job back: the
database refuses a second running copy (``exports_one_running_request``).
"""

from __future__ import annotations

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(models.Model):
    AUDIT_ID_FIELD = "uuid"
    uuid = models.UUIDField(unique=True, default=uuid_lib.uuid4, editable=False)
    kind = models.CharField(_("kind of export"), max_length=60)
    format = models.CharField(_("format"), max_length=5)
    language = models.CharField(_("language"), max_length=5)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # SHA-256 of (kind, format, language, parameters): what makes two requests "the same".
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "fingerprint"],
                condition=Q(status__in=["queued", "running"]),
                name="exports_one_running_request",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="exports_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & Q(row_count__isnull=False)),
                name="exports_done_has_hash",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} {self.uuid}"
