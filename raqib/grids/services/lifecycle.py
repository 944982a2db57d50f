"""The life of a version: draft → published → retired; clone a version into a new draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record

from .. import snapshot as snap
from ..models import GridVersion, VersionStatus
from ..validation import Problem, snapshot_problems
from ._common import ensure_draft
from .grids import grid_version_create_draft


def grid_version_build_snapshot(version: GridVersion) -> dict[str, Any]:
    """The snapshot of a draft from its rows; of a frozen version, its stored snapshot."""
    if version.status != VersionStatus.DRAFT and version.snapshot is not None:
        return version.snapshot
    return snap.build(version)


def grid_version_problems(version: GridVersion) -> list[Problem]:
    """What would prevent publication (empty when the draft is ready), for the UI."""
    return snapshot_problems(grid_version_build_snapshot(version))


@transaction.atomic
def grid_version_publish(*, actor: Any, version: GridVersion) -> GridVersion:
    """Validate the draft, freeze its snapshot and hash. Nothing changes if a check fails."""
    ensure_draft(version)
    version.refresh_from_db()
    snapshot = snap.build(version)
    problems = snapshot_problems(snapshot)
    if problems:
        raise ValidationError([p.message for p in problems])
    version.snapshot = snapshot
    version.content_hash = snap.content_hash(snapshot)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.full_clean()
    version.save()
    audit_event_record(
        actor=actor,
        action="grid_version.publish",
        object_type="grids.gridversion",
        object_id=version.pk,
        object_label=str(version),
        changes={"status": ["draft", "published"], "content_hash": ["", version.content_hash]},
    )
    return version


@transaction.atomic
def grid_version_clone(*, actor: Any, version: GridVersion) -> GridVersion:
    """A new draft of the same grid whose rows are rebuilt from `version`'s snapshot."""
    if version.status == VersionStatus.DRAFT or version.snapshot is None:
        raise ValidationError(_("Only a published or retired version can be cloned."))
    draft = grid_version_create_draft(actor=actor, grid=version.grid)
    draft.cloned_from = version
    draft.save(update_fields=["cloned_from", "updated_at"])
    snap.rows_create(draft, version.snapshot)
    audit_event_record(
        actor=actor,
        action="grid_version.clone",
        object_type="grids.gridversion",
        object_id=draft.pk,
        object_label=str(draft),
        changes={"cloned_from": [None, str(version)]},
    )
    return draft


@transaction.atomic
def grid_version_retire(*, actor: Any, version: GridVersion) -> GridVersion:
    """Stop offering a published version for new missions; it stays readable forever."""
    locked = GridVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    locked.status = VersionStatus.RETIRED
    locked.retired_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "retired_at", "updated_at"])
    audit_event_record(
        actor=actor,
        action="grid_version.retire",
        object_type="grids.gridversion",
        object_id=locked.pk,
        object_label=str(locked),
        changes={"status": ["published", "retired"]},
    )
    version.status, version.retired_at = locked.status, locked.retired_at
    return locked
