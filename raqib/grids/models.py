"""Evaluation grids and their versions.

A grid version is a draft until published. While it is a draft its content lives in editable
rows (Section, Criterion, ChoiceList, Choice); publishing freezes it into `snapshot` (the JSON
contract every other app reads, see README-dev.md) with a SHA-256 `content_hash`. From then on
the rows are never read again and nothing may change: services refuse, and — defence in
depth, for the admin or any future code path — the models refuse too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized_field
from raqib.core.models import TimeStampedModel

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_.-]*$",
    _("Use letters, digits, '_', '.' or '-', starting with a letter or '_'."),
)
# Choice names are answer values, not identifiers: "1"…"5" (the Likert scales of KoboToolbox
# forms) are valid.
CHOICE_NAME_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$",
    _("Use letters, digits, '_', '.' or '-', starting with a letter, a digit or '_'."),
)


class FrozenVersionError(ValidationError):
    """Raised when anything tries to change a version that is no longer a draft."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This grid version is published or retired: it cannot be changed. "
                "Clone it into a new draft."
            ),
            code="frozen",
        )


class GridKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation grid")
    SURVEY = "survey", _("Satisfaction survey")


class GridChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In-person visit")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Website or e-service")
    POSTAL = "postal", _("Postal mail")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    YES_NO_NA = "yes_no_na", _("Yes / no / not applicable")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo")


class Unit(models.TextChoices):
    NONE = "", _("No unit")
    MINUTES = "minutes", _("Minutes")
    RINGS = "rings", _("Rings")
    WORKING_DAYS = "working_days", _("Working days")


_bilingual = localized_field


class Grid(TimeStampedModel):
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[CODE_VALIDATOR])
    kind = models.CharField(
        _("kind"), max_length=20, choices=GridKind.choices, default=GridKind.EVALUATION
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    conformity_threshold = models.FloatField(
        _("conformity threshold (out of 10)"), default=7.0, validators=[MinValueValidator(0)]
    )
    critical_cap = models.FloatField(
        _("score cap on a critical finding (out of 100)"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        constraints = [
            models.CheckConstraint(
                condition=Q(conformity_threshold__gte=0, conformity_threshold__lte=10),
                name="grids_grid_threshold_0_10",
            ),
            models.CheckConstraint(
                condition=Q(critical_cap__isnull=True)
                | Q(critical_cap__gte=0, critical_cap__lte=100),
                name="grids_grid_cap_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def title(self) -> str:
        return _bilingual(self, "title")

    @property
    def description(self) -> str:
        return _bilingual(self, "description")


class GridVersion(TimeStampedModel):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    snapshot = models.JSONField(_("frozen content"), null=True, blank=True, editable=False)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
    )

    class Meta:
        ordering = ["grid__code", "-number"]
        verbose_name = _("grid version")
        verbose_name_plural = _("grid versions")
        constraints = [
            models.UniqueConstraint(fields=["grid", "number"], name="grids_version_unique_number"),
            # One draft at a time per grid: two concurrent drafts would fork the history.
            models.UniqueConstraint(
                fields=["grid"],
                condition=Q(status="draft"),
                name="grids_version_one_draft_per_grid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (~Q(content_hash="") & Q(snapshot__isnull=False) & Q(published_at__isnull=False)),
                name="grids_version_frozen_has_hash",
            ),
            models.CheckConstraint(
                condition=~Q(status="retired") | Q(retired_at__isnull=False),
                name="grids_version_retired_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grid.code} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Defence in depth: the services never do this, but the admin or a careless script
        # must not be able to rewrite what reports were scored against.
        if self.pk is not None:
            stored = (
                GridVersion.objects.filter(pk=self.pk)
                .values("status", "snapshot", "content_hash", "grid_id", "number")
                .first()
            )
            if (
                stored is not None
                and stored["status"] != VersionStatus.DRAFT
                and (
                    stored["snapshot"] != self.snapshot
                    or stored["content_hash"] != self.content_hash
                    or stored["grid_id"] != self.grid_id
                    or stored["number"] != self.number
                    or self.status == VersionStatus.DRAFT
                )
            ):
                raise FrozenVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if (
            self.pk is not None
            and GridVersion.objects.filter(pk=self.pk).exclude(status=VersionStatus.DRAFT).exists()
        ):
            raise FrozenVersionError()
        return super().delete(*args, **kwargs)


class DraftRowMixin(models.Model):
    """Rows that exist only to edit a draft; they refuse writes once the version is frozen."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._ensure_draft_row()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._ensure_draft_row()
        return super().delete(*args, **kwargs)

    def _version_id(self) -> int | None:
        return getattr(self, "version_id", None)

    def _ensure_draft_row(self) -> None:
        version_id = self._version_id()
        if (
            version_id is not None
            and not GridVersion.objects.filter(pk=version_id, status=VersionStatus.DRAFT).exists()
        ):
            raise FrozenVersionError()


class Section(DraftRowMixin):
    version = models.ForeignKey(
        GridVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(_("code"), max_length=64, validators=[CODE_VALIDATOR])
    label_ar = models.CharField(_("label (Arabic)"), max_length=255)
    label_fr = models.CharField(_("label (French)"), max_length=255)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="grids_section_unique_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="grids_section_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def label(self) -> str:
        return _bilingual(self, "label")


class ChoiceList(DraftRowMixin):
    version = models.ForeignKey(
        GridVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="choice_lists",
    )
    name = models.CharField(_("name"), max_length=64, validators=[CODE_VALIDATOR])

    class Meta:
        ordering = ["version", "name"]
        verbose_name = _("choice list")
        verbose_name_plural = _("choice lists")
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="grids_choicelist_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Choice(DraftRowMixin):
    choice_list = models.ForeignKey(
        ChoiceList, verbose_name=_("choice list"), on_delete=models.CASCADE, related_name="choices"
    )
    name = models.CharField(_("name"), max_length=64, validators=[CHOICE_NAME_VALIDATOR])
    label_ar = models.CharField(_("label (Arabic)"), max_length=255)
    label_fr = models.CharField(_("label (French)"), max_length=255)
    score = models.FloatField(_("score (0 to 1)"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["choice_list", "position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["choice_list", "name"], name="grids_choice_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="grids_choice_score_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def _version_id(self) -> int | None:
        if self.choice_list_id is None:
            return None
        return (
            ChoiceList.objects.filter(pk=self.choice_list_id)
            .values_list("version_id", flat=True)
            .first()
        )

    @property
    def label(self) -> str:
        return _bilingual(self, "label")


class Criterion(DraftRowMixin):
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="criteria"
    )
    # Denormalised from the section so that the database enforces unique codes per version.
    version = models.ForeignKey(
        GridVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=64, validators=[CODE_VALIDATOR])
    label_ar = models.TextField(_("label (Arabic)"))
    label_fr = models.TextField(_("label (French)"))
    guidance_ar = models.TextField(_("guidance for the observer (Arabic)"), blank=True)
    guidance_fr = models.TextField(_("guidance for the observer (French)"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    required = models.BooleanField(_("required"), default=True)
    relevant = models.TextField(_("relevance condition"), blank=True)
    negative = models.BooleanField(_("negatively worded (yes is bad)"), default=False)
    scale_min = models.IntegerField(_("scale minimum"), null=True, blank=True)
    scale_max = models.IntegerField(_("scale maximum"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True, default="")
    bands = models.JSONField(_("score bands"), null=True, blank=True)
    choice_list = models.ForeignKey(
        ChoiceList,
        verbose_name=_("choice list"),
        null=True,
        blank=True,
        # RESTRICT, not PROTECT: deleting a whole draft version cascades through both paths.
        on_delete=models.RESTRICT,
        related_name="criteria",
    )
    critical = models.BooleanField(_("critical"), default=False)
    photo_required_when = models.JSONField(
        _("photo required when the answer is"), default=list, blank=True
    )
    reference = models.CharField(_("reference to a standard"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["version", "section__position", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="grids_criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="grids_criterion_weight_gte_0"),
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_min__lt=F("scale_max")),
                name="grids_criterion_scale_min_lt_max",
            ),
            models.CheckConstraint(
                condition=Q(answer_type__in=[c.value for c in AnswerType]),
                name="grids_criterion_answer_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def label(self) -> str:
        return _bilingual(self, "label")

    @property
    def guidance(self) -> str:
        return _bilingual(self, "guidance")

    def clean(self) -> None:
        if (
            self.section_id is not None
            and self.version_id is not None
            and (
                Section.objects.filter(pk=self.section_id)
                .values_list("version_id", flat=True)
                .first()
                != self.version_id
            )
        ):
            raise ValidationError({"section": _("The section belongs to another version.")})
        if (
            self.choice_list_id is not None
            and self.version_id is not None
            and (
                ChoiceList.objects.filter(pk=self.choice_list_id)
                .values_list("version_id", flat=True)
                .first()
                != self.version_id
            )
        ):
            raise ValidationError({"choice_list": _("The choice list belongs to another version.")})
