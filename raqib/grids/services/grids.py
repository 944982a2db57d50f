"""Grids and draft versions: create, update, open a new draft, discard a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from raqib.core.writes import model_create, model_delete, model_update

from ..models import Grid, GridChannel, GridKind, GridVersion, VersionStatus
from ._common import ensure_draft

if TYPE_CHECKING:
    from raqib.accounts.models import User

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
    actor: User | None,
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
    model_create(
        instance=grid, actor=actor, action="grid.create", fields=GRID_FIELDS, label=grid.code
    )
    if create_draft:
        grid_version_create_draft(actor=actor, grid=grid)
    return grid


@transaction.atomic
def grid_update(*, actor: User | None, grid: Grid, **changes: Any) -> Grid:
    """Change a grid's identity and settings. Published versions keep their frozen copy."""
    model_update(
        instance=grid,
        actor=actor,
        action="grid.update",
        data=changes,
        fields=GRID_FIELDS,
        allowed=GRID_FIELDS,
        label=grid.code,
    )
    return grid


@transaction.atomic
def grid_version_create_draft(*, actor: User | None, grid: Grid) -> GridVersion:
    """Open an empty draft with the next number (one draft per grid at a time)."""
    # Lock the grid so that two coordinators cannot both take the same next number.
    Grid.objects.select_for_update().filter(pk=grid.pk).first()
    if GridVersion.objects.filter(grid=grid, status=VersionStatus.DRAFT).exists():
        raise ValidationError(
            _("This grid already has a draft version: edit it or discard it first.")
        )
    number = (GridVersion.objects.filter(grid=grid).aggregate(n=Max("number"))["n"] or 0) + 1
    version = GridVersion(grid=grid, number=number, status=VersionStatus.DRAFT)
    return model_create(
        instance=version,
        actor=actor,
        action="grid_version.create_draft",
        fields=["number"],
        label=str(version),
    )


@transaction.atomic
def grid_version_delete_draft(*, actor: User | None, version: GridVersion) -> None:
    """Discard a draft and all its rows. Published and retired versions are never deleted."""
    ensure_draft(version)
    model_delete(instance=version, actor=actor, action="grid_version.delete_draft")


__all__ = [
    "GRID_FIELDS",
    "GridChannel",
    "grid_create",
    "grid_update",
    "grid_version_create_draft",
    "grid_version_delete_draft",
]
