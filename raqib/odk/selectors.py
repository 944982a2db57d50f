"""Reads for ODK Collect: who a key belongs to, and the forms an observer is offered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from raqib.core.access import has_any_role
from raqib.core.roles import Role
from raqib.missions.models import Mission, MissionStatus

from .models import CollectKey
from .services import key_digest
from .xform import md5_hash, mission_xform

if TYPE_CHECKING:
    from raqib.accounts.models import User

# Missions Collect offers: assigned or started. A report returned for correction is corrected
# in the observer app, where the coordinator's comment is (docs/odk-collect.md).
OFFERED = (MissionStatus.ASSIGNED, MissionStatus.IN_PROGRESS)


def key_user(key: str) -> User:
    """The observer a live key belongs to; 404 for an unknown or revoked key, or a user who
    is no longer an active observer."""
    found = (
        CollectKey.objects.select_related("user")
        .filter(digest=key_digest(key or ""), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active or not has_any_role(found.user, [Role.OBSERVER]):
        raise Http404
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        CollectKey.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def live_key(user: User) -> CollectKey | None:
    return CollectKey.objects.filter(user=user, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class Form:
    mission: Mission
    title: str
    xform: str

    @property
    def hash(self) -> str:
        return md5_hash(self.xform)


def _title(mission: Mission) -> str:
    return f"{mission.code} — {mission.service_point.name_ar}"


def _form(mission: Mission) -> Form:
    title = _title(mission)
    version = mission.grid_version
    xform = mission_xform(
        mission_pk=mission.pk,
        title=title,
        snapshot=version.snapshot or {},
        sha=version.content_hash,
    )
    return Form(mission=mission, title=title, xform=xform)


def offered_forms(user: User) -> list[Form]:
    missions = (
        Mission.objects.filter(observer=user, status__in=OFFERED)
        .select_related("service_point", "grid_version")
        .order_by("window_start", "code")
    )
    return [_form(mission) for mission in missions]


def offered_mission(user: User, pk: int | None) -> Mission:
    """One of the missions offered to `user` in Collect (scope only: no XForm is built)."""
    mission = (
        Mission.objects.filter(observer=user, status__in=OFFERED, pk=pk)
        .select_related("service_point", "grid_version")
        .first()
        if pk is not None
        else None
    )
    if mission is None:
        raise Http404
    return mission


def offered_form(user: User, pk: int | None) -> Form:
    return _form(offered_mission(user, pk))
