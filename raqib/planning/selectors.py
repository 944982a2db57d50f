"""Reads of planning: campaigns, plans, their explanation, progress during the period."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from raqib.core.bilingual import localized_field
from raqib.missions.models import MissionStatus, ReportStatus
from raqib.registry.models import Governorate, RegionTag
from raqib.registry.reference_data import INTERIOR_TAG

from . import risk
from .models import (
    Campaign,
    CampaignItem,
    CampaignObserver,
    Complaint,
    PlannedVisit,
    PlanRun,
    PointPriority,
    RunStatus,
)
from .results import RunResult

MAP_BOUNDS = (20.0, 40.0, 60.0, 80.0)


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("created_by").order_by("-starts_on", "-pk")


def campaign_get(*, pk: Any) -> Campaign:
    campaign = (
        Campaign.objects.select_related(
            "grid_in_person__grid", "grid_phone__grid", "grid_web__grid"
        )
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_observers(*, campaign: Campaign) -> QuerySet[CampaignObserver]:
    return campaign.observers.select_related("observer__observer_profile").order_by("pk")


def campaign_observer_get(*, campaign: Campaign, pk: Any) -> CampaignObserver:
    row = campaign.observers.filter(pk=pk).select_related("campaign").first()
    if row is None:
        raise Http404
    return row


def campaign_items(*, campaign: Campaign) -> QuerySet[CampaignItem]:
    return campaign.items.select_related("service_point").order_by("service_point__code")


def campaign_item_get(*, campaign: Campaign, pk: Any) -> CampaignItem:
    item = campaign.items.filter(pk=pk).select_related("campaign").first()
    if item is None:
        raise Http404
    return item


def complaint_totals(*, campaign: Campaign) -> tuple[int, int]:
    rows = list(Complaint.objects.filter(campaign=campaign).values_list("count", flat=True))
    return len(rows), sum(rows)


def run_get(*, campaign: Campaign, pk: Any) -> PlanRun:
    run = campaign.runs.filter(pk=pk).select_related("campaign", "created_by").first()
    if run is None:
        raise Http404
    return run


def latest_run(*, campaign: Campaign) -> PlanRun | None:
    return campaign.runs.order_by("-pk").first()


def latest_done_run(*, campaign: Campaign) -> PlanRun | None:
    return campaign.runs.filter(status=RunStatus.DONE).order_by("-pk").first()


def run_result(run: PlanRun) -> RunResult | None:
    if run.status != RunStatus.DONE or not run.result:
        return None
    data = {k: v for k, v in run.result.items() if k not in ("left_out", "launch")}
    return RunResult.from_json(data)


def left_out(run: PlanRun) -> list[tuple[str, str]]:
    """The observers a plan left out, with why, in the reader's language."""
    from .build import LEFT_OUT_REASONS

    return [
        (who, str(LEFT_OUT_REASONS.get(why, why))) for who, why in run.result.get("left_out", [])
    ]


def dinars(millimes: int | None) -> str:
    if millimes is None:
        return "—"
    return f"{Decimal(millimes) / 1000:,.3f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def explanation(campaign: Campaign, result: RunResult) -> list[str]:
    """What the plan means, in the reader's language (the figures of the result only)."""
    targets = {
        "coverage": _pct(float(campaign.target_coverage)),
        "interior": _pct(float(campaign.target_interior)),
    }
    lines: list[str] = []
    if result.reachable:
        lines.append(
            _(
                "The budget reaches the targets: the cheapest plan that reaches them costs "
                "%(needed)s TND, for a budget of %(budget)s TND."
            )
            % {"needed": dinars(result.needed_budget), "budget": dinars(campaign.budget)}
        )
        lines.append(
            _(
                "The plan keeps every target and gives the highest total priority it found: "
                "%(coverage)s coverage, %(interior)s in the interior regions, for %(cost)s TND."
            )
            % {
                "coverage": _pct(result.coverage),
                "interior": _pct(result.interior),
                "cost": dinars(result.cost),
            }
        )
    elif result.capacity_short:
        lines.append(
            _(
                "Even without a budget limit, the observers of the campaign cannot reach the "
                "targets (%(coverage)s overall, %(interior)s in the interior regions): they reach "
                "at most %(max_coverage)s overall and %(max_interior)s in the interior regions. "
                "Add observers or field days."
            )
            % {
                **targets,
                "max_coverage": _pct(result.unlimited_coverage),
                "max_interior": _pct(result.unlimited_interior),
            }
        )
    else:
        extra = None if result.needed_budget is None else result.needed_budget - campaign.budget
        lines.append(
            _(
                "The budget reaches at most %(interior_reached)s coverage in the interior regions "
                "(target %(interior)s) and %(coverage_reached)s overall (target %(coverage)s)."
            )
            % {
                **targets,
                "interior_reached": _pct(result.interior),
                "coverage_reached": _pct(result.coverage),
            }
        )
        if extra is not None:
            lines.append(
                _("%(extra)s TND more (%(needed)s TND in all) reaches every target.")
                % {"extra": dinars(extra), "needed": dinars(result.needed_budget)}
            )
        lines.append(
            _(
                "The plan below covers as many points as the budget allows, interior points "
                "counting double, priority breaking ties."
            )
        )
    return lines


@dataclass(frozen=True)
class GovernorateLine:
    iso_code: str
    name: str
    interior: bool
    active: int
    covered_before: int
    planned: int
    coverage: float | None  # percent, with the plan
    css_class: str


def _css(value: float | None) -> str:
    if value is None:
        return "nodata"
    for index, bound in enumerate(MAP_BOUNDS):
        if value < bound:
            return f"q{index}"
    return f"q{len(MAP_BOUNDS)}"


def plan_governorates(*, run: PlanRun) -> list[GovernorateLine]:
    """Per governorate: active points, covered before the plan, points the plan adds."""
    from raqib.missions.selectors import covered_point_ids
    from raqib.registry.models import ServicePoint

    campaign = run.campaign
    chosen = set(
        run.visits.filter(service_point__is_active=True).values_list("service_point_id", flat=True)
    )
    scope = set(campaign.governorates.values_list("pk", flat=True))
    finished = run.finished_at.date() if run.finished_at else campaign.ends_on
    covered = covered_point_ids(start=campaign.starts_on, end=min(campaign.ends_on, finished))
    active: Counter[int] = Counter()
    before: Counter[int] = Counter()
    added: Counter[int] = Counter()
    for pk, gov_id in ServicePoint.objects.filter(is_active=True).values_list(
        "pk", "governorate_id"
    ):
        if scope and gov_id not in scope:
            continue
        active[gov_id] += 1
        if pk in covered:
            before[gov_id] += 1
        elif pk in chosen:
            added[gov_id] += 1
    interior = set(
        RegionTag.objects.filter(code=INTERIOR_TAG).values_list("governorates__pk", flat=True)
    )
    lines = []
    for gov in Governorate.objects.order_by("iso_code"):
        if scope and gov.pk not in scope:
            continue
        n = active.get(gov.pk, 0)
        value = None if n == 0 else 100 * (before[gov.pk] + added[gov.pk]) / n
        lines.append(
            GovernorateLine(
                iso_code=gov.iso_code,
                name=localized_field(gov, "name"),
                interior=gov.pk in interior,
                active=n,
                covered_before=before[gov.pk],
                planned=added[gov.pk],
                coverage=value,
                css_class=_css(value),
            )
        )
    return lines


@dataclass(frozen=True)
class ObserverLine:
    pseudonym: str
    visits: int
    in_person: int
    trips: int
    cost: int


def plan_observers(*, run: PlanRun) -> list[ObserverLine]:
    rows: dict[int, list[PlannedVisit]] = defaultdict(list)
    for v in run.visits.select_related("observer__observer_profile"):
        rows[v.observer_id].append(v)
    out = []
    for visits in rows.values():
        trips = {v.trip: v.trip_cost for v in visits if v.trip is not None}
        profile = getattr(visits[0].observer, "observer_profile", None)
        out.append(
            ObserverLine(
                pseudonym=profile.pseudonym if profile else "—",
                visits=len(visits),
                in_person=sum(1 for v in visits if v.trip is not None),
                trips=len(trips),
                cost=sum(v.fee for v in visits) + sum(trips.values()),
            )
        )
    return sorted(out, key=lambda line: line.pseudonym)


def plan_visits(*, run: PlanRun) -> QuerySet[PlannedVisit]:
    return run.visits.select_related(
        "service_point__governorate", "observer__observer_profile", "mission"
    ).order_by("day", "service_point__code")


@dataclass(frozen=True)
class PriorityLine:
    code: str
    name: str
    priority: Decimal
    parts: list[tuple[str, float, int]]  # (label, score 0–1, weighted points)
    planned: bool


def priority_lines(*, run: PlanRun, limit: int = 50) -> list[PriorityLine]:
    weights = {**risk_weights_default(), **run.campaign.risk_weights}
    chosen = set(run.visits.values_list("service_point_id", flat=True))
    rows = (
        PointPriority.objects.filter(run=run)
        .select_related("service_point")
        .order_by("-priority", "service_point__code")[:limit]
    )
    return [
        PriorityLine(
            code=row.service_point.code,
            name=localized_field(row.service_point, "name"),
            priority=row.priority,
            parts=[
                (
                    str(risk.SIGNAL_LABELS[name]),
                    float(row.signals.get(name, 0)),
                    round(weights[name] * float(row.signals.get(name, 0))),
                )
                for name in risk.SIGNALS
            ],
            planned=row.service_point_id in chosen,
        )
        for row in rows
    ]


def risk_weights_default() -> dict[str, int]:
    from django.conf import settings

    return dict(settings.RAQIB_PLANNING_WEIGHTS)


@dataclass(frozen=True)
class Progress:
    campaign: Campaign
    planned: int
    created: int
    done: int  # a report submitted or validated
    validated: int
    budget: int
    planned_cost: int
    spent: int  # the planned cost of what is validated


def campaign_progress(*, campaign: Campaign) -> Progress | None:
    """Planned vs done vs validated, and the budget spent so far: fees of validated visits
    plus the trips with at least one validated visit, at their planned cost."""
    run = latest_done_run(campaign=campaign)
    if run is None:
        return None
    visits = list(run.visits.select_related("mission").prefetch_related("mission__reports"))
    done = validated = 0
    spent = 0
    trips_spent: dict[int, int] = {}
    planned_trips: dict[int, int] = {}
    for v in visits:
        if v.trip is not None:
            planned_trips[v.trip] = v.trip_cost
        mission = v.mission
        if mission is None:
            continue
        statuses = {r.status for r in mission.reports.all() if r.is_active}
        if mission.status in (MissionStatus.SUBMITTED, MissionStatus.VALIDATED) or statuses & {
            ReportStatus.SUBMITTED,
            ReportStatus.VALIDATED,
        }:
            done += 1
        if ReportStatus.VALIDATED in statuses:
            validated += 1
            spent += v.fee
            if v.trip is not None:
                trips_spent[v.trip] = v.trip_cost
    return Progress(
        campaign=campaign,
        planned=len(visits),
        created=sum(1 for v in visits if v.mission_id),
        done=done,
        validated=validated,
        budget=campaign.budget,
        planned_cost=sum(v.fee for v in visits) + sum(planned_trips.values()),
        spent=spent + sum(trips_spent.values()),
    )


def active_campaigns_progress(*, on: dt.date) -> list[Progress]:
    """Progress of the campaigns running on `on` (the dashboard's planning block)."""
    out = []
    for campaign in Campaign.objects.filter(starts_on__lte=on, ends_on__gte=on).order_by(
        "starts_on"
    ):
        progress = campaign_progress(campaign=campaign)
        if progress is not None:
            out.append(progress)
    return out


def money_lines(campaign: Campaign, result: RunResult) -> list[tuple[str, str]]:
    return [
        (_("Budget"), dinars(campaign.budget)),
        (_("Cost of the plan"), dinars(result.cost)),
        (_("Cheapest cost of reaching every target"), dinars(result.needed_budget)),
        (_("Cost of the greedy baseline"), dinars(result.greedy_cost)),
    ]


@dataclass(frozen=True)
class CurveLine:
    budget: str
    coverage: str
    interior: str
    cost: str
    is_budget: bool
    is_needed: bool


@dataclass(frozen=True)
class CurveChart:
    lines: list[CurveLine]
    # SVG polylines ("x,y x,y …") on a 600 × 240 box: coverage and interior against budget.
    coverage_path: str
    interior_path: str
    budget_x: float
    target_y: float
    ticks: list[tuple[float, str]]


def curve_lines(
    result: RunResult, *, budget: int | None = None, target: float | None = None
) -> CurveChart:
    points = result.curve
    top = max((p.budget for p in points), default=1) or 1
    width, height, pad = 600.0, 240.0, 20.0

    def x(b: int) -> float:
        return round(pad + (width - 2 * pad) * b / top, 1)

    def y(rate: float) -> float:
        return round(height - pad - (height - 2 * pad) * rate, 1)

    lines = [
        CurveLine(
            budget=dinars(p.budget),
            coverage=_pct(p.coverage),
            interior=_pct(p.interior),
            cost=dinars(p.cost),
            is_budget=budget is not None and p.budget == budget,
            is_needed=p.budget == result.needed_budget,
        )
        for p in points
    ]
    return CurveChart(
        lines=lines,
        coverage_path=" ".join(f"{x(p.budget)},{y(p.coverage)}" for p in points),
        interior_path=" ".join(f"{x(p.budget)},{y(p.interior)}" for p in points),
        budget_x=x(budget) if budget else 0.0,
        target_y=y(target) if target is not None else 0.0,
        ticks=[(y(v / 100), f"{v}") for v in (0, 20, 40, 60, 80, 100)],
    )


def periodic_report_section(*, filters: Any) -> Any:
    """Campaigns overlapping the period: budget, planned cost and coverage, and how far the
    plan got (planned, done, validated, spent at planned cost). None without a campaign."""
    from raqib.core.activity import ActivitySection, ActivityTable

    campaigns = list(
        Campaign.objects.filter(starts_on__lte=filters.end, ends_on__gte=filters.start).order_by(
            "starts_on", "pk"
        )
    )
    rows = []
    for campaign in campaigns:
        run = latest_done_run(campaign=campaign)
        result = run_result(run) if run else None
        progress = campaign_progress(campaign=campaign)
        rows.append(
            (
                campaign.name,
                dinars(campaign.budget),
                dinars(result.cost) if result else "—",
                _pct(result.coverage) if result else "—",
                _pct(result.interior) if result else "—",
                progress.planned if progress else 0,
                progress.validated if progress else 0,
                dinars(progress.spent) if progress else "—",
            )
        )
    if not rows:
        return None
    return ActivitySection(
        key="planning",
        title=_("Coverage planning"),
        paragraphs=(
            _(
                "Coverage with the plan counts the points already covered in the campaign's period "
                "and the points the plan adds."
            ),
        ),
        method="docs/planning.md",
        tables=(
            ActivityTable(
                caption=_("Campaigns of the period"),
                columns=(
                    _("Campaign"),
                    _("Budget (TND)"),
                    _("Cost of the plan (TND)"),
                    _("Coverage with the plan"),
                    _("Interior coverage with the plan"),
                    _("Planned visits"),
                    _("Validated"),
                    _("Spent so far, at planned cost (TND)"),
                ),
                rows=tuple(rows),
                numeric=(False, True, True, True, True, True, True, True),
            ),
        ),
    )


def plan_csv_rows(*, run: PlanRun) -> tuple[list[str], list[list[Any]]]:
    """The plan as a table (its CSV): every visit with its fee and its trip's cost, so that an
    outsider recomputes the cost of the plan (Σ fees + each trip once) and its coverage."""
    from raqib.core.bilingual import localized

    channels = {
        "in_person": _("In person"),
        "phone": _("Telephone"),
        "web": _("Website"),
        "email": _("E-mail"),
    }
    priorities = dict(
        PointPriority.objects.filter(run=run).values_list("service_point_id", "priority")
    )
    header = [
        _("Day"),
        _("Week from"),
        _("Week until"),
        _("Service point code"),
        _("Governorate"),
        _("Observer"),
        _("Channel"),
        _("Trip"),
        _("Cost of the trip (millimes)"),
        _("Fee (millimes)"),
        _("Priority"),
        _("Mission"),
    ]
    rows = [
        [
            v.day.isoformat() if v.trip is not None else "",
            v.week_start.isoformat(),
            v.week_end.isoformat(),
            v.service_point.code,
            localized(v.service_point.governorate.name_ar, v.service_point.governorate.name_fr),
            getattr(getattr(v.observer, "observer_profile", None), "pseudonym", ""),
            channels.get(v.channel, v.channel),
            "" if v.trip is None else v.trip + 1,
            v.trip_cost,
            v.fee,
            priorities.get(v.service_point_id, ""),
            v.mission.code if v.mission else "",
        ]
        for v in plan_visits(run=run)
    ]
    return header, rows
