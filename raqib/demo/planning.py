"""Demo coverage campaign: a semester whose budget cannot reach 80 % interior coverage, solved
at seed time, so the explanation and the budget curve are there on first sign-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from raqib.accounts.models import User
from raqib.grids.models import GridVersion, VersionStatus
from raqib.planning import execution, services
from raqib.planning.models import Campaign
from raqib.registry.models import Governorate

NAME_PREFIX = "حملة التغطية — "
BUDGET_MILLIMES = 2_200_000  # 2,200 TND: short of the interior target
GOVERNORATES = ("TN-41", "TN-42", "TN-43", "TN-51", "TN-52")


def _grid(channel: str) -> GridVersion | None:
    """The newest published version for the channel; for visits, the VISIT grid (the one the
    demo's training certifies for, so that a lapsed certification shows in the plan)."""
    versions = GridVersion.objects.filter(status=VersionStatus.PUBLISHED, grid__channel=channel)
    preferred = versions.filter(grid__code="VISIT").order_by("-number").first()
    return preferred or versions.order_by("grid__code", "-number").first()


def seed_planning(*, coordinator: User, log: Callable[[str], None] | None = None) -> int:
    """Create and solve the demo campaign (once). Returns the planned visits."""
    if Campaign.objects.filter(is_demo=True).exists():
        return 0
    visit = _grid("in_person")
    if visit is None:
        return 0
    today = timezone.localdate()
    start = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    end = start + dt.timedelta(weeks=26) - dt.timedelta(days=3)  # a semester
    campaign = services.campaign_create(
        actor=coordinator,
        name=f"{NAME_PREFIX}{start:%Y-%m}",
        starts_on=start,
        ends_on=end,
        budget=BUDGET_MILLIMES,
        grid_in_person=visit,
        grid_phone=_grid("phone"),
        grid_web=_grid("web"),
        target_coverage=Decimal("0.8"),
        target_interior=Decimal("0.8"),
        governorate_floor=Decimal("0.5"),
        min_in_person=Decimal("0.6"),
        is_demo=True,
    )
    # Five governorates, three of them interior: the centre-west, where the programme starts.
    campaign.governorates.set(Governorate.objects.filter(iso_code__in=GOVERNORATES))
    services.campaign_observers_add_active(actor=coordinator, campaign=campaign)
    services.campaign_items_pull(actor=coordinator, campaign=campaign)
    # A short time limit: the demo is seeded in one go (the page shows the gap it leaves).
    run, _created = services.plan_run_create(actor=coordinator, campaign=campaign, time_limit=10)
    run = execution.plan_run_execute(run.pk)
    if log:
        log(f"planning: campaign {campaign.pk}, plan {run.pk} {run.status}")
    return run.visits.count()
