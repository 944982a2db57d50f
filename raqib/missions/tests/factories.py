"""Test helpers: missions built through the services (the only write path)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from raqib.grids.models import GridVersion
from raqib.grids.tests.factories import make_published
from raqib.missions import services
from raqib.missions.models import Mission
from raqib.registry.models import Delegation, ServicePoint
from raqib.registry.tests.factories import ServicePointFactory

VALID_ANSWERS = {"Q01": "yes", "Q02": 5, "Q03": "good", "Q04": "no", "Q05": 4}


def far_delegation() -> Delegation:
    # The observer fixture lives in Delegation.objects.first(): points go elsewhere.
    return Delegation.objects.order_by("-code").first()  # type: ignore[return-value]


def make_point(**kwargs: Any) -> ServicePoint:
    delegation = kwargs.pop("delegation", None) or far_delegation()
    kwargs.setdefault("latitude", "36.800000")
    kwargs.setdefault("longitude", "10.180000")
    return ServicePointFactory(delegation=delegation, governorate=delegation.governorate, **kwargs)


def grid_version() -> GridVersion:
    existing = GridVersion.objects.filter(grid__code="MISSIONTEST", status="published").first()
    return existing or make_published("MISSIONTEST")


def window(hours: int = 4, start_offset_hours: int = -1) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.now() + dt.timedelta(hours=start_offset_hours)
    return start, start + dt.timedelta(hours=hours)


def make_mission(*, actor: Any = None, observer: Any = None, **kwargs: Any) -> Mission:
    start, end = window()
    params: dict[str, Any] = {
        "service_point": kwargs.pop("service_point", None) or make_point(),
        "grid_version": kwargs.pop("grid_version", None) or grid_version(),
        "window_start": start,
        "window_end": end,
    }
    params.update(kwargs)
    return services.mission_create(actor=actor, observer=observer, **params)


def image_bytes(fmt: str = "JPEG", *, exif_gps: bool = False, color: str = "red") -> bytes:
    image = Image.new("RGB", (16, 16), color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (36.0, 48.0, 0.0)
        gps[3] = "E"
        gps[4] = (10.0, 11.0, 0.0)
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()
