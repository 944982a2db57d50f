"""Mission writes: create (one, bulk, paired), assign, reassign, cancel — with conflict rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from raqib.accounts.models import ObserverProfile
from raqib.audit.services import audit_event_record, diff_fields
from raqib.core import conf
from raqib.core.roles import Role
from raqib.grids.models import GridVersion, VersionStatus
from raqib.missions.models import Mission, MissionStatus, Report, new_mission_code
from raqib.registry.models import PublicBody, ServicePoint

from ._common import transition

FIELDS = (
    "service_point",
    "grid_version",
    "channel",
    "observer",
    "window_start",
    "window_end",
    "campaign",
    "status",
    "pair",
)


def _snapshot(mission: Mission) -> dict[str, Any]:
    return {
        name: getattr(
            mission,
            f"{name}_id" if name in ("service_point", "grid_version", "observer", "pair") else name,
        )
        for name in FIELDS
    }


def _audit(actor: Any, action: str, mission: Mission, before: dict[str, Any]) -> None:
    audit_event_record(
        actor=actor,
        action=f"mission.{action}",
        object_type="missions.mission",
        object_id=mission.pk,
        object_label=mission.code,
        changes=diff_fields(before, _snapshot(mission)),
    )


def _body_ancestor_ids(body: PublicBody) -> set[int]:
    """The body and every body above it (the tree is shallow; a loop guard all the same)."""
    found: set[int] = set()
    current: PublicBody | None = body
    while current is not None and current.pk not in found:
        found.add(current.pk)
        current = current.parent
    return found


def mission_conflicts(
    *,
    observer: Any,
    service_point: ServicePoint,
    window_start: dt.datetime,
    exclude_mission: Mission | None = None,
) -> list[str]:
    """Every reason why `observer` may not visit `service_point` (translated; empty = fine).

    Declared bodies cover their whole subtree: declaring a ministry conflicts with every
    office of every body under it, because its agents can recognise the observer there.
    Declaring a sub-body does not conflict with its parent's other offices.
    """
    reasons: list[str] = []
    if not observer.has_role(Role.OBSERVER):
        reasons.append(_("This user is not an observer."))
        return reasons
    profile = ObserverProfile.objects.filter(user=observer).first()
    if profile is None or not profile.is_active:
        reasons.append(_("This observer has no active observer profile."))
        return reasons
    if profile.conflict_service_points.filter(pk=service_point.pk).exists():
        reasons.append(_("The observer declared a conflict of interest with this service point."))
    ancestors = _body_ancestor_ids(service_point.body)
    if profile.conflict_bodies.filter(pk__in=ancestors).exists():
        reasons.append(
            _("The observer declared a conflict of interest with the body of this service point.")
        )
    if (
        conf.coi_home_delegation()
        and service_point.delegation_id
        and service_point.delegation_id == profile.home_delegation_id
    ):
        reasons.append(_("This service point lies in the observer's home delegation."))
    days = conf.coi_revisit_days()
    if days > 0:
        span = dt.timedelta(days=days)
        recent = Mission.objects.filter(
            observer=observer,
            service_point=service_point,
            window_start__gt=window_start - span,
            window_start__lt=window_start + span,
        ).exclude(status=MissionStatus.CANCELLED)
        if exclude_mission is not None:
            recent = recent.exclude(pk=exclude_mission.pk)
        if recent.exists():
            reasons.append(
                _("The observer already has a mission at this service point within %(days)s days.")
                % {"days": days}
            )
    return reasons


def _check_assignable(*, observer: Any, mission: Mission, exclude_self: bool = True) -> None:
    reasons = mission_conflicts(
        observer=observer,
        service_point=mission.service_point,
        window_start=mission.window_start,
        exclude_mission=mission if exclude_self else None,
    )
    if mission.pair_id and mission.pair and mission.pair.observer_id == observer.pk:
        reasons.append(_("Both missions of a pair need two different observers."))
    if reasons:
        raise ValidationError({"observer": reasons})


def _new_mission(**fields: Any) -> Mission:
    grid_version: GridVersion = fields["grid_version"]
    if grid_version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"grid_version": [_("Choose a published grid version.")]})
    if not fields.get("channel"):
        fields["channel"] = grid_version.grid.channel
    for _attempt in range(5):
        mission = Mission(code=new_mission_code(), **fields)
        mission.full_clean(exclude=["pair"])
        try:
            with transaction.atomic():
                mission.save()
            return mission
        except IntegrityError:  # a code collision (1 in 887 million): draw again
            continue
    raise RuntimeError("could not draw a unique mission code")


@transaction.atomic
def mission_create(
    *,
    actor: Any,
    service_point: ServicePoint,
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    channel: str = "",
    campaign: str = "",
    observer: Any = None,
) -> Mission:
    mission = _new_mission(
        service_point=service_point,
        grid_version=grid_version,
        window_start=window_start,
        window_end=window_end,
        channel=channel,
        campaign=campaign,
    )
    _audit(actor, "create", mission, {})
    if observer is not None:
        mission = mission_assign(actor=actor, mission=mission, observer=observer)
    return mission


@transaction.atomic
def mission_bulk_create(
    *,
    actor: Any,
    service_point_ids: Sequence[int],
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    channel: str = "",
    campaign: str = "",
) -> list[Mission]:
    """One planned mission per service point, all or nothing."""
    points = list(ServicePoint.objects.filter(pk__in=set(service_point_ids)).order_by("code"))
    if not points:
        raise ValidationError({"service_points": [_("Select at least one service point.")]})
    if len(points) > 500:
        raise ValidationError(
            {"service_points": [_("At most 500 missions can be created at once.")]}
        )
    return [
        mission_create(
            actor=actor,
            service_point=point,
            grid_version=grid_version,
            window_start=window_start,
            window_end=window_end,
            channel=channel,
            campaign=campaign,
        )
        for point in points
    ]


@transaction.atomic
def mission_pair_create(
    *,
    actor: Any,
    service_point: ServicePoint,
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    observers: tuple[Any, Any],
    channel: str = "",
    campaign: str = "",
) -> tuple[Mission, Mission]:
    """Two missions at the same point and window for two different observers."""
    first_observer, second_observer = observers
    if first_observer.pk == second_observer.pk:
        raise ValidationError({"observer": [_("Choose two different observers.")]})
    common: dict[str, Any] = {
        "actor": actor,
        "service_point": service_point,
        "grid_version": grid_version,
        "window_start": window_start,
        "window_end": window_end,
        "channel": channel,
        "campaign": campaign,
    }
    first = mission_create(**common)
    second = mission_create(**common)
    first.pair, second.pair = second, first
    # Save the second link after the first: the one-to-one needs each side once.
    first.save(update_fields=["pair", "updated_at"])
    second.save(update_fields=["pair", "updated_at"])
    first = mission_assign(actor=actor, mission=first, observer=first_observer)
    second = mission_assign(actor=actor, mission=second, observer=second_observer)
    return first, second


def _locked(mission: Mission) -> Mission:
    return (
        Mission.objects.select_for_update(of=("self",))
        .select_related("service_point__body", "pair")
        .get(pk=mission.pk)
    )


@transaction.atomic
def mission_assign(
    *, actor: Any, mission: Mission, observer: Any, expected_version: int | None = None
) -> Mission:
    mission = _locked(mission)
    before = _snapshot(mission)
    _check_assignable(observer=observer, mission=mission)
    transition(mission=mission, event="assign", expected_version=expected_version)
    mission.observer = observer
    mission.full_clean(exclude=["pair"])
    mission.save()
    _audit(actor, "assign", mission, before)
    return mission


@transaction.atomic
def mission_reassign(
    *, actor: Any, mission: Mission, observer: Any, expected_version: int | None = None
) -> Mission:
    """Give the mission to another observer; the previous observer's report stays, inactive."""
    mission = _locked(mission)
    if mission.observer_id == observer.pk:
        raise ValidationError({"observer": [_("This observer already holds the mission.")]})
    before = _snapshot(mission)
    _check_assignable(observer=observer, mission=mission)
    transition(mission=mission, event="reassign", expected_version=expected_version)
    Report.objects.filter(mission=mission, is_active=True).update(is_active=False)
    mission.observer = observer
    mission.full_clean(exclude=["pair"])
    mission.save()
    _audit(actor, "reassign", mission, before)
    return mission


@transaction.atomic
def mission_cancel(*, actor: Any, mission: Mission, expected_version: int | None = None) -> Mission:
    mission = _locked(mission)
    before = _snapshot(mission)
    transition(mission=mission, event="cancel", expected_version=expected_version)
    mission.save()
    _audit(actor, "cancel", mission, before)
    return mission
