"""Coverage campaigns planned under a budget (docs/planning.md).

A campaign holds the period, the budget (millimes), the targets, the grids per channel, the
cost model and the risk weights (snapshots of the settings, editable per campaign), the
observers available with their capacity, the mandatory items and the complaints imported for
its points. Each solve is a `PlanRun` (a background task with its progress); its plan is a set
of `PlannedVisit` rows, turned into missions in one step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from raqib.core.models import TimeStampedModel
from raqib.grids.models import GridVersion
from raqib.missions.models import Mission
from raqib.registry.models import Governorate, ServicePoint


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PLANNED = "planned", _("Plan ready")
    LAUNCHED = "launched", _("Missions created")


def _fraction(name: str) -> Q:
    return Q(**{f"{name}__gte": 0}) & Q(**{f"{name}__lte": 1})


class Campaign(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.PositiveBigIntegerField(_("budget (millimes)"))
    target_coverage = models.DecimalField(
        _("coverage target"), max_digits=4, decimal_places=3, default=0.8
    )
    target_interior = models.DecimalField(
        _("coverage target in the interior regions"), max_digits=4, decimal_places=3, default=0.8
    )
    governorate_floor = models.DecimalField(
        _("minimum coverage in every governorate"), max_digits=4, decimal_places=3, default=0.5
    )
    min_in_person = models.DecimalField(
        _("minimum share of in-person visits"), max_digits=4, decimal_places=3, default=0.6
    )
    governorates = models.ManyToManyField(
        Governorate,
        verbose_name=_("governorates covered (none chosen: the whole country)"),
        blank=True,
        related_name="+",
    )
    grid_in_person = models.ForeignKey(
        GridVersion,
        verbose_name=_("grid for in-person visits"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid_phone = models.ForeignKey(
        GridVersion,
        verbose_name=_("grid for telephone visits"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grid_web = models.ForeignKey(
        GridVersion,
        verbose_name=_("grid for website and e-mail visits"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Snapshots of the settings when the campaign was created, editable per campaign.
    cost_model = models.JSONField(_("cost model"), default=dict, blank=True)
    risk_weights = models.JSONField(_("priority weights"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("synthetic demo data"), default=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("coverage campaign")
        verbose_name_plural = _("coverage campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="planning_campaign_period"
            ),
            models.CheckConstraint(
                condition=_fraction("target_coverage")
                & _fraction("target_interior")
                & _fraction("governorate_floor")
                & _fraction("min_in_person"),
                name="planning_campaign_fractions",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignObserver(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="observers"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    per_week = models.PositiveSmallIntegerField(_("missions per week"), default=8)
    days_per_week = models.PositiveSmallIntegerField(_("field days per week"), default=3)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_to = models.DateField(_("available until"), null=True, blank=True)
    remote = models.BooleanField(_("works remotely (telephone, e-mail, web)"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("observer of the campaign")
        verbose_name_plural = _("observers of the campaign")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "observer"], name="planning_one_row_per_observer"
            ),
            models.CheckConstraint(
                condition=Q(per_week__gte=1, per_week__lte=40), name="planning_per_week_range"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=0, days_per_week__lte=5),
                name="planning_days_per_week_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.observer_id}"


class ItemReason(models.TextChoices):
    REPEAT = "repeat", _("Repeat visits")
    VERIFICATION = "verification", _("Verification of an implemented recommendation")
    LABEL_FOLLOW_UP = "label_follow_up", _("Marhba label follow-up")
    CHOSEN = "chosen", _("Chosen by the coordinator")


class CampaignItem(models.Model):
    """A point the plan must include, with how many visits (by distinct observers)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="items"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    visit_count = models.PositiveSmallIntegerField(_("number of visits"), default=1)
    reason = models.CharField(_("reason"), max_length=20, choices=ItemReason.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mandatory item")
        verbose_name_plural = _("mandatory items")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "service_point"], name="planning_one_item_per_point"
            ),
            models.CheckConstraint(
                condition=Q(visit_count__gte=1, visit_count__lte=10),
                name="planning_item_visits_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.service_point_id} × {self.visit_count}"


class Complaint(models.Model):
    """Complaints received about a point (imported from a CSV: a count per point)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="complaints"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("complaints"))

    class Meta:
        verbose_name = _("complaint count")
        verbose_name_plural = _("complaint counts")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "service_point"], name="planning_one_complaint_row_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id}: {self.count}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Solving")
    DONE = "done", _("Solved")
    FAILED = "failed", _("Failed")


class PlanRun(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    time_limit = models.PositiveIntegerField(_("time limit of the main solve (seconds)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The figures of the solve (planning.results.RunResult, as JSON).
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("plan computation")
        verbose_name_plural = _("plan computations")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="planning_progress_max")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} #{self.pk}"


class PointPriority(models.Model):
    """A point's priority in a run, with the score of each signal (0–1) behind it."""

    run = models.ForeignKey(
        PlanRun, verbose_name=_("plan computation"), on_delete=models.CASCADE, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.DecimalField(_("priority"), max_digits=6, decimal_places=2)
    signals = models.JSONField(_("signals"), default=dict, blank=True)

    class Meta:
        verbose_name = _("point priority")
        verbose_name_plural = _("point priorities")
        constraints = [
            models.UniqueConstraint(fields=["run", "service_point"], name="planning_one_priority")
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id}: {self.priority}"


class PlannedVisit(models.Model):
    run = models.ForeignKey(
        PlanRun, verbose_name=_("plan computation"), on_delete=models.CASCADE, related_name="visits"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20)
    day = models.DateField(_("day"))
    week_start = models.DateField(_("week from"))
    week_end = models.DateField(_("week until"))
    trip = models.PositiveIntegerField(_("trip number"), null=True, blank=True)
    trip_cost = models.PositiveBigIntegerField(_("cost of the trip (millimes)"), default=0)
    fee = models.PositiveBigIntegerField(_("fee (millimes)"), default=0)
    mission = models.OneToOneField(
        Mission,
        verbose_name=_("mission created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_visit",
    )

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "service_point", "observer"], name="planning_one_visit_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.day}"
