"""A small planning world built through the services: two governorates (one interior), points
with coordinates, observers with home delegations, a campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from raqib.grids import services as grid_services
from raqib.grids.models import Grid, GridVersion
from raqib.grids.tests.factories import make_draft
from raqib.planning import services
from raqib.planning.models import Campaign
from raqib.registry.models import Delegation, Governorate, RegionTag
from raqib.registry.reference_data import INTERIOR_TAG
from raqib.registry.tests.factories import ServicePointFactory

START = dt.date(2027, 1, 4)  # a Monday
END = dt.date(2027, 1, 29)


def published(code: str, channel: str) -> GridVersion:
    existing = GridVersion.objects.filter(grid__code=code, status="published").first()
    if existing:
        return existing
    draft = make_draft(code)
    Grid.objects.filter(pk=draft.grid_id).update(channel=channel)
    draft.refresh_from_db()
    return grid_services.grid_version_publish(actor=None, version=draft)


@dataclass
class World:
    campaign: Campaign
    points: list[Any]
    observers: list[Any]
    coast: Delegation
    interior: Delegation


def _delegation(interior: bool) -> Delegation:
    tag = RegionTag.objects.get(code=INTERIOR_TAG)
    govs = tag.governorates.values_list("pk", flat=True)
    qs = (
        Delegation.objects.filter(governorate__in=govs)
        if interior
        else Delegation.objects.exclude(governorate__in=govs)
    )
    return qs.order_by("code").last()  # type: ignore[return-value]


def world(
    *,
    coordinator: Any,
    make_observer: Any,
    budget_tnd: int = 2000,
    points: int = 8,
    **campaign: Any,
) -> World:
    coast, inner = _delegation(False), _delegation(True)
    made = []
    for k in range(points):
        where = inner if k % 2 else coast
        lat, lon = ("35.170000", "8.830000") if k % 2 else ("36.800000", "10.180000")
        made.append(
            ServicePointFactory(
                code=f"PLN-{k:03d}",
                delegation=where,
                governorate=where.governorate,
                latitude=lat,
                longitude=lon,
                phones="71000000" if k % 3 == 0 else "",
            )
        )
    home = (
        Delegation.objects.filter(governorate=coast.governorate)
        .exclude(pk=coast.pk)
        .order_by("code")
        .first()
    )
    observers = [make_observer(f"plan{k}", home_delegation=home) for k in range(3)]
    params: dict[str, Any] = {
        "name": "Campagne test",
        "starts_on": START,
        "ends_on": END,
        "budget": budget_tnd * 1000,
        "grid_in_person": published("PLANVISIT", "in_person"),
        "grid_phone": published("PLANPHONE", "phone"),
        "target_coverage": Decimal("0.5"),
        "target_interior": Decimal("0.5"),
        "governorate_floor": Decimal("0"),
        "min_in_person": Decimal("0.5"),
        "governorates": [coast.governorate, inner.governorate],
    }
    params.update(campaign)
    c = services.campaign_create(actor=coordinator, **params)
    for o in observers:
        services.campaign_observer_set(
            actor=coordinator, campaign=c, observer=o, per_week=8, days_per_week=3
        )
    return World(campaign=c, points=made, observers=observers, coast=coast, interior=inner)


def governorates(w: World) -> list[Governorate]:
    return [w.coast.governorate, w.interior.governorate]
