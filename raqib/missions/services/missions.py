"""Mission writes: create (one, bulk, paired), assign, reassign, cancel — with conflict rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.accounts.models import ObserverProfile
from raqib.core import conf
from raqib.core.roles import Role
from raqib.core.writes import model_create, model_update, no_check
from raqib.grids.models import GridVersion, VersionStatus
from raqib.missions import notify, signals
from raqib.missions.models import Mission, MissionStatus, Report, new_mission_code
from raqib.registry.models import PublicBody, ServicePoint
from raqib.training.selectors import certification_gaps

from ._common import conflict, transition

if TYPE_CHECKING:
    from raqib.accounts.models import User

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


def _clean(mission: Mission) -> None:
    mission.full_clean(exclude=["pair"])


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
    observer: User,
    service_point: ServicePoint,
    window_start: dt.datetime,
    exclude_mission: Mission | None = None,
    grid_version: GridVersion | None = None,
    channel: str = "",
) -> list[str]:
    """Every reason why `observer` may not visit `service_point` (translated; empty = fine).

    With `grid_version` (and the mission's `channel`, by default the grid's), training is
    asked too: an observer not certified for that version and channel is refused with the
    reason (raqib.training.selectors.certification_gaps; no requirement, no gate).

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
    if profile.suspended_on(timezone.localtime(window_start).date()):
        reasons.append(
            _("The observer is suspended until %(day)s: %(reason)s")
            % {
                "day": profile.suspended_until.strftime("%d/%m/%Y"),  # type: ignore[union-attr]
                "reason": profile.suspension_reason,
            }
        )
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
    if grid_version is not None:
        reasons += certification_gaps(
            observer=observer,
            grid_version=grid_version,
            channel=channel or grid_version.grid.channel,
            on=timezone.localtime(window_start).date(),
        )
    return reasons


def _check_assignable(*, observer: User, mission: Mission, exclude_self: bool = True) -> None:
    reasons = mission_conflicts(
        observer=observer,
        service_point=mission.service_point,
        window_start=mission.window_start,
        exclude_mission=mission if exclude_self else None,
        grid_version=mission.grid_version,
        channel=mission.channel,
    )
    if mission.pair_id and mission.pair and mission.pair.observer_id == observer.pk:
        reasons.append(_("Both missions of a pair need two different observers."))
    if reasons:
        raise ValidationError({"observer": reasons})


def _new_mission(actor: User, **fields: Any) -> Mission:
    grid_version: GridVersion = fields["grid_version"]
    if grid_version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"grid_version": [_("Choose a published grid version.")]})
    if not fields.get("channel"):
        fields["channel"] = grid_version.grid.channel
    for _attempt in range(5):
        mission = Mission(code=new_mission_code(), **fields)
        try:
            return model_create(
                instance=mission,
                actor=actor,
                action="mission.create",
                fields=FIELDS,
                label=mission.code,
                validate=_clean,
            )
        except IntegrityError:  # a code collision (1 in 887 million): draw again
            continue
    raise RuntimeError("could not draw a unique mission code")


@transaction.atomic
def mission_create(
    *,
    actor: User,
    service_point: ServicePoint,
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    channel: str = "",
    campaign: str = "",
    observer: User | None = None,
) -> Mission:
    mission = _new_mission(
        actor,
        service_point=service_point,
        grid_version=grid_version,
        window_start=window_start,
        window_end=window_end,
        channel=channel,
        campaign=campaign,
    )
    if observer is not None:
        mission = mission_assign(actor=actor, mission=mission, observer=observer)
    return mission


@transaction.atomic
def mission_bulk_create(
    *,
    actor: User,
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
    actor: User,
    service_point: ServicePoint,
    grid_version: GridVersion,
    window_start: dt.datetime,
    window_end: dt.datetime,
    observers: tuple[User, User],
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
    # Save the second link after the first: the one-to-one needs each side once.
    for mission, other in ((first, second), (second, first)):
        model_update(
            instance=mission,
            actor=actor,
            action="mission.pair",
            data={"pair": other},
            label=mission.code,
            validate=no_check,
        )
    first = mission_assign(actor=actor, mission=first, observer=first_observer)
    second = mission_assign(actor=actor, mission=second, observer=second_observer)
    return first, second


def _move(mission: Mission, event: str, expected_version: int | None) -> None:
    transition(mission=mission, event=event, expected_version=expected_version)


def _locked(mission: Mission) -> Mission:
    return (
        Mission.objects.select_for_update(of=("self",))
        .select_related("service_point__body", "pair")
        .get(pk=mission.pk)
    )


@transaction.atomic
def mission_assign(
    *, actor: User, mission: Mission, observer: User, expected_version: int | None = None
) -> Mission:
    mission = _locked(mission)
    _check_assignable(observer=observer, mission=mission)
    model_update(
        instance=mission,
        actor=actor,
        action="mission.assign",
        data={"observer": observer},
        fields=FIELDS,
        label=mission.code,
        prepare=lambda m: _move(m, "assign", expected_version),
        validate=_clean,
    )
    notify.mission_assigned(mission=mission, observer=observer)
    return mission


@transaction.atomic
def mission_reassign(
    *, actor: User, mission: Mission, observer: User, expected_version: int | None = None
) -> Mission:
    """Give the mission to another observer; the previous observer's report stays, inactive."""
    mission = _locked(mission)
    if mission.observer_id == observer.pk:
        raise ValidationError({"observer": [_("This observer already holds the mission.")]})
    _check_assignable(observer=observer, mission=mission)
    previous = mission.observer
    model_update(
        instance=mission,
        actor=actor,
        action="mission.reassign",
        data={"observer": observer},
        fields=FIELDS,
        label=mission.code,
        prepare=lambda m: _move(m, "reassign", expected_version),
        validate=_clean,
    )
    Report.objects.filter(mission=mission, is_active=True).update(is_active=False)
    notify.mission_assigned(mission=mission, observer=observer, event="reassign")
    if previous is not None:
        notify.mission_taken_away(mission=mission, previous=previous)
    return mission


@transaction.atomic
def mission_cancel(
    *, actor: User, mission: Mission, expected_version: int | None = None
) -> Mission:
    mission = _locked(mission)
    observer = mission.observer
    model_update(
        instance=mission,
        actor=actor,
        action="mission.cancel",
        data={},
        fields=FIELDS,
        label=mission.code,
        prepare=lambda m: _move(m, "cancel", expected_version),
        validate=no_check,
    )
    notify.mission_cancelled(mission=mission, observer=observer)
    signals.mission_cancelled.send(sender=Mission, mission=mission)
    return mission


# A window may change while the mission is still to be visited (or being corrected).
RESCHEDULABLE = frozenset(
    {
        MissionStatus.PLANNED,
        MissionStatus.ASSIGNED,
        MissionStatus.IN_PROGRESS,
        MissionStatus.RETURNED,
    }
)


@transaction.atomic
def mission_window_change(
    *,
    actor: User,
    mission: Mission,
    window_start: dt.datetime,
    window_end: dt.datetime,
    expected_version: int | None = None,
) -> Mission:
    """Move a mission's visiting window; its observer is told of the new dates."""
    mission = _locked(mission)
    if expected_version is not None and expected_version != mission.version:
        raise conflict("stale")
    if mission.status not in RESCHEDULABLE:
        raise conflict("transition")
    changes = model_update(
        instance=mission,
        actor=actor,
        action="mission.window_change",
        data={"window_start": window_start, "window_end": window_end},
        label=mission.code,
        prepare=_bump_version,
        fields=("window_start", "window_end"),
        validate=_clean,
    )
    if changes:
        notify.mission_window_changed(mission=mission)
    return mission


def _bump_version(mission: Mission) -> None:
    mission.version += 1
