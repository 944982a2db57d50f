"""The life of a version: draft → published → retired; clone a version into a new draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.writes import model_update, no_check

from .. import snapshot as snap
from ..models import GridVersion, VersionStatus
from ..snapshot import grid_version_build_snapshot
from ..validation import Problem, snapshot_problems
from ._common import ensure_draft
from .grids import grid_version_create_draft

if TYPE_CHECKING:
    from raqib.accounts.models import User


def grid_version_problems(version: GridVersion) -> list[Problem]:
    """What would prevent publication (empty when the draft is ready), for the UI."""
    return snapshot_problems(grid_version_build_snapshot(version))


@transaction.atomic
def grid_version_publish(*, actor: User | None, version: GridVersion) -> GridVersion:
    """Validate the draft, freeze its snapshot and hash. Nothing changes if a check fails."""
    ensure_draft(version)
    version.refresh_from_db()
    snapshot = snap.build(version)
    problems = snapshot_problems(snapshot)
    if problems:
        raise ValidationError([p.message for p in problems])
    model_update(
        instance=version,
        actor=actor,
        action="grid_version.publish",
        data={
            "snapshot": snapshot,
            "content_hash": snap.content_hash(snapshot),
            "status": VersionStatus.PUBLISHED,
            "published_at": timezone.now(),
            "published_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=["status", "content_hash"],
        label=str(version),
    )
    return version


@transaction.atomic
def grid_version_clone(*, actor: User | None, version: GridVersion) -> GridVersion:
    """A new draft of the same grid whose rows are rebuilt from `version`'s snapshot."""
    if version.status == VersionStatus.DRAFT or version.snapshot is None:
        raise ValidationError(_("Only a published or retired version can be cloned."))
    draft = grid_version_create_draft(actor=actor, grid=version.grid)
    model_update(
        instance=draft,
        actor=actor,
        action="grid_version.clone",
        data={"cloned_from": version},
        fields=[],
        always=True,
        label=str(draft),
        extra={"cloned_from": [None, str(version)]},
        validate=no_check,
    )
    snap.rows_create(draft, version.snapshot)
    return draft


@transaction.atomic
def grid_version_retire(*, actor: User | None, version: GridVersion) -> GridVersion:
    """Stop offering a published version for new missions; it stays readable forever."""
    locked = GridVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    model_update(
        instance=locked,
        actor=actor,
        action="grid_version.retire",
        data={"status": VersionStatus.RETIRED, "retired_at": timezone.now()},
        fields=["status"],
        label=str(locked),
    )
    version.status, version.retired_at = locked.status, locked.retired_at
    return locked
