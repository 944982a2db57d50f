"""Read a campaign from the database into a `Problem` (docs/planning.md § What the plan sees).

Bulk reads only: the conflict rules of `missions.services.mission_conflicts` are applied here to
every (observer, point) pair from a few queries (declared points, declared bodies with their
subtree, home delegation, a recent mission at the point, certification per channel); turning the
plan into missions re-checks each pair with `mission_conflicts` itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.accounts.models import ObserverProfile
from raqib.compliance.selectors import points_with_label_follow_up_due
from raqib.core import conf
from raqib.followup.selectors import open_recommendation_counts
from raqib.missions.models import Mission, MissionStatus
from raqib.missions.selectors import covered_point_ids, visit_signals
from raqib.registry.models import Delegation, PublicBody, RegionTag, ServicePoint
from raqib.registry.reference_data import INTERIOR_TAG
from raqib.surveys.selectors import point_satisfaction
from raqib.training.selectors import certification_gaps

from . import risk
from .models import Campaign, CampaignObserver
from .problem import IN_PERSON, CostModel, ObserverIn, PointIn, Problem, Targets, Week

# Why an observer is left out of a plan (stored as the key, shown in the reader's language).
LEFT_OUT_REASONS = {
    "no_profile": _("no active observer profile"),
    "unavailable": _("not available during the campaign"),
    "suspended": _("suspended for the whole campaign"),
    "not_certified": _("not certified for the campaign's grids"),
    "remote_only": _("not certified for in-person visits: remote visits only"),
}
GRID_CHANNELS = (("grid_in_person", IN_PERSON), ("grid_phone", "phone"), ("grid_web", "web"))


@dataclass(frozen=True)
class Built:
    problem: Problem
    # {point id: (priority, {signal: score})}
    priorities: dict[int, tuple[float, dict[str, float]]]
    # Observers left out of the plan or limited in it, with why (pseudonym, a key of
    # LEFT_OUT_REASONS).
    left_out: list[tuple[str, str]]


def cost_model(data: dict[str, Any]) -> CostModel:
    base = {**settings.RAQIB_PLANNING_COSTS, **data}
    return CostModel(
        fees={k: int(v) for k, v in settings.RAQIB_ALLOWANCE_RATES.items()},
        km_rate=int(base["km_rate"]),
        detour=int(base["detour_percent"]) / 100,
        per_diem_km=float(base["per_diem_km"]),
        per_diem=int(base["per_diem"]),
        night_km=float(base["night_km"]),
        night=int(base["night"]),
        visits_per_trip=max(1, int(base["visits_per_trip"])),
    )


def _weeks(start: dt.date, end: dt.date) -> tuple[Week, ...]:
    """Working weeks (Monday to Friday) of [start, end]."""
    weeks: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    day = start
    while day <= end:
        if day.weekday() < 5:
            iso = day.isocalendar()
            weeks[(iso[0], iso[1])].append(day)
        day += dt.timedelta(days=1)
    return tuple(Week(days=tuple(days)) for _k, days in sorted(weeks.items()))


def _sites(points: list[ServicePoint]) -> tuple[dict[int, tuple[float, float]], dict[int, int]]:
    """Each delegation's site: the mean of its points' coordinates, else its governorate's."""
    by_delegation: dict[int, list[tuple[float, float]]] = defaultdict(list)
    by_governorate: dict[int, list[tuple[float, float]]] = defaultdict(list)
    governorate_of: dict[int, int] = {}
    for p in points:
        if p.delegation_id:
            governorate_of[p.delegation_id] = p.governorate_id
        if p.latitude is None or p.longitude is None:
            continue
        where = (float(p.latitude), float(p.longitude))
        by_governorate[p.governorate_id].append(where)
        if p.delegation_id:
            by_delegation[p.delegation_id].append(where)

    def mean(rows: list[tuple[float, float]]) -> tuple[float, float]:
        return (sum(r[0] for r in rows) / len(rows), sum(r[1] for r in rows) / len(rows))

    sites = {d: mean(rows) for d, rows in by_delegation.items()}
    governorate_of.update(Delegation.objects.values_list("pk", "governorate_id"))
    for d, g in governorate_of.items():
        if d not in sites and by_governorate.get(g):
            sites[d] = mean(by_governorate[g])
    return sites, governorate_of


def _subtree(body_ids: set[int], parents: Mapping[int, int | None]) -> set[int]:
    out: set[int] = set()
    for body, _parent in parents.items():
        current: int | None = body
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in body_ids:
                out.add(body)
                break
            seen.add(current)
            current = parents.get(current)
    return out


def _point_channels(point: ServicePoint, campaign: Campaign) -> tuple[str, ...]:
    channels = []
    if point.in_person and campaign.grid_in_person_id:
        channels.append(IN_PERSON)
    if point.phones and campaign.grid_phone_id:
        channels.append("phone")
    if point.website and campaign.grid_web_id:
        channels.append("web")
    return tuple(channels)


def build_problem(campaign: Campaign, *, today: dt.date | None = None) -> Built:
    today = today or timezone.localdate()
    start, end = campaign.starts_on, campaign.ends_on
    governorates = set(campaign.governorates.values_list("pk", flat=True))
    points_qs = ServicePoint.objects.filter(is_active=True).only(
        "pk",
        "code",
        "governorate_id",
        "delegation_id",
        "body_id",
        "latitude",
        "longitude",
        "in_person",
        "phones",
        "website",
    )
    every_point = list(
        ServicePoint.objects.only("pk", "governorate_id", "delegation_id", "latitude", "longitude")
    )
    sites, _gov_of = _sites(every_point)
    scope = [
        p
        for p in points_qs.order_by("code")
        if not governorates or p.governorate_id in governorates
    ]
    interior = set(
        RegionTag.objects.filter(code=INTERIOR_TAG).values_list("governorates__pk", flat=True)
    )
    covered_ids = covered_point_ids(start=start, end=min(end, today))
    items = {i.service_point_id: i for i in campaign.items.all()}
    complaints = dict(campaign.complaints.values_list("service_point_id", "count"))
    most = max(complaints.values(), default=0)
    year_before = start - dt.timedelta(days=risk.YEAR_DAYS)
    history = visit_signals(since=year_before, end=start - dt.timedelta(days=1))
    satisfaction = point_satisfaction(start=year_before, end=start)
    open_recos = open_recommendation_counts()
    label_due = points_with_label_follow_up_due()
    weights = {**settings.RAQIB_PLANNING_WEIGHTS, **campaign.risk_weights}

    active: dict[int, int] = defaultdict(int)
    covered: dict[int, int] = defaultdict(int)
    points: list[PointIn] = []
    priorities: dict[int, tuple[float, dict[str, float]]] = {}
    scoped_ids = {p.pk for p in scope}
    extra = list(ServicePoint.objects.filter(pk__in=set(items) - scoped_ids))
    for p in [*scope, *extra]:
        in_scope = p.pk in scoped_ids
        is_covered = p.pk in covered_ids
        if in_scope:
            active[p.governorate_id] += 1
            if is_covered:
                covered[p.governorate_id] += 1
        item = items.get(p.pk)
        if is_covered and item is None:
            continue
        channels = _point_channels(p, campaign)
        if not channels or p.delegation_id is None:
            continue
        past = history.get(p.pk)
        sat = satisfaction.get(p.pk)
        facts = risk.PointFacts(
            last_visit=past.last_visit if past else None,
            mean_score=past.mean_score if past else None,
            critical=past.critical if past else 0,
            satisfaction=None
            if sat is None or sat.figure.value is None
            else float(sat.figure.value),
            open_items=open_recos.get(p.pk, 0) + (1 if p.pk in label_due else 0),
            complaints=complaints.get(p.pk, 0),
            interior=p.governorate_id in interior,
        )
        scores = risk.signals(facts, on=start, most_complaints=most)
        value = risk.priority(scores, weights)
        priorities[p.pk] = (value, scores)
        points.append(
            PointIn(
                id=p.pk,
                code=p.code,
                governorate=p.governorate_id,
                interior=p.governorate_id in interior,
                delegation=p.delegation_id,
                priority=value,
                channels=channels,
                visits=item.visit_count if item else 1,
                mandatory=item is not None,
                counts=in_scope and not is_covered,
            )
        )

    observers, left_out, conflicts = _observers(campaign, points, sites, today=today)
    return Built(
        problem=Problem(
            points=tuple(points),
            observers=tuple(observers),
            budget=campaign.budget,
            targets=Targets(
                coverage=float(campaign.target_coverage),
                interior=float(campaign.target_interior),
                governorate_floor=float(campaign.governorate_floor),
                min_in_person=float(campaign.min_in_person),
            ),
            costs=cost_model(campaign.cost_model),
            sites=sites,
            conflicts=frozenset(conflicts),
            active=dict(active),
            covered=dict(covered),
            interior_governorates=frozenset(interior),
            candidates=int(settings.RAQIB_PLANNING_CANDIDATES),
        ),
        priorities=priorities,
        left_out=left_out,
    )


def _available(
    row: CampaignObserver, profile: ObserverProfile, campaign: Campaign, start: dt.date
) -> tuple[tuple[Week, ...], str]:
    """The observer's working weeks in the campaign, and why there is none (a reason key)."""
    begin = max(start, row.available_from or start)
    if profile.suspended_until is not None:
        # A suspended member comes back the day after the suspension's last day.
        begin = max(begin, profile.suspended_until + dt.timedelta(days=1))
    finish = min(campaign.ends_on, row.available_to or campaign.ends_on)
    weeks = tuple(w for w in _weeks(begin, finish) if w.days)
    suspended = profile.suspended_until is not None and profile.suspended_until >= finish
    return weeks, "suspended" if suspended else "unavailable"


def _observers(
    campaign: Campaign,
    points: list[PointIn],
    sites: dict[int, tuple[float, float]],
    *,
    today: dt.date,
) -> tuple[list[ObserverIn], list[tuple[str, str]], set[tuple[int, int]]]:
    rows = list(
        CampaignObserver.objects.filter(campaign=campaign).select_related("observer").order_by("pk")
    )
    profiles = {
        p.user_id: p
        for p in ObserverProfile.objects.filter(user__in=[r.observer_id for r in rows])
        .select_related("home_delegation")
        .prefetch_related("conflict_bodies", "conflict_service_points")
    }
    parents = dict(PublicBody.objects.values_list("pk", "parent_id"))
    body_of = dict(
        ServicePoint.objects.filter(pk__in=[p.id for p in points]).values_list("pk", "body_id")
    )
    point_delegation = {p.id: p.delegation for p in points}
    days = conf.coi_revisit_days()
    recent: set[tuple[int, int]] = set()
    if days > 0:
        span = dt.timedelta(days=days)
        recent = set(
            Mission.objects.filter(
                observer_id__in=[r.observer_id for r in rows],
                window_start__date__gt=campaign.starts_on - span,
                window_start__date__lt=campaign.ends_on + span,
            )
            .exclude(status=MissionStatus.CANCELLED)
            .values_list("observer_id", "service_point_id")
        )
    grids = {channel: getattr(campaign, field) for field, channel in GRID_CHANNELS}
    observers: list[ObserverIn] = []
    left_out: list[tuple[str, str]] = []
    conflicts: set[tuple[int, int]] = set()
    start = max(campaign.starts_on, today)
    for row in rows:
        profile = profiles.get(row.observer_id)
        if profile is None or not profile.is_active:
            left_out.append(("—", "no_profile"))
            continue
        weeks, why = _available(row, profile, campaign, start)
        if not weeks:
            left_out.append((profile.pseudonym, why))
            continue
        allowed = []
        for channel, version in grids.items():
            if version is None:
                continue
            if not certification_gaps(
                observer=row.observer, grid_version=version, channel=channel, on=campaign.ends_on
            ):
                allowed.append(channel)
        if not allowed:
            left_out.append((profile.pseudonym, "not_certified"))
            continue
        if IN_PERSON not in allowed:
            left_out.append((profile.pseudonym, "remote_only"))
        declared_points = {p.pk for p in profile.conflict_service_points.all()}
        declared_bodies = _subtree({b.pk for b in profile.conflict_bodies.all()}, parents)
        for p in points:
            if (
                p.id in declared_points
                or body_of.get(p.id) in declared_bodies
                or (row.observer_id, p.id) in recent
                or (
                    conf.coi_home_delegation()
                    and point_delegation[p.id] == profile.home_delegation_id
                )
            ):
                conflicts.add((row.observer_id, p.id))
        observers.append(
            ObserverIn(
                id=row.observer_id,
                label=profile.pseudonym,
                home=sites.get(profile.home_delegation_id),
                per_week=row.per_week,
                days_per_week=row.days_per_week,
                weeks=weeks,
                remote=row.remote,
                in_person=IN_PERSON in allowed,
                remote_channels=tuple(c for c in allowed if c != IN_PERSON),
            )
        )
    return observers, left_out, conflicts


def as_decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
