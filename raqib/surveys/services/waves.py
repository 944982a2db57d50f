"""Waves: create, edit, choose target service points, open / pause / close."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, model_update, no_check
from raqib.grids.models import GridKind, GridVersion, VersionStatus
from raqib.registry.models import Governorate, PublicBody, RegionTag, ServiceCategory, ServicePoint
from raqib.registry.selectors import public_body_descendant_ids

from ..models import SurveyWave, WaveServicePoint, WaveStatus

if TYPE_CHECKING:
    from raqib.accounts.models import User

WAVE_FIELDS = [
    "code",
    "title_ar",
    "title_fr",
    "grid_version",
    "starts_on",
    "ends_on",
    "target_responses",
    "min_sample",
]
# Every allowed status change, in one place.
TRANSITIONS: dict[str, set[str]] = {
    WaveStatus.DRAFT: {WaveStatus.OPEN},
    WaveStatus.OPEN: {WaveStatus.PAUSED, WaveStatus.CLOSED},
    WaveStatus.PAUSED: {WaveStatus.OPEN, WaveStatus.CLOSED},
    WaveStatus.CLOSED: set(),
}


def _check_version(version: GridVersion | None) -> None:
    if version is None:
        return
    if version.status != VersionStatus.PUBLISHED or version.grid.kind != GridKind.SURVEY:
        raise ValidationError(
            {"grid_version": _("Choose a published version of a satisfaction survey.")}
        )


@transaction.atomic
def survey_wave_create(
    *,
    actor: User,
    code: str,
    title_ar: str,
    title_fr: str,
    grid_version: GridVersion,
    starts_on: dt.date,
    ends_on: dt.date,
    target_responses: int = 50,
    min_sample: int = 30,
) -> SurveyWave:
    _check_version(grid_version)
    wave = SurveyWave(
        code=code,
        title_ar=title_ar,
        title_fr=title_fr,
        grid_version=grid_version,
        starts_on=starts_on,
        ends_on=ends_on,
        target_responses=target_responses,
        min_sample=min_sample,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return model_create(
        instance=wave, actor=actor, action="survey_wave.create", fields=WAVE_FIELDS, label=code
    )


@transaction.atomic
def survey_wave_update(*, actor: User, wave: SurveyWave, **changes: Any) -> SurveyWave:
    """Edit a wave. Its questionnaire is fixed once answers exist (they refer to it)."""
    wave = SurveyWave.objects.select_for_update().get(pk=wave.pk)
    unknown = set(changes) - set(WAVE_FIELDS)
    if unknown:
        raise ValueError(f"unknown wave fields: {sorted(unknown)}")
    if wave.status == WaveStatus.CLOSED:
        raise ValidationError(_("A closed wave can no longer be changed."))
    new_version = changes.get("grid_version")
    if new_version is not None and new_version.pk != wave.grid_version_id:
        if wave.responses.exists():
            raise ValidationError(
                {"grid_version": _("The questionnaire cannot change once answers exist.")}
            )
        _check_version(new_version)
    model_update(
        instance=wave,
        actor=actor,
        action="survey_wave.update",
        data=changes,
        fields=WAVE_FIELDS,
        label=wave.code,
    )
    return wave


def _transition(actor: User, wave: SurveyWave, target: str) -> SurveyWave:
    # Lock the row: two coordinators pressing "close" and "open" must not both win.
    locked = SurveyWave.objects.select_for_update().get(pk=wave.pk)
    if target not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A wave cannot go from “%(old)s” to “%(new)s”.")
            % {"old": locked.get_status_display(), "new": WaveStatus(target).label}
        )
    if target == WaveStatus.OPEN and not locked.points.exists():
        raise ValidationError(_("Add at least one service point before opening the wave."))
    model_update(
        instance=locked,
        actor=actor,
        action=f"survey_wave.{target}",
        data={"status": target},
        label=locked.code,
        validate=no_check,
    )
    return locked


@transaction.atomic
def survey_wave_open(*, actor: User, wave: SurveyWave) -> SurveyWave:
    """Start (or resume) collecting answers."""
    return _transition(actor, wave, WaveStatus.OPEN)


@transaction.atomic
def survey_wave_pause(*, actor: User, wave: SurveyWave) -> SurveyWave:
    return _transition(actor, wave, WaveStatus.PAUSED)


@transaction.atomic
def survey_wave_close(*, actor: User, wave: SurveyWave) -> SurveyWave:
    return _transition(actor, wave, WaveStatus.CLOSED)


def _new_token() -> str:
    while True:
        token = secrets.token_urlsafe(8)
        if not WaveServicePoint.objects.filter(token=token).exists():
            return token


def target_points(
    *,
    body: PublicBody | None = None,
    category: ServiceCategory | None = None,
    governorate: Governorate | None = None,
    region: RegionTag | None = None,
    points: Iterable[ServicePoint] = (),
) -> list[ServicePoint]:
    """Active points matching every criterion given (a body counts its descendants), plus
    the hand-picked `points`. No criterion and no point: nothing (never "the whole country"
    by accident)."""
    chosen: dict[int, ServicePoint] = {p.pk: p for p in points}
    if any(x is not None for x in (body, category, governorate, region)):
        qs = ServicePoint.objects.filter(is_active=True)
        if body is not None:
            qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[body.pk]))
        if category is not None:
            qs = qs.filter(category=category)
        if governorate is not None:
            qs = qs.filter(governorate=governorate)
        if region is not None:
            qs = qs.filter(governorate__region_tags=region)
        for point in qs.distinct():
            chosen.setdefault(point.pk, point)
    return sorted(chosen.values(), key=lambda p: p.code)


@transaction.atomic
def survey_wave_targets_add(
    *,
    actor: User,
    wave: SurveyWave,
    body: PublicBody | None = None,
    category: ServiceCategory | None = None,
    governorate: Governorate | None = None,
    region: RegionTag | None = None,
    points: Iterable[ServicePoint] = (),
) -> list[WaveServicePoint]:
    """Add the matching points to the wave, each with its own link token. Points already in
    the wave keep their token (posters already printed stay valid)."""
    if wave.status == WaveStatus.CLOSED:
        raise ValidationError(_("A closed wave can no longer be changed."))
    wanted = target_points(
        body=body, category=category, governorate=governorate, region=region, points=points
    )
    if not wanted:
        raise ValidationError(_("No active service point matches this selection."))
    present = set(wave.points.values_list("service_point_id", flat=True))
    added = []
    for point in wanted:
        if point.pk in present:
            continue
        row = WaveServicePoint(wave=wave, service_point=point, token=_new_token())
        row.full_clean()
        row.save()
        added.append(row)
    if added:
        model_audit(
            instance=wave,
            actor=actor,
            action="survey_wave.targets_add",
            label=wave.code,
            changes={"service_points": [None, [r.service_point.code for r in added]]},
        )
    return added


@transaction.atomic
def survey_wave_point_remove(*, actor: User, wave_point: WaveServicePoint) -> None:
    """Remove a point that has no answer yet (answers are never thrown away)."""
    if wave_point.responses.exists():
        raise ValidationError(_("This service point already has answers: it stays in the wave."))
    wave = wave_point.wave
    code = wave_point.service_point.code
    wave_point.delete()
    model_audit(
        instance=wave,
        actor=actor,
        action="survey_wave.point_remove",
        label=wave.code,
        changes={"service_points": [[code], None]},
    )
