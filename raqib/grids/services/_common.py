"""Helpers shared by the grid services (not part of the public service API)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..models import FrozenVersionError, GridVersion, VersionStatus


def ensure_draft(version: GridVersion) -> None:
    """THE immutability rule: every write to a version's content goes through here first.

    The status is re-read under a row lock so that a publication racing with an edit cannot
    let the edit land after the snapshot was taken.
    """
    status = (
        GridVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != VersionStatus.DRAFT:
        raise FrozenVersionError()


def apply_fields(obj: models.Model, allowed: list[str], changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        # A programming error, not user input: name the offending keys plainly.
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(obj, name, value)


def raise_if_errors(errors: list[str]) -> None:
    if errors:
        raise ValidationError(errors)
