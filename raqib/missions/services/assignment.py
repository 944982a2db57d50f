"""Assignment at scale: many points, many observers, one submission (see docs/assignment.md).

`assignment_plan` is pure (no database): the deterministic greedy balancer.
`mission_batch_assign` runs a plan and creates every mission through `mission_create`
(which calls `mission_assign`), so the conflict rules and any hook on those services
apply to each mission exactly as for a single assignment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.accounts.models import ObserverProfile
from raqib.grids.models import GridVersion
from raqib.missions.models import Mission, MissionStatus
from raqib.registry.models import ServicePoint

from .missions import mission_conflicts, mission_create

if TYPE_CHECKING:
    from raqib.accounts.models import User

MAX_BATCH = 500


@dataclass(frozen=True)
class PlanPoint:
    """A point to assign: its id, governorate and a stable sort key (its code)."""

    point_id: int
    governorate_id: int | None
    key: str


@dataclass(frozen=True)
class PlanObserver:
    """An observer who may take points: id, home governorate, pseudonym (tie-break)."""

    observer_id: int
    governorate_id: int | None
    pseudonym: str


@dataclass
class Plan:
    """The balancer's answer: point id -> observer id, and point id -> reasons refused."""

    assigned: dict[int, int] = field(default_factory=dict)
    refused: dict[int, list[str]] = field(default_factory=dict)


def assignment_plan(
    *,
    points: Sequence[PlanPoint],
    observers: Sequence[PlanObserver],
    loads: dict[int, int],
    conflicts: Callable[[int, int], list[str]],
) -> Plan:
    """Each point, in code order, to the eligible observer with the lowest workload.

    Ties: an observer of the point's governorate first, then pseudonym, then id.
    `conflicts(observer_id, point_id)` gives the reasons an observer may not take a point;
    a point no observer may take is refused with every observer's reasons merged.
    """
    plan = Plan()
    load = {o.observer_id: loads.get(o.observer_id, 0) for o in observers}
    for point in sorted(points, key=lambda p: (p.key, p.point_id)):
        eligible: list[PlanObserver] = []
        reasons: list[str] = []
        for observer in observers:
            found = conflicts(observer.observer_id, point.point_id)
            if found:
                reasons.extend(r for r in found if r not in reasons)
            else:
                eligible.append(observer)
        if not eligible:
            plan.refused[point.point_id] = reasons or [_("No observer was selected.")]
            continue
        chosen = min(
            eligible,
            key=lambda o: (
                load[o.observer_id],
                0 if point.governorate_id and o.governorate_id == point.governorate_id else 1,
                o.pseudonym,
                o.observer_id,
            ),
        )
        plan.assigned[point.point_id] = chosen.observer_id
        load[chosen.observer_id] += 1
    return plan


@dataclass
class BatchResult:
    """What one submission did: missions created, points refused (with reasons), points skipped."""

    created: list[Mission] = field(default_factory=list)
    refused: list[tuple[ServicePoint, list[str]]] = field(default_factory=list)
    skipped: list[ServicePoint] = field(default_factory=list)


def observer_workloads(
    *, observer_ids: Sequence[int], period_start: dt.datetime, period_end: dt.datetime
) -> dict[int, int]:
    """Missions (not cancelled) each observer has starting in the period."""
    loads = dict.fromkeys(observer_ids, 0)
    rows = (
        Mission.objects.filter(
            observer_id__in=list(observer_ids),
            window_start__gte=period_start,
            window_start__lt=period_end,
        )
        .exclude(status=MissionStatus.CANCELLED)
        .values_list("observer_id", flat=True)
    )
    for observer_id in rows:
        if observer_id is not None:
            loads[observer_id] = loads.get(observer_id, 0) + 1
    return loads


def _covered_point_ids(
    *, point_ids: Sequence[int], channel: str, period_start: dt.datetime, period_end: dt.datetime
) -> set[int]:
    missions = Mission.objects.filter(
        service_point_id__in=list(point_ids),
        window_start__gte=period_start,
        window_start__lt=period_end,
    ).exclude(status=MissionStatus.CANCELLED)
    if channel:
        missions = missions.filter(channel=channel)
    return set(missions.values_list("service_point_id", flat=True))


def _plan_observers(observers: Sequence[User]) -> list[PlanObserver]:
    profiles = {
        p.user_id: p
        for p in ObserverProfile.objects.filter(user__in=observers).select_related(
            "home_delegation"
        )
    }
    result = []
    for user in observers:
        profile = profiles.get(user.pk)
        result.append(
            PlanObserver(
                observer_id=user.pk,
                governorate_id=profile.home_delegation.governorate_id if profile else None,
                pseudonym=profile.pseudonym if profile else user.get_username(),
            )
        )
    return result


def month_period(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month holding `moment` (the default planning period), as [start, end)."""
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def _validate_batch(points: Sequence[ServicePoint], observers: Sequence[User]) -> None:
    if not points:
        raise ValidationError({"service_points": [_("Select at least one service point.")]})
    if len(points) > MAX_BATCH:
        raise ValidationError(
            {"service_points": [_("At most 500 missions can be created at once.")]}
        )
    if not observers:
        raise ValidationError({"observers": [_("Select at least one observer.")]})


@transaction.atomic
def mission_batch_assign(
    *,
    actor: User,
    service_points: Sequence[ServicePoint],
    observers: Sequence[User],
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    period_start: dt.datetime | None = None,
    period_end: dt.datetime | None = None,
    channel: str = "",
    campaign: str = "",
) -> BatchResult:
    """Create one assigned mission per uncovered point, balanced over `observers`.

    One observer = manual assignment of the whole selection; several = balancing.
    Points already covered in the period (a mission not cancelled, same channel) are
    skipped: re-submitting the same form creates nothing twice. Valid points are created,
    refused points are reported with their reasons; all in one transaction.
    """
    _validate_batch(service_points, observers)
    if period_start is None or period_end is None:
        period_start, period_end = month_period(window_start)
    channel = channel or grid_version.grid.channel
    by_id = {p.pk: p for p in service_points}
    covered = _covered_point_ids(
        point_ids=list(by_id), channel=channel, period_start=period_start, period_end=period_end
    )
    result = BatchResult(skipped=[by_id[i] for i in sorted(covered, key=lambda i: by_id[i].code)])
    todo = [p for p in service_points if p.pk not in covered]
    users = {u.pk: u for u in observers}

    def conflicts(observer_id: int, point_id: int) -> list[str]:
        return mission_conflicts(
            observer=users[observer_id],
            service_point=by_id[point_id],
            window_start=window_start,
            grid_version=grid_version,
            channel=channel,
        )

    plan = assignment_plan(
        points=[PlanPoint(p.pk, p.governorate_id, p.code) for p in todo],
        observers=_plan_observers(observers),
        loads=observer_workloads(
            observer_ids=list(users), period_start=period_start, period_end=period_end
        ),
        conflicts=conflicts,
    )
    for point in sorted(todo, key=lambda p: (p.code, p.pk)):
        if point.pk in plan.refused:
            result.refused.append((point, plan.refused[point.pk]))
            continue
        result.created.append(
            mission_create(
                actor=actor,
                service_point=point,
                grid_version=grid_version,
                window_start=window_start,
                window_end=window_end,
                channel=channel,
                campaign=campaign,
                observer=users[plan.assigned[point.pk]],
            )
        )
    return result
