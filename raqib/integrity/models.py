"""Integrity case files: restricted, encrypted, every read audited (docs/integrity.md)."""

from __future__ import annotations

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel

from .crypto import EncryptedTextField


class Category(models.TextChoices):
    EXTORTION = "extortion", _("Extortion (a bribe asked)")
    FAVOURITISM = "favouritism", _("Favouritism")
    ABUSE_OF_INFLUENCE = "abuse_of_influence", _("Abuse of influence")
    BREACH_OF_EQUALITY = "breach_of_equality", _("Breach of equality")
    BREACH_OF_TRANSPARENCY = "breach_of_transparency", _("Breach of transparency")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    REFERRED = "referred", _("Referred")
    OUTCOME_RECEIVED = "outcome_received", _("Outcome received")
    CLOSED = "closed", _("Closed")
    CLOSED_WITHOUT_REFERRAL = "closed_without_referral", _("Closed without referral")


CLOSED = (CaseStatus.CLOSED, CaseStatus.CLOSED_WITHOUT_REFERRAL)


class Origin(models.TextChoices):
    REPORT = "report", _("Validated report")
    MANUAL = "manual", _("Opened by an integrity officer")
    EXTERNAL = "external", _("External signal")
    SURVEY_COMMENT = "survey_comment", _("Flagged survey comment")


class Case(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    # Encrypted at rest (crypto.EncryptedTextField): facts and the closing reason.
    facts = EncryptedTextField(_("facts"), blank=True)
    closing_reason = EncryptedTextField(_("reason for closing without referral"), blank=True)
    body = models.ForeignKey(
        "registry.PublicBody",
        verbose_name=_("public body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_point = models.ForeignKey(
        "registry.ServicePoint",
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("date of the facts"), null=True, blank=True)
    place_of_facts = models.CharField(_("place"), max_length=255, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH
    )
    status = models.CharField(
        _("status"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    # The observer who reported it: shown by pseudonym only; the identity needs a reveal.
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The report that opened it automatically: one case per report at most.
    origin_report = models.OneToOneField(
        "missions.Report",
        verbose_name=_("report that opened the case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The citizen's comment a staff member flagged, when the case was opened from it.
    origin_comment = models.OneToOneField(
        "surveys.CommentFlag",
        verbose_name=_("flagged survey comment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    criteria = models.JSONField(_("integrity criteria failed"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("integrity case")
        verbose_name_plural = _("integrity cases")

    def __str__(self) -> str:
        return self.reference


class CaseAssignment(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("integrity case"), on_delete=models.CASCADE, related_name="assignments"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("integrity officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "officer"], name="integrity_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.officer_id}"


class CaseFact(models.Model):
    """Facts learnt after opening: dated additions, never edits (the first account stays)."""

    case = models.ForeignKey(
        Case, verbose_name=_("integrity case"), on_delete=models.CASCADE, related_name="facts_added"
    )
    text = EncryptedTextField(_("facts"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("added facts")
        verbose_name_plural = _("added facts")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.pk}"


class CaseReport(models.Model):
    case = models.ForeignKey(
        Case,
        verbose_name=_("integrity case"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )
    report = models.ForeignKey(
        "missions.Report", verbose_name=_("report"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("linked report")
        verbose_name_plural = _("linked reports")
        constraints = [
            models.UniqueConstraint(fields=["case", "report"], name="integrity_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.report_id}"


def evidence_path(instance: CaseEvidence, filename: str) -> str:
    return f"integrity/{instance.case_id}/{instance.uuid}.bin"


class CaseEvidence(models.Model):
    AUDIT_ID_FIELD = "uuid"

    uuid = models.UUIDField(_("file identifier"), unique=True, default=uuid_lib.uuid4)
    case = models.ForeignKey(
        Case, verbose_name=_("integrity case"), on_delete=models.CASCADE, related_name="evidence"
    )
    # The stored bytes are a Fernet token; name, type, size and hash describe the plaintext.
    file = models.FileField(_("encrypted file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case evidence")
        verbose_name_plural = _("case evidence")

    def __str__(self) -> str:
        return self.name


class RevealStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class IdentityReveal(models.Model):
    """The identity custodian: an officer asks with a reason, the director decides."""

    case = models.ForeignKey(
        Case, verbose_name=_("integrity case"), on_delete=models.CASCADE, related_name="reveals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevealStatus.choices, default=RevealStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("identity reveal")
        verbose_name_plural = _("identity reveals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decided_by__isnull=False),
                name="integrity_reveal_approved_has_decider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.status}"


class Referral(models.Model):
    """A case sent to a competent authority, with its letter (rendered on demand)."""

    case = models.ForeignKey(
        Case, verbose_name=_("integrity case"), on_delete=models.CASCADE, related_name="referrals"
    )
    authority = models.CharField(_("competent authority"), max_length=40)
    language = models.CharField(
        _("language of the letter"), max_length=2, choices=[("ar", "العربية"), ("fr", "Français")]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)
    # Follow-up (docs/integrity.md): the authority's acknowledgement, then its outcome.
    acknowledged_on = models.DateField(_("acknowledgement received on"), null=True, blank=True)
    outcome_on = models.DateField(_("outcome received on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome_on__isnull=True)
                | models.Q(
                    acknowledged_on__isnull=False, outcome_on__gte=models.F("acknowledged_on")
                ),
                name="integrity_referral_outcome_after_ack",
            ),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.authority}"


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model of this app with its encrypted fields (key rotation, plaintext tests)."""
    from django.apps import apps

    found = []
    for model in apps.get_app_config("integrity").get_models():
        names = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found
