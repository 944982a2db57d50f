"""Writes of the reports app's dashboard side: the governorate boundary file."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from raqib.audit.services import audit_event_record
from raqib.registry.models import Governorate

from . import maps
from .models import MapBoundary


@transaction.atomic
def map_boundary_upload(*, actor: Any, name: str, data: bytes) -> MapBoundary:
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
    boundary.full_clean()
    boundary.save()
    audit_event_record(
        actor=actor,
        action="map_boundary.upload",
        object_type="reports.mapboundary",
        object_id=boundary.pk,
        object_label=boundary.name,
        changes={
            "sha256": boundary.sha256,
            "bytes": len(data),
            "governorates": len(shapes),
            "bbox": bbox,
            "replaced": replaced,
        },
    )
    return boundary


@transaction.atomic
def map_boundary_deactivate(*, actor: Any, boundary: MapBoundary) -> MapBoundary:
    """Stop drawing this file: the dashboard goes back to the tile map."""
    boundary = MapBoundary.objects.select_for_update().get(pk=boundary.pk)
    if boundary.is_active:
        boundary.is_active = False
        boundary.save(update_fields=["is_active"])
        audit_event_record(
            actor=actor,
            action="map_boundary.deactivate",
            object_type="reports.mapboundary",
            object_id=boundary.pk,
            object_label=boundary.name,
            changes={"is_active": [True, False]},
        )
    return boundary
