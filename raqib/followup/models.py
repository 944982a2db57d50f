"""Recommendations to public bodies, their action plans, verification on the ground, and the
register of simplification measures (the team's third mission)."""

from __future__ import annotations

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized
from raqib.core.models import TimeStampedModel


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the body")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PLAN_PROPOSED = "plan_proposed", _("Action plan proposed")
    PLAN_SENT_BACK = "plan_sent_back", _("Action plan sent back")
    PLAN_ACCEPTED = "plan_accepted", _("Action plan accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented (claimed)")
    VERIFIED_EFFECTIVE = "verified_effective", _("Verified effective")
    VERIFIED_NOT_EFFECTIVE = "verified_not_effective", _("Verified not effective")
    CLOSED = "closed", _("Closed")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Source(models.TextChoices):
    FINDINGS = "findings", _("Findings of validated reports")
    CRITICAL = "critical", _("A critical finding")
    PATTERN = "pattern", _("A criterion failing across a body")
    SURVEY = "survey", _("A survey driver to fix first")
    FREE = "free", _("Written freely")


class Basis(models.TextChoices):
    NONE = "", _("None")
    MARHBA = "marhba", _("Marhba label requirement")
    CIRCULAR = "circular", _("Circular")
    DECREE = "decree", _("Decree")
    LAW = "law", _("Law")
    OTHER = "other", _("Other reference")


class Outcome(models.TextChoices):
    NONE = "", _("Not yet known")
    EFFECTIVE = "effective", _("Verified effective")
    NOT_EFFECTIVE = "not_effective", _("Verified not effective")
    WITHDRAWN = "withdrawn", _("Withdrawn by the department")


class Recommendation(TimeStampedModel):
    ref = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("recommendation"))
    body = models.ForeignKey(
        "registry.PublicBody",
        verbose_name=_("public body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_points = models.ManyToManyField(
        "registry.ServicePoint", verbose_name=_("service points"), blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_date = models.DateField(_("due date"))
    basis = models.CharField(
        _("legal or referential basis"), max_length=20, choices=Basis.choices, blank=True
    )
    basis_reference = models.CharField(_("reference of the basis"), max_length=255, blank=True)
    evidence_summary = models.TextField(_("figures behind it"), blank=True)
    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("grid version of the linked criteria"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Codes of the grid criteria the recommendation is about: verification visits score them.
    criteria = models.JSONField(_("linked criteria"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    plan_accepted_at = models.DateTimeField(_("plan accepted at"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implementation claimed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # What the public page shows once the department publishes a verified improvement: written
    # for citizens in both languages (the recommendation's own text is for the body).
    public_title_ar = models.CharField(_("public title (Arabic)"), max_length=255, blank=True)
    public_title_fr = models.CharField(_("public title (French)"), max_length=255, blank=True)
    public_summary_ar = models.TextField(_("what changed, for citizens (Arabic)"), blank=True)
    public_summary_fr = models.TextField(_("what changed, for citizens (French)"), blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    # The frozen verification: before/after per criterion and the test used (see
    # docs/followup.md); written once when the verification visits are all validated.
    verification = models.JSONField(_("verification result"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="followup_recommendation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="followup_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="followup_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="followup_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(outcome="effective"),
                name="followup_only_effective_published",
            ),
            models.CheckConstraint(
                condition=Q(status=RecommendationStatus.DRAFT) | Q(sent_at__isnull=False),
                name="followup_sent_has_date",
            ),
        ]
        indexes = [models.Index(fields=["body", "status"]), models.Index(fields=["due_date"])]

    def __str__(self) -> str:
        return self.ref

    @property
    def public_title(self) -> str:
        return localized(self.public_title_ar, self.public_title_fr)

    @property
    def public_summary(self) -> str:
        return localized(self.public_summary_ar, self.public_summary_fr)

    @property
    def is_overdue(self) -> bool:
        return self.status in AWAITING_BODY and self.due_date < timezone.localdate()


# Statuses in which the body still owes something (an answer, a plan, the implementation):
# past the due date they are overdue. A plan proposed waits for the department, not the body.
AWAITING_BODY = frozenset(
    {
        RecommendationStatus.SENT,
        RecommendationStatus.ACKNOWLEDGED,
        RecommendationStatus.PLAN_SENT_BACK,
        RecommendationStatus.PLAN_ACCEPTED,
        RecommendationStatus.IN_PROGRESS,
    }
)


class RecommendationFinding(models.Model):
    """A validated report the recommendation rests on (never its observer)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="findings"
    )
    report = models.ForeignKey("missions.Report", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("finding behind a recommendation")
        verbose_name_plural = _("findings behind recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "report"], name="followup_finding_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}:{self.report_id}"


class PlannedAction(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("planned date"))

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "position"], name="followup_action_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}:{self.position}"


class Side(models.TextChoices):
    DEPARTMENT = "department", _("Department of Public Service Quality")
    BODY = "body", _("Public body")


class EntryKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROGRESS = "progress", _("Progress report")
    EVENT = "event", _("Status change")


class RecommendationEntry(models.Model):
    """The thread between the department and the body: comments, progress, status changes.

    Shown by side (department / body), never by person: a body never learns who in the
    department wrote, and nothing here can carry an observer.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    event = models.CharField(_("event"), max_length=30, blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange on a recommendation")
        verbose_name_plural = _("exchanges on recommendations")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="followup_entry_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="followup_entry_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}:{self.pk}"


def file_upload_to(instance: RecommendationFile, filename: str) -> str:
    return f"followup/{instance.uuid}"


class RecommendationFile(models.Model):
    AUDIT_ID_FIELD = "uuid"

    uuid = models.UUIDField(unique=True, default=uuid_lib.uuid4)
    entry = models.ForeignKey(RecommendationEntry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("file of a recommendation")
        verbose_name_plural = _("files of recommendations")

    def __str__(self) -> str:
        return self.name


class VerificationMission(models.Model):
    """A mission created to check on the ground that an implemented recommendation works."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="verifications"
    )
    mission = models.OneToOneField("missions.Mission", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("verification visit")
        verbose_name_plural = _("verification visits")

    def __str__(self) -> str:
        return f"{self.recommendation_id}:{self.mission_id}"


class SimplificationMeasure(TimeStampedModel):
    """A decided reform or simplification, and what a citizen should observe once in force."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    in_force_on = models.DateField(_("in force from"))
    bodies = models.ManyToManyField(
        "registry.PublicBody", verbose_name=_("bodies concerned"), related_name="+"
    )
    categories = models.ManyToManyField(
        "registry.ServiceCategory",
        verbose_name=_("service categories concerned"),
        blank=True,
        related_name="+",
    )
    observable_ar = models.TextField(_("what a citizen should observe (Arabic)"))
    observable_fr = models.TextField(_("what a citizen should observe (French)"))
    grid = models.ForeignKey(
        "grids.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+"
    )
    # Codes of the criteria that check the measure, in every version of the grid that has them.
    criteria = models.JSONField(_("criteria that check it"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("simplification measure")
        verbose_name_plural = _("simplification measures")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self.title_ar, self.title_fr)

    @property
    def observable(self) -> str:
        return localized(self.observable_ar, self.observable_fr)
