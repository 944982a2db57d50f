"""Missions reads. Views and the API never query models directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from raqib.core.access import has_any_role
from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.search import normalize

from .models import Evidence, Mission, MissionStatus, Report, ReportCorrection, ReportStatus

if TYPE_CHECKING:
    from raqib.accounts.models import User

OBSERVER_VISIBLE = (
    MissionStatus.ASSIGNED,
    MissionStatus.IN_PROGRESS,
    MissionStatus.RETURNED,
    MissionStatus.SUBMITTED,
)
RECENT_VALIDATED = dt.timedelta(days=30)
_M = TypeVar("_M", bound=models.Model)


def _active_reports() -> Prefetch[str, QuerySet[Report], str]:
    return Prefetch(
        "reports",
        queryset=Report.objects.filter(is_active=True).prefetch_related("evidence"),
        to_attr="active_reports",
    )


def observer_mission_list(*, user: User) -> QuerySet[Mission]:
    """The signed-in observer's open missions, plus those validated in the last 30 days."""
    recent = timezone.now() - RECENT_VALIDATED
    return (
        Mission.objects.filter(observer=user)
        .filter(
            Q(status__in=OBSERVER_VISIBLE)
            | Q(status=MissionStatus.VALIDATED, updated_at__gte=recent)
        )
        .select_related("service_point", "grid_version")
        .prefetch_related(_active_reports())
        .order_by("window_start", "code")
    )


def observer_report_get(*, user: User, report_uuid: Any) -> Report:
    report = (
        Report.objects.select_related("mission")
        .prefetch_related("evidence")
        .filter(uuid=report_uuid, observer=user)
        .first()
    )
    if report is None:
        raise Http404
    return report


def observer_report_status(*, user: User, uuids: list[Any]) -> list[Report]:
    """The observer's own reports among these uuids (others' are simply absent)."""
    if not uuids:
        return []
    return list(
        Report.objects.filter(uuid__in=uuids, observer=user)
        .prefetch_related("evidence", "corrections")
        .order_by("pk")
    )


def report_correction_get_for_user(*, user: User, pk: int) -> ReportCorrection:
    """A correction request, if its report is visible to this staff user; else 404."""
    correction = ReportCorrection.objects.filter(pk=pk).first()
    if correction is None:
        raise Http404
    correction.report = report_get_for_user(user=user, pk=correction.report_id)
    return correction


def report_corrections(report: Report) -> QuerySet[ReportCorrection]:
    """An observer's corrections of a report, newest first, for its review page."""
    return report.corrections.select_related("report").order_by("-created_at")


def active_report(mission: Mission) -> Report | None:
    reports = getattr(mission, "active_reports", None)
    if reports is None:
        return mission.reports.filter(is_active=True).prefetch_related("evidence").first()
    return reports[0] if reports else None


# --- Department staff ---------------------------------------------------------------------


def _staff_or_empty(user: User, qs: QuerySet[_M, _M]) -> QuerySet[_M, _M]:
    return qs if has_any_role(user, STAFF_ROLES) else qs.none()


def mission_list_for_user(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Mission]:
    """Every mission for department staff; filters: status, governorate (id), body (id),
    channel, grid (id), campaign (text), observer (id), q (mission or point code, point name,
    observer pseudonym)."""
    filters = filters or {}
    qs = Mission.objects.select_related(
        "service_point__governorate",
        "service_point__body",
        "grid_version__grid",
        "observer__observer_profile",
    ).order_by("-window_start", "code")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("governorate"):
        qs = qs.filter(service_point__governorate_id=filters["governorate"])
    if filters.get("body"):
        qs = qs.filter(service_point__body_id=filters["body"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("grid"):
        qs = qs.filter(grid_version__grid_id=filters["grid"])
    if filters.get("campaign"):
        qs = qs.filter(campaign__icontains=filters["campaign"])
    if filters.get("observer"):
        qs = qs.filter(observer_id=filters["observer"])
    if filters.get("q"):
        qs = qs.filter(_mission_search(str(filters["q"]).strip()))
    return _staff_or_empty(user, qs)


def critical_reports_for_user(*, user: User, limit: int = 20) -> list[Report]:
    """The newest submitted or validated reports with a critical finding, in `user`'s scope
    (department staff: all of them; anyone else: none)."""
    qs = (
        Report.objects.filter(
            is_active=True,
            critical=True,
            status__in=(ReportStatus.SUBMITTED, ReportStatus.VALIDATED),
        )
        .select_related("mission__service_point__body", "mission__service_point__governorate")
        .order_by("-submitted_at", "-pk")
    )
    return list(_staff_or_empty(user, qs)[:limit])


def validated_report_by_mission_code(*, user: User, code: str) -> Report | None:
    """The validated report of the mission coded `code` (department staff), or None."""
    qs = Report.objects.filter(
        is_active=True, status=ReportStatus.VALIDATED, mission__code__iexact=code.strip()
    ).select_related("mission__service_point__body", "mission__grid_version", "observer")
    return _staff_or_empty(user, qs).first()


def _mission_search(q: str) -> Q:
    """Mission or point code (exact), observer pseudonym (contains), point name (folded words)."""
    found = Q(code__iexact=q) | Q(service_point__code__iexact=q)
    found |= Q(observer__observer_profile__pseudonym__icontains=q)
    words = normalize(q).split()
    if words:
        by_name = Q()
        for word in words:
            by_name &= Q(service_point__search_text__contains=word)
        found |= by_name
    return found


def mission_get_for_user(*, user: User, pk: Any) -> Mission:
    mission = (
        mission_list_for_user(user=user)
        .select_related("pair__observer__observer_profile")
        .filter(pk=pk)
        .first()
    )
    if mission is None:
        raise Http404
    return mission


def review_queue_for_user(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Report]:
    """Submitted reports awaiting review, oldest first. Filters: governorate, body, grid,
    anomalies ("yes"), critical ("yes": a critical criterion scored 0), older_than (days
    since submission), status (default submitted)."""
    filters = filters or {}
    qs = (
        Report.objects.filter(is_active=True)
        .select_related(
            "mission__service_point__governorate",
            "mission__service_point__body",
            "mission__grid_version__grid",
            "observer__observer_profile",
        )
        .order_by("submitted_at", "pk")
    )
    qs = qs.filter(status=filters.get("status") or ReportStatus.SUBMITTED)
    if filters.get("governorate"):
        qs = qs.filter(mission__service_point__governorate_id=filters["governorate"])
    if filters.get("body"):
        qs = qs.filter(mission__service_point__body_id=filters["body"])
    if filters.get("grid"):
        qs = qs.filter(mission__grid_version__grid_id=filters["grid"])
    if filters.get("anomalies") == "yes":
        qs = qs.exclude(anomalies=[])
    if filters.get("critical") == "yes":
        qs = qs.filter(critical=True)
    if filters.get("older_than"):
        cutoff = timezone.now() - dt.timedelta(days=int(filters["older_than"]))
        qs = qs.filter(submitted_at__lte=cutoff)
    return _staff_or_empty(user, qs)


def report_get_for_user(*, user: User, pk: Any) -> Report:
    report = (
        Report.objects.select_related(
            "mission__service_point",
            "mission__grid_version__grid",
            "observer__observer_profile",
        )
        .prefetch_related("evidence")
        .filter(pk=pk)
    )
    found = _staff_or_empty(user, report).first()
    if found is None:
        raise Http404
    return found


def evidence_get_for_user(*, user: User, uuid: Any) -> Evidence:
    found = _staff_or_empty(
        user, Evidence.objects.select_related("report__mission").filter(uuid=uuid)
    ).first()
    if found is None:
        raise Http404
    return found


def mission_scores_for_survey_wave(wave: Any) -> dict[int, float]:
    """{service point id: mean validated mystery-visit score out of 100} over the missions
    whose window meets the survey wave's period — what surveys compare their index with.

    Surveys sits before missions in the flow of data, so it asks for this through the
    RAQIB_SURVEY_MYSTERY_SCORES setting (a dotted path) instead of importing it.
    """
    from django.db.models import Avg

    rows = (
        Report.objects.filter(
            is_active=True,
            status=ReportStatus.VALIDATED,
            score_out_of_100__isnull=False,
            mission__window_start__date__lte=wave.ends_on,
            mission__window_end__date__gte=wave.starts_on,
        )
        .values("mission__service_point_id")
        .annotate(mean=Avg("score_out_of_100"))
    )
    return {row["mission__service_point_id"]: float(row["mean"]) for row in rows}


def service_points_without_mission(
    points: QuerySet[Any], *, period_start: dt.datetime, period_end: dt.datetime
) -> QuerySet[Any]:
    """The points of ``points`` with no mission (not cancelled) starting in [start, end): what the
    coordinator still has to cover in the planning period."""
    planned = (
        Mission.objects.filter(window_start__gte=period_start, window_start__lt=period_end)
        .exclude(status=MissionStatus.CANCELLED)
        .values("service_point_id")
    )
    return points.exclude(pk__in=planned)


# --- Published figures (raqib.publication): anonymous aggregates, never a person ------------


def _validated_in(start: dt.date, end: dt.date) -> QuerySet[Report]:
    """Validated reports whose visit (local date of the mission's window start) is in the
    period — the dashboard's reference day."""
    return Report.objects.filter(
        is_active=True,
        status=ReportStatus.VALIDATED,
        score_out_of_100__isnull=False,
        mission__window_start__date__gte=start,
        mission__window_start__date__lte=end,
    )


def visit_means_by_point(
    *, start: dt.date, end: dt.date, service_point_ids: list[int] | None = None
) -> dict[int, tuple[int, float]]:
    """{service point id: (validated visits, mean of their one-decimal scores out of 100)}."""
    qs = _validated_in(start, end)
    if service_point_ids is not None:
        qs = qs.filter(mission__service_point_id__in=service_point_ids)
    rows = (
        qs.order_by()
        .values_list("mission__service_point_id")
        .annotate(n=models.Count("pk"), mean=models.Avg("score_out_of_100"))
    )
    return {point_id: (n, float(mean)) for point_id, n, mean in rows}


def section_means_for_point(
    *, service_point_id: int, start: dt.date, end: dt.date
) -> list[tuple[str, dict[str, str], int, float]]:
    """[(section code, {"ar", "fr"} label, reports, mean of the frozen section percents)] for
    one point, in the order of the newest grid version's sections; sections a report did not
    score (no applicable criterion) do not count for it."""
    reports = (
        _validated_in(start, end)
        .filter(mission__service_point_id=service_point_id)
        .select_related("mission__grid_version")
        .order_by("-mission__window_start", "-pk")
    )
    labels: dict[str, dict[str, str]] = {}
    values: dict[str, list[float]] = {}
    for report in reports:
        snapshot = report.mission.grid_version.snapshot or {}
        for section in snapshot.get("sections", []):
            labels.setdefault(str(section["code"]), dict(section.get("label") or {}))
        for section in (report.score or {}).get("sections", []):
            if section.get("percent") is not None:
                values.setdefault(str(section["code"]), []).append(float(section["percent"]))
    return [
        (code, labels.get(code, {}), len(found), sum(found) / len(found))
        for code in labels
        if (found := values.get(code))
    ]


def first_validated_visit_year() -> int | None:
    """The year of the oldest validated visit (the first open-data period), or None."""
    first = (
        Report.objects.filter(is_active=True, status=ReportStatus.VALIDATED)
        .order_by("mission__window_start")
        .values_list("mission__window_start", flat=True)
        .first()
    )
    return None if first is None else timezone.localtime(first).year


def observers_for_statements(*, user: User) -> list[Any]:
    """The observers whose allowance statement `user` may read: themselves (an observer), or
    every observer (department staff)."""
    from django.contrib.auth import get_user_model

    observers = (
        get_user_model()
        .objects.filter(roles__role=Role.OBSERVER)
        .select_related("observer_profile__home_delegation")
        .distinct()
        .order_by("username")
    )
    if has_any_role(user, STAFF_ROLES):
        return list(observers)
    return list(observers.filter(pk=user.pk))


@dataclass(frozen=True)
class VisitSignals:
    """What a point's validated visits say, for the planning priority (docs/planning.md)."""

    last_visit: dt.date | None  # the latest validated visit before `end` (any age)
    visits: int  # validated visits in [since, end]
    mean_score: float | None  # their mean score out of 100
    critical: int  # of those, how many had a critical finding


def visit_signals(*, since: dt.date, end: dt.date) -> dict[int, VisitSignals]:
    """{service point id: VisitSignals}, for every point with a validated visit before `end`.
    Two grouped queries."""
    last = dict(
        Report.objects.filter(
            is_active=True, status=ReportStatus.VALIDATED, mission__window_start__date__lte=end
        )
        .order_by()
        .values_list("mission__service_point_id")
        .annotate(last=models.Max("mission__window_start"))
    )
    recent = {
        point_id: (n, mean, critical)
        for point_id, n, mean, critical in _validated_in(since, end)
        .order_by()
        .values_list("mission__service_point_id")
        .annotate(
            n=models.Count("pk"),
            mean=models.Avg("score_out_of_100"),
            critical=models.Count("pk", filter=models.Q(critical=True)),
        )
    }
    out: dict[int, VisitSignals] = {}
    for point_id, moment in last.items():
        n, mean, critical = recent.get(point_id, (0, None, 0))
        out[point_id] = VisitSignals(
            last_visit=timezone.localtime(moment).date(),
            visits=n,
            mean_score=None if mean is None else float(mean),
            critical=critical,
        )
    return out


def covered_point_ids(*, start: dt.date, end: dt.date) -> set[int]:
    """Points with a validated visit in the period (the dashboard's coverage rule)."""
    return set(
        _validated_in(start, end).order_by().values_list("mission__service_point_id", flat=True)
    )
