"""Requirement referentials (the Marhba label) and the mapping of grid criteria onto them.

A referential is versioned by edition; once published it is immutable, and so is the mapping
of grid criteria onto its requirements (the services refuse the change). The mapping is kept
per grid version: a criterion code means what it meant in the version a report was filled
against.
"""

from __future__ import annotations

import uuid as uuid_lib

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel


class ReferentialStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Referential(TimeStampedModel):
    code = models.CharField(_("code"), max_length=30)
    edition = models.PositiveIntegerField(_("edition"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferentialStatus.choices,
        default=ReferentialStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["code", "-edition"]
        verbose_name = _("requirements referential")
        verbose_name_plural = _("requirements referentials")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="compliance_ref_edition"),
            models.CheckConstraint(
                condition=Q(status__in=ReferentialStatus.values),
                name="compliance_referential_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferentialStatus.DRAFT) | Q(published_at__isnull=False),
                name="compliance_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.edition}"

    @property
    def is_published(self) -> bool:
        return self.status == ReferentialStatus.PUBLISHED


class Chapter(models.Model):
    referential = models.ForeignKey(
        Referential,
        verbose_name=_("referential"),
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    number = models.PositiveIntegerField(_("number"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    placeholder = models.BooleanField(_("to be completed by the department"), default=False)

    class Meta:
        ordering = ["referential", "number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["referential", "number"], name="compliance_chapter_nb")
        ]

    def __str__(self) -> str:
        return f"{self.referential} §{self.number}"


class Requirement(models.Model):
    referential = models.ForeignKey(
        Referential,
        verbose_name=_("referential"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("reference code"), max_length=30)
    text_ar = models.TextField(_("requirement (Arabic)"))
    text_fr = models.TextField(_("requirement (French)"))
    placeholder = models.BooleanField(_("to be completed by the department"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["referential", "position", "code"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["referential", "code"], name="compliance_req_code")
        ]

    def __str__(self) -> str:
        return self.code


class RequirementMapping(models.Model):
    """Criterion `criterion_code` of `grid_version` gives evidence on `requirement`."""

    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("grid version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion_code = models.CharField(_("criterion code"), max_length=64)
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("requirement"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )

    class Meta:
        ordering = ["requirement", "grid_version", "criterion_code"]
        verbose_name = _("criterion mapped to a requirement")
        verbose_name_plural = _("criteria mapped to requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["grid_version", "criterion_code", "requirement"],
                name="compliance_mapping_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_code} → {self.requirement_id}"


class LabelStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    CERTIFIED = "certified", _("Certified")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class LabelChannel(models.TextChoices):
    """The four reception channels the Marhba label covers."""

    CITIZEN_OFFICE = "citizen_office", _("Citizen-relations office")
    TELEPHONE = "telephone", _("Telephone reception")
    FACE_TO_FACE = "face_to_face", _("Face-to-face reception")
    MAIL_REGISTRY = "mail_registry", _("Mail registry")


class LabelHolder(TimeStampedModel):
    """A service point holding (or applying for) the Marhba label."""

    service_point = models.ForeignKey(
        "registry.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    scope = models.JSONField(_("channels covered"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=LabelStatus.choices, default=LabelStatus.CANDIDATE
    )
    # Set when the holder's compliance fell below RAQIB_COMPLIANCE_ALERT_PERCENT and the alert
    # went out; cleared when it is back above, so each fall alerts once.
    below_since = models.DateField(_("below the compliance level since"), null=True, blank=True)
    alert_recommendation = models.ForeignKey(
        "followup.Recommendation",
        verbose_name=_("recommendation drafted by the alert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["service_point", "-id"]
        verbose_name = _("label holder")
        verbose_name_plural = _("label holders")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LabelStatus.values), name="compliance_label_status_valid"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="compliance_certificate_unique",
            ),
            models.CheckConstraint(
                # A candidate, or one withdrawn before certification, has no date yet.
                condition=Q(status__in=[LabelStatus.CANDIDATE, LabelStatus.WITHDRAWN])
                | Q(certified_on__isnull=False),
                name="compliance_certified_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.certificate_number or f"#{self.pk}"


class LabelTransition(models.Model):
    """The history of a holder's status (one row per change, also audited)."""

    holder = models.ForeignKey(
        LabelHolder,
        verbose_name=_("label holder"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=LabelStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["holder", "on", "id"]
        verbose_name = _("label status change")
        verbose_name_plural = _("label status changes")

    def __str__(self) -> str:
        return f"{self.holder_id}: {self.from_status} → {self.to_status}"


class Trait(models.Model):
    """A trait the department decided to record for paired testing (equal treatment), with its
    values. Which traits exist is the department's choice; none is recorded by default."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    # [{"code": "f", "ar": "…", "fr": "…"}, …]: at least two values.
    values = models.JSONField(_("values"), default=list)
    # The value whose holders are the comparison's reference side (e.g. the majority group).
    reference = models.CharField(_("reference value"), max_length=30)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("observer trait")
        verbose_name_plural = _("observer traits")

    def __str__(self) -> str:
        return self.code

    def value_codes(self) -> list[str]:
        return [str(v.get("code")) for v in self.values if isinstance(v, dict)]


class ObserverTrait(models.Model):
    """One observer's value of one trait, recorded with their consent. Kept in its own table,
    apart from the identity, and read only by the department's coordinators and director."""

    observer = models.ForeignKey(
        "accounts.User", verbose_name=_("observer"), on_delete=models.CASCADE, related_name="+"
    )
    trait = models.ForeignKey(
        Trait, verbose_name=_("trait"), on_delete=models.PROTECT, related_name="observer_values"
    )
    value = models.CharField(_("value"), max_length=30)
    consent_on = models.DateField(_("consent given on"))

    class Meta:
        ordering = ["trait", "observer"]
        verbose_name = _("observer trait value")
        verbose_name_plural = _("observer trait values")
        constraints = [
            models.UniqueConstraint(fields=["observer", "trait"], name="compliance_trait_once"),
        ]

    def __str__(self) -> str:
        return f"{self.trait_id}: {self.observer_id}"


def label_document_upload_to(instance: LabelDocument, filename: str) -> str:
    return f"compliance/{instance.uuid}"


class LabelDocument(models.Model):
    """A document of a label holder (certificate, audit report), kept in private storage."""

    AUDIT_ID_FIELD = "uuid"

    uuid = models.UUIDField(unique=True, default=uuid_lib.uuid4)
    holder = models.ForeignKey(
        LabelHolder,
        verbose_name=_("label holder"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=label_document_upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["holder", "-created_at", "-id"]
        verbose_name = _("label document")
        verbose_name_plural = _("label documents")

    def __str__(self) -> str:
        return self.title
