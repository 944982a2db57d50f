"""A year of synthetic field activity for the demo: missions, reviews, validated scores.

Everything goes through the real services (mission_create → report_upsert → report_submit →
report_validate), so the dashboards' rollups are filled exactly as in production. Interior
governorates are visited less and score a little lower, so the coverage map has something to
say. Deterministic (fixed seed and dates) and idempotent (skipped once the campaign exists).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from raqib.accounts.models import User
from raqib.accounts.services import observer_profile_upsert, user_create
from raqib.core.roles import Role
from raqib.demo.answers import random_answers
from raqib.grids.models import GridVersion
from raqib.missions import services as missions
from raqib.missions.models import Mission
from raqib.registry.models import Delegation, RegionTag, ServicePoint

CAMPAIGN = "demo-2026"
YEAR = 2026
LAST_MONTH = 11  # validated through November; December stays planned
OBSERVERS = 10
GRIDS = {"VISIT": 0.7, "PHONE": 0.2, "WEB": 0.1}  # share of missions by grid


def _observers(password: str) -> list[User]:
    rng = random.Random(7)  # noqa: S311 — reproducible demo data, not secrets
    delegations = list(Delegation.objects.order_by("code"))
    observers = []
    for number in range(2, OBSERVERS + 2):
        username = f"observer{number:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                password=password,
                roles=[Role.OBSERVER],
                is_demo=True,
            )
            observer_profile_upsert(
                actor=None,
                user=user,
                pseudonym=f"OBS-{number:04d}",
                home_delegation=rng.choice(delegations),
                member={"languages": ["ar", "fr", "en", "ber"][: 2 + number % 3]},
            )
        observers.append(user)
    return observers


def seed_activity(
    *, coordinator: User, password: str, log: Callable[[str], None] | None = None
) -> int:
    """Create the demo campaign's missions; returns how many were validated (0 if present)."""
    if Mission.objects.filter(campaign=CAMPAIGN).exists():
        return 0
    # 45 a month in the demo; the test settings keep it small (seed_demo runs in tests).
    per_month = settings.RAQIB_DEMO_MISSIONS_PER_MONTH
    log = log or (lambda _message: None)
    rng = random.Random(2026)  # noqa: S311 — reproducible demo data
    tz = ZoneInfo(settings.TIME_ZONE)
    versions = {
        v.grid.code: v
        for v in GridVersion.objects.filter(
            grid__code__in=GRIDS, status="published"
        ).select_related("grid")
    }
    interior = set(RegionTag.objects.get(code="interior").governorates.values_list("pk", flat=True))
    points = list(ServicePoint.objects.filter(is_active=True, is_demo=True).order_by("code"))
    observers = _observers(password)
    validated = 0
    for month in range(1, 13):
        # Interior points are drawn half as often.
        weights = [0.5 if p.governorate_id in interior else 1.0 for p in points]
        for point in rng.choices(points, weights=weights, k=per_month):
            code = rng.choices(list(GRIDS), weights=list(GRIDS.values()))[0]
            version = versions[code]
            start = dt.datetime(YEAR, month, rng.randint(1, 27), rng.randint(8, 13), tzinfo=tz)
            end = start + dt.timedelta(hours=4)
            future = month > LAST_MONTH
            try:
                with transaction.atomic():
                    mission = missions.mission_create(
                        actor=coordinator,
                        service_point=point,
                        grid_version=version,
                        window_start=start,
                        window_end=end,
                        campaign=CAMPAIGN,
                        observer=None if future else rng.choice(observers),
                    )
                    if future:
                        continue
                    quality = rng.uniform(0.45, 0.8 if point.governorate_id in interior else 0.97)
                    snapshot = version.snapshot or {}
                    answers = random_answers(snapshot, rng=rng, quality=quality, when=start)
                    if answers is None:
                        continue
                    observer = mission.observer
                    if observer is None:
                        continue
                    report_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
                    missions.report_upsert(
                        actor=observer,
                        report_uuid=report_uuid,
                        mission_id=mission.pk,
                        answers=answers,
                        started_at=start + dt.timedelta(minutes=20),
                        ended_at=start + dt.timedelta(minutes=50),
                    )
                    report = missions.report_submit(actor=observer, report_uuid=report_uuid)
                    if month == LAST_MONTH and rng.random() < 0.3:
                        continue  # awaiting review
                    missions.report_validate(actor=coordinator, report=report)
                    validated += 1
            except ValidationError:
                continue  # a conflict of interest with the drawn observer: skip this draw
        log(f"demo activity: {YEAR}-{month:02d} done ({validated} validated so far)")
    return validated
