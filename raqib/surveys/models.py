"""Survey waves, the service points they reach (one public token each) and the responses.

A response points at the exact published grid version it was filled against (Kobo's rule):
the answers JSON is read with that version's snapshot, whatever the grid became later.
No personal data is stored: the device and network are kept only as keyed hashes (HMAC with
SECRET_KEY), never the raw cookie or IP address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized
from raqib.core.models import TimeStampedModel


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class ResponseMode(models.TextChoices):
    PUBLIC = "public", _("Public link")
    INTERVIEWER = "interviewer", _("Interviewer")


class ReviewState(models.TextChoices):
    NONE = "", _("Not reviewed")
    RELEASED = "released", _("Released (counted)")
    CONFIRMED = "confirmed", _("Confirmed as suspicious (not counted)")


class SurveyWave(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255)
    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="survey_waves",
    )
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT
    )
    target_responses = models.PositiveIntegerField(
        _("target responses per service point"), default=50
    )
    # Below this many counted answers a figure is "not enough answers", never a number.
    min_sample = models.PositiveIntegerField(
        _("minimum sample"),
        default=30,
        validators=[MinValueValidator(2), MaxValueValidator(10000)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="surveys_wave_period_order"
            ),
            models.CheckConstraint(condition=Q(min_sample__gte=2), name="surveys_wave_min_sample"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_ar, self.title_fr)


class WaveServicePoint(models.Model):
    wave = models.ForeignKey(
        SurveyWave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="points"
    )
    service_point = models.ForeignKey(
        "registry.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        related_name="survey_wave_points",
    )
    # secrets.token_urlsafe(8): 11 URL-safe characters, 64 random bits — short enough for a
    # poster, far too many to guess.
    token = models.CharField(_("link token"), max_length=24, unique=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["wave", "service_point__code"]
        verbose_name = _("service point of a wave")
        verbose_name_plural = _("service points of a wave")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "service_point"], name="surveys_wave_point_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.service_point_id}"


class SurveyResponse(models.Model):
    wave_point = models.ForeignKey(
        WaveServicePoint,
        verbose_name=_("service point of a wave"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    # Denormalised from wave_point: duplicate checks and indices filter on the wave alone.
    # No index of its own: the composite indexes below all start with it.
    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("wave"),
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    grid_version = models.ForeignKey(
        "grids.GridVersion",
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict)
    # SHA-256 of the canonical answers: finds identical ballots without comparing JSON.
    # Looked up with the wave and network only (index below): no index of its own.
    answers_hash = models.CharField(_("answers fingerprint"), max_length=64)
    language = models.CharField(_("language"), max_length=5, default="ar")
    submitted_at = models.DateTimeField(_("submitted at"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    mode = models.CharField(
        _("mode"), max_length=12, choices=ResponseMode.choices, default=ResponseMode.PUBLIC
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index below: most answers have none
    )
    quarantined = models.BooleanField(_("quarantined"), default=False)
    # False while the rules that compare it with the wave's other answers have not run yet
    # (services/screening.py): such an answer is held out (quarantined) until then.
    screened = models.BooleanField(_("screened"), default=True, db_default=True)
    quarantine_reasons = models.JSONField(_("quarantine reasons"), default=list, blank=True)
    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default="", blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index below: most answers have none
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    device_hash = models.CharField(_("device fingerprint"), max_length=64, blank=True)
    network_hash = models.CharField(_("network fingerprint"), max_length=64, blank=True)
    client_uuid = models.UUIDField(_("submission id"), unique=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        # Every index is paid for by each citizen's answer (inserted, then screened): only
        # those a query needs (docs/benchmarks.md, survey ingestion).
        indexes = [
            models.Index(fields=["wave", "device_hash"]),
            models.Index(fields=["wave", "network_hash", "submitted_at"]),
            models.Index(
                fields=["id"], condition=Q(screened=False), name="surveys_response_waiting"
            ),
            models.Index(
                fields=["interviewer"],
                condition=Q(interviewer__isnull=False),
                name="surveys_response_interviewer",
            ),
            models.Index(
                fields=["reviewed_by"],
                condition=Q(reviewed_by__isnull=False),
                name="surveys_response_reviewer",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(mode="public") & Q(interviewer__isnull=True))
                | (Q(mode="interviewer") & Q(interviewer__isnull=False)),
                name="surveys_response_interviewer_iff_mode",
            ),
            models.CheckConstraint(
                condition=~Q(review_state="released") | Q(quarantined=False),
                name="surveys_response_released_counts",
            ),
            models.CheckConstraint(
                condition=Q(screened=True) | Q(quarantined=True),
                name="surveys_response_unscreened_held",
            ),
        ]

    def __str__(self) -> str:
        return f"response {self.pk}"


class WavePointTally(models.Model):
    """Running totals of one wave point's counted answers (not quarantined, or released).

    Kept up to date in the same transaction as the submission or the release, with F()
    increments, so dashboards read a few rows instead of a million answers. The sums are of
    SAT_OVERALL rescaled to 0–100; `indices.figure_from_sums` turns them into the index.
    `rebuild_survey_tallies` recomputes them from the answers.
    """

    wave_point = models.OneToOneField(
        WaveServicePoint,
        verbose_name=_("service point of a wave"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally",
    )
    responses = models.PositiveIntegerField(_("counted responses"), default=0)
    overall_n = models.PositiveIntegerField(_("overall satisfaction answers"), default=0)
    overall_sum = models.FloatField(_("sum of overall satisfaction (0–100)"), default=0.0)
    overall_sumsq = models.FloatField(
        _("sum of squares of overall satisfaction (0–100)"), default=0.0
    )
    satisfied = models.PositiveIntegerField(_("satisfied (4 or 5)"), default=0)
    dissatisfied = models.PositiveIntegerField(_("dissatisfied (1 or 2)"), default=0)

    # The running counters, in one place for the increments, the rebuild and the selector.
    COUNTERS = (
        "responses",
        "overall_n",
        "overall_sum",
        "overall_sumsq",
        "satisfied",
        "dissatisfied",
    )

    class Meta:
        verbose_name = _("tally of a wave point")
        verbose_name_plural = _("tallies of wave points")

    def __str__(self) -> str:
        return f"tally {self.wave_point_id}: {self.responses}"


class CommentFlag(models.Model):
    """A citizen's free comment that a staff member flags for the integrity officers.

    The flag holds no copy of the comment; an integrity officer may open a case from it
    (`handled_*` then records that it was taken up, without saying what became of it).
    """

    response = models.OneToOneField(
        SurveyResponse,
        verbose_name=_("survey response"),
        on_delete=models.PROTECT,
        related_name="comment_flag",
    )
    reason = models.CharField(_("why it is flagged"), max_length=300)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flagged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken up by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("taken up at"), null=True, blank=True)

    class Meta:
        ordering = ["flagged_at", "id"]
        verbose_name = _("flagged comment")
        verbose_name_plural = _("flagged comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True, handled_by__isnull=True)
                | Q(handled_at__isnull=False, handled_by__isnull=False),
                name="surveys_comment_flag_handled_both",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="surveys_comment_flag_reason_given"
            ),
        ]

    def __str__(self) -> str:
        return f"flag {self.response_id}"
