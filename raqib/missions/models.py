"""Missions (who visits which point, with which grid, when), observer reports and evidence.

A report always points at its mission, and the mission at the exact published grid version,
so an answer recorded today is read and scored against the grid it was filled with, forever.
Review events are audit events (raqib.audit), not a table of their own.
"""

from __future__ import annotations

import secrets
import uuid as uuid_lib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel
from raqib.grids.models import GridChannel, GridVersion
from raqib.registry.models import ServicePoint

# No 0/O, 1/I/L: codes are read aloud on the phone and copied by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_mission_code() -> str:
    return "M-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class MissionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VALIDATED = "validated", _("Validated")
    CANCELLED = "cancelled", _("Cancelled")


class Mission(TimeStampedModel):
    code = models.CharField(_("mission code"), max_length=12, unique=True)
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        related_name="missions",
    )
    grid_version = models.ForeignKey(
        GridVersion,
        verbose_name=_("grid version"),
        on_delete=models.PROTECT,
        related_name="missions",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="missions",
        null=True,
        blank=True,
    )
    window_start = models.DateTimeField(_("window start"))
    window_end = models.DateTimeField(_("window end"))
    campaign = models.CharField(_("campaign"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MissionStatus.choices, default=MissionStatus.PLANNED
    )
    # The other mission of an equal-treatment pair (both rows point at each other).
    pair = models.OneToOneField(
        "self",
        verbose_name=_("paired mission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Bumped by every transition: a form posted against an older version is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-window_start", "code"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")),
                name="missions_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MissionStatus.values), name="missions_status_valid"
            ),
            # Only a planned (or cancelled) mission may lack an observer.
            models.CheckConstraint(
                condition=Q(observer__isnull=False)
                | Q(status__in=[MissionStatus.PLANNED, MissionStatus.CANCELLED]),
                name="missions_observer_when_assigned",
            ),
            models.CheckConstraint(condition=~Q(pair=models.F("id")), name="missions_not_own_pair"),
        ]
        indexes = [models.Index(fields=["observer", "status"])]

    def __str__(self) -> str:
        return self.code


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VALIDATED = "validated", _("Validated")


class Report(TimeStampedModel):
    # Known outside (phone, audit trail, published file) by its UUID, not its row id.
    AUDIT_ID_FIELD = "uuid"
    uuid = models.UUIDField(_("report identifier"), unique=True, default=uuid_lib.uuid4)
    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, related_name="reports"
    )
    # Who wrote it: after a reassignment the old report stays with its author, inactive.
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="mission_reports",
    )
    is_active = models.BooleanField(_("current report of the mission"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    started_at = models.DateTimeField(_("visit started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("visit ended at"), null=True, blank=True)
    device_time = models.DateTimeField(_("device clock when sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received by the server at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    location_consent = models.BooleanField(_("location shared with consent"), default=False)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_accuracy = models.FloatField(_("location accuracy (m)"), null=True, blank=True)
    anomalies = models.JSONField(_("anomalies"), default=list, blank=True)
    coordinator_comment = models.TextField(_("coordinator's comment"), blank=True)
    # Frozen at validation with the mission's exact grid version (scoring.score_report).
    score = models.JSONField(_("frozen score"), null=True, blank=True)
    score_out_of_100 = models.DecimalField(
        _("score out of 100"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    critical = models.BooleanField(_("critical finding"), default=False)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # Bumped by every write of the content or the status: the phone sends the version it
    # last saw (If-Match) and a write based on an older one is refused (412 stale_version).
    version = models.PositiveIntegerField(_("version"), default=0)
    # The phone's own tag of the content it sent (Raqib-Revision header): lets the phone
    # tell "the server holds what I sent" from "the server holds something else".
    client_revision = models.CharField(_("client revision"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(is_active=True),
                name="missions_one_active_report",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="missions_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(location_consent=True)
                | Q(latitude__isnull=True, longitude__isnull=True),
                name="missions_location_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(score_out_of_100__isnull=True)
                | Q(score_out_of_100__gte=0, score_out_of_100__lte=100),
                name="missions_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission.code} / {self.uuid}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ReportCorrection(models.Model):
    """An observer's correction of a report already submitted, awaiting the coordinator.

    Holds only what changes (answers by criterion code, None = cleared; notes when changed),
    against the report version the phone saw. Accepting it applies it to the report.
    """

    uuid = models.UUIDField(_("correction identifier"), unique=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="corrections"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    base_version = models.PositiveIntegerField(_("report version seen by the phone"))
    answers = models.JSONField(_("changed answers"), default=dict, blank=True)
    notes = models.TextField(_("proposed notes"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report correction")
        verbose_name_plural = _("report corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CorrectionStatus.values),
                name="missions_correction_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


def evidence_upload_to(instance: Any, filename: str) -> str:
    # A random directory: paths are never guessable, even knowing the photo's uuid.
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        instance.content_type, "bin"
    )
    return f"evidence/{secrets.token_hex(16)}/{instance.uuid}.{ext}"


class Evidence(models.Model):
    # Known outside (phone, audit trail, published file) by its UUID, not its row id.
    AUDIT_ID_FIELD = "uuid"
    uuid = models.UUIDField(_("photo identifier"), unique=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="evidence"
    )
    criterion = models.CharField(_("criterion code"), max_length=80)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png", "image/webp"]),
                name="missions_evidence_image_types",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)
