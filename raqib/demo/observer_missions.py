"""Missions for the demo observer, so that the observer app is alive at the first sign-in.

Issue 11: the demo observer ("observer") had no mission and saw an empty app. Four missions
across three channels (in-person visits, a phone call, a website check), with windows open
around the day the demo is seeded, at points of the observer's governorate (Le Kef) outside
their home delegation (conflict-of-interest rules apply: a refused point is skipped).
Through the real service (mission_create, assigned and audited). Idempotent: a plan entry
that still has an open mission of this campaign is not created again; once its window has
closed, the next seeding adds a fresh one.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from raqib.accounts.models import User
from raqib.grids.models import GridVersion
from raqib.missions import services as missions
from raqib.missions.models import Mission, MissionStatus
from raqib.registry.models import ServicePoint

CAMPAIGN = "demo-observer"
OBSERVER = "observer"
# (grid code, days before today the window opens, days after today it closes)
PLAN: list[tuple[str, int, int]] = [
    ("VISIT", 1, 6),
    ("PHONE", 0, 3),
    ("WEB", 2, 10),
    ("VISIT", 0, 14),
]
OPEN = (MissionStatus.ASSIGNED, MissionStatus.IN_PROGRESS, MissionStatus.RETURNED)


def _open_missions(observer: User) -> list[Mission]:
    return list(
        Mission.objects.filter(
            observer=observer,
            campaign=CAMPAIGN,
            status__in=OPEN,
            window_end__gt=timezone.now(),
        ).select_related("grid_version__grid")
    )


def seed_observer_missions(*, coordinator: User) -> int:
    """Create the demo observer's missing open missions; returns how many were created."""
    observer = User.objects.filter(username=OBSERVER).select_related("observer_profile").first()
    profile = getattr(observer, "observer_profile", None) if observer else None
    if observer is None or profile is None:
        return 0
    versions = {
        v.grid.code: v
        for v in GridVersion.objects.filter(
            grid__code__in={code for code, _before, _after in PLAN}, status="published"
        ).select_related("grid")
    }
    home = profile.home_delegation
    points = list(
        ServicePoint.objects.filter(
            is_active=True, is_demo=True, governorate_id=home.governorate_id
        )
        .exclude(delegation=home)
        .order_by("code")
    )
    # Plan entries still covered by an open mission (one mission covers one entry).
    waiting = [m.grid_version.grid.code for m in _open_missions(observer)]
    used = set(Mission.objects.filter(campaign=CAMPAIGN).values_list("service_point_id", flat=True))
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    created = 0
    for code, before, after in PLAN:
        if code in waiting:
            waiting.remove(code)
            continue
        version = versions.get(code)
        if version is None:
            continue
        # A window opening today opens at midnight: seeded in the small hours (a demo reset at
        # night, CI after 23:00 UTC), an 08:00 start would leave it not yet open.
        opens_at = dt.time(8) if before else dt.time(0)
        start = dt.datetime.combine(today - dt.timedelta(days=before), opens_at, tzinfo=tz)
        end = dt.datetime.combine(today + dt.timedelta(days=after), dt.time(17), tzinfo=tz)
        for point in points:
            if point.pk in used:
                continue
            try:
                with transaction.atomic():
                    missions.mission_create(
                        actor=coordinator,
                        service_point=point,
                        grid_version=version,
                        window_start=start,
                        window_end=end,
                        campaign=CAMPAIGN,
                        observer=observer,
                    )
            except ValidationError:
                continue  # a conflict of interest with this point: try the next one
            used.add(point.pk)
            created += 1
            break
    return created
