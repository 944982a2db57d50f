"""Grids and draft versions: create, update, open a new draft, discard a draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record, diff_fields

from ..models import Grid, GridChannel, GridKind, GridVersion, VersionStatus
from ._common import apply_fields, ensure_draft, snapshot_of

GRID_FIELDS = [
    "code",
    "kind",
    "channel",
    "title_ar",
    "title_fr",
    "description_ar",
    "description_fr",
    "conformity_threshold",
    "critical_cap",
]


@transaction.atomic
def grid_create(
    *,
    actor: Any,
    code: str,
    channel: str,
    title_ar: str,
    title_fr: str,
    kind: str = GridKind.EVALUATION,
    description_ar: str = "",
    description_fr: str = "",
    conformity_threshold: float = 7.0,
    critical_cap: float | None = None,
    create_draft: bool = True,
) -> Grid:
    """Create a grid and (by default) its first, empty draft version (number 1)."""
    grid = Grid(
        code=code,
        kind=kind,
        channel=channel,
        title_ar=title_ar,
        title_fr=title_fr,
        description_ar=description_ar,
        description_fr=description_fr,
        conformity_threshold=conformity_threshold,
        critical_cap=critical_cap,
    )
    grid.full_clean()
    grid.save()
    audit_event_record(
        actor=actor,
        action="grid.create",
        object_type="grids.grid",
        object_id=grid.pk,
        object_label=grid.code,
        changes=diff_fields({}, snapshot_of(grid, GRID_FIELDS)),
    )
    if create_draft:
        grid_version_create_draft(actor=actor, grid=grid)
    return grid


@transaction.atomic
def grid_update(*, actor: Any, grid: Grid, **changes: Any) -> Grid:
    """Change a grid's identity and settings. Published versions keep their frozen copy."""
    before = snapshot_of(grid, GRID_FIELDS)
    apply_fields(grid, GRID_FIELDS, changes)
    grid.full_clean()
    grid.save()
    changed = diff_fields(before, snapshot_of(grid, GRID_FIELDS))
    if changed:
        audit_event_record(
            actor=actor,
            action="grid.update",
            object_type="grids.grid",
            object_id=grid.pk,
            object_label=grid.code,
            changes=changed,
        )
    return grid


@transaction.atomic
def grid_version_create_draft(*, actor: Any, grid: Grid) -> GridVersion:
    """Open an empty draft with the next number (one draft per grid at a time)."""
    # Lock the grid so that two coordinators cannot both take the same next number.
    Grid.objects.select_for_update().filter(pk=grid.pk).first()
    if GridVersion.objects.filter(grid=grid, status=VersionStatus.DRAFT).exists():
        raise ValidationError(
            _("This grid already has a draft version: edit it or discard it first.")
        )
    number = (GridVersion.objects.filter(grid=grid).aggregate(n=Max("number"))["n"] or 0) + 1
    version = GridVersion(grid=grid, number=number, status=VersionStatus.DRAFT)
    version.full_clean()
    version.save()
    audit_event_record(
        actor=actor,
        action="grid_version.create_draft",
        object_type="grids.gridversion",
        object_id=version.pk,
        object_label=str(version),
        changes={"number": [None, number]},
    )
    return version


@transaction.atomic
def grid_version_delete_draft(*, actor: Any, version: GridVersion) -> None:
    """Discard a draft and all its rows. Published and retired versions are never deleted."""
    ensure_draft(version)
    label, pk = str(version), version.pk
    version.delete()
    audit_event_record(
        actor=actor,
        action="grid_version.delete_draft",
        object_type="grids.gridversion",
        object_id=pk,
        object_label=label,
    )


__all__ = [
    "GRID_FIELDS",
    "GridChannel",
    "grid_create",
    "grid_update",
    "grid_version_create_draft",
    "grid_version_delete_draft",
]
