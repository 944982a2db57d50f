"""Rollups of validated mission reports, written when a report is validated.

A validated report never changes (its score is frozen with the exact grid version), so its
contribution to the dashboards can be written once, at validation, in the same transaction:

* ``ReportFact``: one row per validated report, with its dimensions copied from the point at
  validation time (governorate, body, category) — counts, coverage, rankings, trends;
* ``CriterionFact``: one row per scored section and criterion of that report — the fine
  grain, read when a body filter is set (a focal point's dashboard, a ministry);
* ``ScoreCube``: the same per-criterion figures summed per month × governorate × category ×
  channel — read for national and regional views, where the fine grain would be millions of
  rows. Kept by ``INSERT … ON CONFLICT DO UPDATE`` increments (safe under concurrency).

``manage.py rebuild_rollups`` recomputes the three from the reports (after a bulk load, or
to repair); a test checks that increments and a rebuild agree.

The reference date of a report is its mission's ``window_start`` in local time: the same
date decides "planned in the period", so validated ≤ planned within any period.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from raqib.grids.models import GridChannel

SECTION = "section"
CRITERION = "criterion"
KIND_CHOICES = [(SECTION, _("Section")), (CRITERION, _("Criterion"))]


class ReportFact(models.Model):
    report = models.OneToOneField(
        "missions.Report", on_delete=models.CASCADE, related_name="+", verbose_name=_("report")
    )
    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="+", verbose_name=_("mission")
    )
    day = models.DateField(_("reference date"))
    month = models.DateField(_("month"))  # first day of the month of `day`
    service_point = models.ForeignKey(
        "registry.ServicePoint", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    governorate = models.ForeignKey(
        "registry.Governorate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    body = models.ForeignKey(
        "registry.PublicBody", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        "registry.ServiceCategory", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    grid_version = models.ForeignKey(
        "grids.GridVersion", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    score = models.FloatField(_("score out of 100"), null=True)
    critical = models.BooleanField(_("critical finding"), default=False)
    critical_codes = models.JSONField(_("failed critical criteria"), default=list)
    validated_at = models.DateTimeField(_("validated at"))

    class Meta:
        verbose_name = _("validated report (rollup)")
        verbose_name_plural = _("validated reports (rollup)")
        indexes = [
            # Covering: the dashboard's aggregates over a period read the index alone.
            models.Index(
                fields=["day"],
                include=[
                    "month",
                    "service_point",
                    "governorate",
                    "body",
                    "category",
                    "channel",
                    "grid_version",
                    "score",
                    "critical",
                ],
                name="reports_fact_day_cover",
            ),
            models.Index(fields=["governorate", "day"], name="reports_fact_gov_day"),
            models.Index(fields=["body", "day"], name="reports_fact_body_day"),
            models.Index(fields=["service_point", "day"], name="reports_fact_point_day"),
            # The latest critical findings (a few hundred a year among the facts).
            models.Index(
                fields=["-day", "-validated_at", "-id"],
                condition=Q(critical=True),
                name="reports_fact_critical_latest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="reports_fact_score_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.score}"


CFACT_COVER = ["kind", "code", "score", "critical_failure", "governorate", "category", "channel"]


class CriterionFact(models.Model):
    fact = models.ForeignKey(
        ReportFact, on_delete=models.CASCADE, related_name="criteria", db_index=False
    )
    day = models.DateField(_("reference date"))
    governorate = models.ForeignKey(
        "registry.Governorate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    body = models.ForeignKey(
        "registry.PublicBody", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        "registry.ServiceCategory", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    code = models.CharField(_("code"), max_length=80)
    section = models.CharField(_("section code"), max_length=80)
    score = models.FloatField(_("score out of 100"))
    critical_failure = models.BooleanField(_("critical failure"), default=False)

    class Meta:
        verbose_name = _("criterion score (rollup)")
        verbose_name_plural = _("criterion scores (rollup)")
        indexes = [
            models.Index(fields=["fact"], name="reports_cfact_fact"),
            # Covering (index-only scans): a body's or a governorate's dashboard, and the
            # partial months of a period that does not start or end on a month boundary.
            models.Index(
                fields=["body", "day"],
                include=CFACT_COVER,
                name="reports_cfact_body_day_cover",
            ),
            models.Index(
                fields=["governorate", "day"],
                include=[*(c for c in CFACT_COVER if c != "governorate"), "body"],
                name="reports_cfact_gov_day_cover",
            ),
            models.Index(
                fields=["day"], include=[*CFACT_COVER, "body"], name="reports_cfact_day_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}: {self.score}"


class ScoreCube(models.Model):
    month = models.DateField(_("month"))
    governorate = models.ForeignKey(
        "registry.Governorate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        "registry.ServiceCategory", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    code = models.CharField(_("code"), max_length=80)
    section = models.CharField(_("section code"), max_length=80)
    n = models.PositiveIntegerField(_("scored reports"))
    total = models.FloatField(_("sum of scores out of 100"))
    critical_failures = models.PositiveIntegerField(_("critical failures"), default=0)

    class Meta:
        verbose_name = _("monthly criterion totals (rollup)")
        verbose_name_plural = _("monthly criterion totals (rollup)")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "governorate", "category", "channel", "kind", "code"],
                name="reports_cube_cell",
            )
        ]
        indexes = [
            # Covering: national and regional means over whole months read the index alone.
            models.Index(
                fields=["month"],
                include=[
                    "governorate",
                    "category",
                    "channel",
                    "kind",
                    "code",
                    "n",
                    "total",
                    "critical_failures",
                ],
                name="reports_cube_month_cover",
            ),
            models.Index(
                fields=["governorate", "month"],
                include=["category", "channel", "kind", "code", "n", "total", "critical_failures"],
                name="reports_cube_gov_month_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.code}: {self.n}"


class ScoreBodyCube(models.Model):
    """The per-criterion sums of ``ScoreCube`` with the body as well: month × body ×
    governorate × category × channel. Read for the whole months of a period under a body
    filter or a focal point's scope (ScoreCube has no body), ~5× fewer rows than the
    criterion facts (860,000 cells for 4.7 million criterion scores at national scale)."""

    month = models.DateField(_("month"))
    body = models.ForeignKey(
        "registry.PublicBody", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    governorate = models.ForeignKey(
        "registry.Governorate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        "registry.ServiceCategory", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    code = models.CharField(_("code"), max_length=80)
    section = models.CharField(_("section code"), max_length=80)
    n = models.PositiveIntegerField(_("scored reports"))
    total = models.FloatField(_("sum of scores out of 100"))
    critical_failures = models.PositiveIntegerField(_("critical failures"), default=0)

    class Meta:
        verbose_name = _("monthly criterion totals per body (rollup)")
        verbose_name_plural = _("monthly criterion totals per body (rollup)")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "body", "governorate", "category", "channel", "kind", "code"],
                name="reports_bodycube_cell",
            ),
            models.CheckConstraint(
                condition=Q(critical_failures__lte=F("n")), name="reports_bodycube_failures"
            ),
        ]
        indexes = [
            models.Index(
                fields=["body", "month"],
                include=[
                    "governorate",
                    "category",
                    "channel",
                    "kind",
                    "code",
                    "n",
                    "total",
                    "critical_failures",
                ],
                name="reports_bodycube_body_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.body_id} {self.kind} {self.code}: {self.n}"


class ScoreDayCube(models.Model):
    """National per-criterion totals per day and channel: the national dashboards (no
    governorate, region, category or body filter) read a few thousand rows of it for any
    period, whole months or not, instead of the monthly cube or the fine grain."""

    day = models.DateField(_("reference date"))
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    code = models.CharField(_("code"), max_length=80)
    n = models.PositiveIntegerField(_("scored reports"))
    total = models.FloatField(_("sum of scores out of 100"))
    critical_failures = models.PositiveIntegerField(_("critical failures"), default=0)

    class Meta:
        verbose_name = _("daily national criterion totals (rollup)")
        verbose_name_plural = _("daily national criterion totals (rollup)")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "kind", "code"], name="reports_daycube_cell"
            )
        ]
        indexes = [
            models.Index(
                fields=["day"],
                include=["channel", "kind", "code", "n", "total", "critical_failures"],
                name="reports_daycube_day_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.kind} {self.code}: {self.n}"


class ReportDayCube(models.Model):
    """Report totals per day, channel and grid version: the national dashboards' monthly
    trend and grid versions read a few hundred rows of it for any period instead of the
    period's facts. Scores are summed in tenths of a point (integers: exact, in any order)."""

    day = models.DateField(_("reference date"))
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    grid_version = models.ForeignKey(
        "grids.GridVersion", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    reports = models.PositiveIntegerField(_("validated reports"))
    scored = models.PositiveIntegerField(_("scored reports"))
    tenths = models.BigIntegerField(_("sum of scores, in tenths of a point"))
    critical = models.PositiveIntegerField(_("reports with a critical finding"))

    class Meta:
        verbose_name = _("daily report totals (rollup)")
        verbose_name_plural = _("daily report totals (rollup)")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "grid_version"], name="reports_reportday_cell"
            ),
            models.CheckConstraint(
                condition=Q(scored__lte=F("reports"), critical__lte=F("reports"))
                & Q(tenths__gte=0, tenths__lte=F("scored") * 1000),
                name="reports_reportday_counts",
            ),
        ]
        indexes = [
            models.Index(
                fields=["day"],
                include=["channel", "grid_version", "reports", "scored", "tenths", "critical"],
                name="reports_reportday_day_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel}: {self.reports}"


class MissionDayCube(models.Model):
    """Missions per local date of their window start (settings.TIME_ZONE), channel and
    status: the national dashboards count planned, done and validated missions from a few
    thousand rows instead of scanning the missions. Kept by a PostgreSQL trigger on
    missions_mission (migration 0003: every insert, delete and change of window, channel or
    status, in the writing transaction), rebuilt by ``rebuild_rollups``; not kept on SQLite,
    where the selector counts the missions themselves."""

    day = models.DateField(_("reference date"))
    channel = models.CharField(_("channel"), max_length=20, choices=GridChannel.choices)
    status = models.CharField(_("status"), max_length=20)
    missions = models.PositiveIntegerField(_("missions"))

    class Meta:
        verbose_name = _("daily mission counts (rollup)")
        verbose_name_plural = _("daily mission counts (rollup)")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "status"], name="reports_missionday_cell"
            )
        ]
        indexes = [
            models.Index(
                fields=["day"],
                include=["channel", "status", "missions"],
                name="reports_missionday_day_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.status}: {self.missions}"
