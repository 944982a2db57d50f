"""Training before the field (docs/training.md): versioned courses with their quiz, practice
scenarios with a reference answer set, certifications per grid version and channel, and the
confidentiality pledge. A grid version with a `CertificationRequirement` can only be assigned
to observers certified for it (missions asks `selectors.certification_gaps`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel
from raqib.grids.models import GridChannel


class Course(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.code


class CourseVersion(models.Model):
    """A published, immutable version of a course: lessons and quiz bank frozen in `content`
    (a change is a new version; attempts and certifications keep pointing at theirs)."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    content = models.JSONField(_("frozen content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["course", "-number"]
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="training_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course_id} v{self.number}"


class PracticeScenario(TimeStampedModel):
    """A scripted visit on a grid version, with the answers a trained observer must give."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("grid version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    scenario_ar = models.TextField(_("scenario (Arabic)"))
    scenario_fr = models.TextField(_("scenario (French)"))
    reference = models.JSONField(_("reference answers"))
    threshold = models.PositiveSmallIntegerField(_("agreement needed (%)"), default=80)
    # Photos of the scene, like a lesson's images: [{"src", "alt": {"ar", "fr"}}].
    images = models.JSONField(_("photos of the scene"), default=list, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("practice scenario")
        verbose_name_plural = _("practice scenarios")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=100),
                name="training_threshold_percent",
            )
        ]

    def __str__(self) -> str:
        return self.code


class CertificationRequirement(TimeStampedModel):
    """What an observer must pass before being assigned a grid version."""

    grid_version = models.OneToOneField(
        "grids.GridVersion",
        verbose_name=_("grid version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    course_version = models.ForeignKey(
        CourseVersion, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+"
    )
    practice = models.ForeignKey(
        PracticeScenario,
        verbose_name=_("practice scenario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channels = models.JSONField(_("channels certified"), default=list)
    validity_days = models.PositiveIntegerField(_("validity (days)"), default=365)
    # Chosen when the version is published: earlier versions' certifications still count.
    carry_over = models.BooleanField(_("certifications of earlier versions count"), default=False)

    class Meta:
        verbose_name = _("certification requirement")
        verbose_name_plural = _("certification requirements")

    def __str__(self) -> str:
        return str(self.grid_version)


class QuizAttempt(models.Model):
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    course_version = models.ForeignKey(
        CourseVersion, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+"
    )
    # The client's id of the attempt: a retried submission (offline sync) adds nothing.
    client_uuid = models.UUIDField(_("attempt id"), unique=True)
    drawn = models.JSONField(_("questions drawn"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=False) | Q(submitted_at__isnull=False, score__isnull=False),
                name="training_quiz_passed_is_scored",
            )
        ]

    def __str__(self) -> str:
        return str(self.client_uuid)


class PracticeAttempt(models.Model):
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scenario = models.ForeignKey(
        PracticeScenario, verbose_name=_("practice scenario"), on_delete=models.PROTECT
    )
    client_uuid = models.UUIDField(_("attempt id"), unique=True)
    answers = models.JSONField(_("answers"), default=dict)
    agreement = models.JSONField(_("agreement with the reference"), default=dict)
    percent = models.DecimalField(_("agreement (%)"), max_digits=4, decimal_places=1)
    passed = models.BooleanField(_("passed"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("practice attempt")
        verbose_name_plural = _("practice attempts")

    def __str__(self) -> str:
        return str(self.client_uuid)


class CertificationSource(models.TextChoices):
    TRAINING = "training", _("Quiz and practice passed")
    CARRIED_OVER = "carried_over", _("Carried over from an earlier version")
    MANUAL = "manual", _("Granted by a coordinator")


class Certification(models.Model):
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("grid version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    source = models.CharField(_("obtained by"), max_length=20, choices=CertificationSource.choices)
    granted_at = models.DateTimeField(_("granted at"))
    expires_on = models.DateField(_("expires on"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="manual") | ~Q(reason=""),
                name="training_manual_certification_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=GridChannel.values), name="training_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.observer_id}:{self.grid_version_id}:{self.channel}"


class Pledge(models.Model):
    """The confidentiality pledge, signed in the app: who, which text version, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    text_version = models.CharField(_("text version"), max_length=20)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("confidentiality pledge")
        verbose_name_plural = _("confidentiality pledges")
        constraints = [
            models.UniqueConstraint(fields=["user", "text_version"], name="training_pledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.text_version}"


class LessonMedia(models.Model):
    """An image or a PDF a lesson shows or links to, uploaded on the course authoring page.

    Images are kept as re-encoded pixels only (core.images); a PDF is kept as sent, after its
    signature and size are checked. Served at /training-media/<id>/ to signed-in staff and
    observers only (never a public URL); the observer app keeps a copy on the phone."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        PDF = "pdf", _("PDF document")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    file = models.FileField(_("file"), upload_to="training/%Y/%m/")
    size = models.PositiveIntegerField(_("size in bytes"))
    # SHA-256 of what was uploaded (the stored image is a re-encoded copy).
    original_sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("lesson file")
        verbose_name_plural = _("lesson files")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["image", "pdf"]), name="training_media_kind_known"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"/training-media/{self.pk}/"
