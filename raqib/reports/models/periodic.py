"""Published activity reports: immutable snapshots (file + hash + parameters + figures)."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class PeriodicReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Published")
    FAILED = "failed", _("Failed")


class PublishedReportError(Exception):
    """A published (done) activity report is an immutable snapshot: no change, no deletion."""


class PeriodicReportQuerySet(models.QuerySet["PeriodicReport"]):
    def _refuse_published(self) -> None:
        if self.filter(status=PeriodicReportStatus.DONE).exists():
            raise PublishedReportError("A published activity report cannot be changed.")

    def update(self, **kwargs: Any) -> int:
        self._refuse_published()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_published()
        return super().delete()


class PeriodicReport(models.Model):
    # Known outside (phone, audit trail, published file) by its UUID, not its row id.
    AUDIT_ID_FIELD = "uuid"
    uuid = models.UUIDField(unique=True, default=uuid_lib.uuid4, editable=False)
    # "2026-S1", "2026-9M", "2026", or "custom"
    period_label = models.CharField(_("period"), max_length=20)
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    language = models.CharField(_("language"), max_length=5)
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    # Everything that decided the content (filters, target, method versions): reproducible.
    parameters = models.JSONField(_("parameters"), default=dict)
    # The figures the file was built from, frozen with it: they never drift.
    figures = models.JSONField(_("figures"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PeriodicReportStatus.choices,
        default=PeriodicReportStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="reports/", max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="reports_period"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(sha256=""), name="reports_done_has_hash"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} {self.language} {self.format}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The move to "done" is the last save a report gets: after it, figures never drift.
        if self._published_in_db():
            raise PublishedReportError("A published activity report cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._published_in_db():
            raise PublishedReportError("A published activity report cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _published_in_db(self) -> bool:
        return (
            self.pk is not None
            and type(self)
            ._base_manager.filter(pk=self.pk, status=PeriodicReportStatus.DONE)
            .exists()
        )
