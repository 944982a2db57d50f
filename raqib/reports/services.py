"""Writes of the reports app's dashboard side: the governorate boundary file."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from raqib.core.writes import model_create, model_update, no_check
from raqib.registry.models import Governorate

from . import maps
from .models import MapBoundary

if TYPE_CHECKING:
    from raqib.accounts.models import User


@transaction.atomic
def map_boundary_upload(*, actor: User, name: str, data: bytes) -> MapBoundary:
    """Validate and simplify a GeoJSON boundary file, then make it the map in use.

    Raises ValidationError (nothing stored) when the file is not acceptable; the previous
    active file, if any, is set aside (kept for the record, no longer drawn).
    """
    known = set(Governorate.objects.values_list("iso_code", flat=True)) or maps.ISO_CODES
    shapes, bbox = maps.parse_boundaries(
        data, max_bytes=settings.RAQIB_MAP_MAX_BYTES, known_codes=known
    )
    replaced = list(
        MapBoundary.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True)
    )
    MapBoundary.objects.filter(pk__in=replaced).update(is_active=False)
    boundary = MapBoundary(
        name=name.strip()[:200],
        shapes=shapes,
        bbox=bbox,
        sha256=hashlib.sha256(data).hexdigest(),
        is_active=True,
        uploaded_by=actor,
    )
    return model_create(
        instance=boundary,
        actor=actor,
        action="map_boundary.upload",
        label=boundary.name,
        extra={
            "sha256": boundary.sha256,
            "bytes": len(data),
            "governorates": len(shapes),
            "bbox": bbox,
            "replaced": replaced,
        },
    )


@transaction.atomic
def map_boundary_deactivate(*, actor: User, boundary: MapBoundary) -> MapBoundary:
    """Stop drawing this file: the dashboard goes back to the tile map."""
    boundary = MapBoundary.objects.select_for_update().get(pk=boundary.pk)
    model_update(
        instance=boundary,
        actor=actor,
        action="map_boundary.deactivate",
        data={"is_active": False},
        label=boundary.name,
        validate=no_check,
    )
    return boundary
