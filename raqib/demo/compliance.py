"""Demo compliance: the Marhba referential, about sixty label holders in every status, and a
paired campaign (equal treatment) with a visible difference for one trait in one category.

Everything goes through the real services. The referential stays a draft (its placeholders
must be completed by the department before publishing). Deterministic and idempotent (skipped
once any label holder exists).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from raqib.accounts.models import User
from raqib.compliance import services, trait_services
from raqib.compliance.models import LabelChannel, LabelHolder, LabelStatus
from raqib.core.roles import Role
from raqib.demo.answers import random_answers
from raqib.grids.models import GridVersion
from raqib.missions import services as missions
from raqib.missions.models import Mission, ReportStatus
from raqib.registry.models import ServicePoint

HOLDERS = 60
# Where each holder stands (the rest are certified).
STATUSES = (
    [LabelStatus.FOLLOW_UP_DUE] * 8
    + [LabelStatus.CANDIDATE] * 5
    + [LabelStatus.SUSPENDED] * 3
    + [LabelStatus.WITHDRAWN] * 2
    + [LabelStatus.EXPIRED] * 2
)
PAIRS_DIFFERENT = 14  # in the campaign's category: the women observers are served worse
PAIRS_EQUAL = 8  # elsewhere: no difference
CAMPAIGN = "demo-paired-2026"


def _holder(
    *, coordinator: User, point: ServicePoint, status: str, number: int, rng: random.Random
) -> None:
    scope = [LabelChannel.FACE_TO_FACE, LabelChannel.CITIZEN_OFFICE]
    if rng.random() < 0.5:
        scope.append(LabelChannel.TELEPHONE)
    holder = services.label_holder_create(actor=coordinator, service_point=point, scope=scope)
    if status == LabelStatus.CANDIDATE:
        return
    if status == LabelStatus.WITHDRAWN:
        services.label_holder_transition(actor=coordinator, holder=holder, to_status=status)
        return
    today = timezone.localdate()
    days = rng.randint(1200, 1400) if status == LabelStatus.EXPIRED else rng.randint(40, 1000)
    certified_on = today - dt.timedelta(days=days)
    services.label_holder_transition(
        actor=coordinator,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=certified_on,
        certificate_number=f"MRH-{certified_on.year}-{number:03d}",
        note="",
        on=certified_on,
    )
    if status != LabelStatus.CERTIFIED:
        services.label_holder_transition(actor=coordinator, holder=holder, to_status=status)


def _holders(*, coordinator: User, rng: random.Random) -> int:
    points = list(
        ServicePoint.objects.filter(
            is_demo=True,
            is_active=True,
            missions__reports__status=ReportStatus.VALIDATED,
            missions__grid_version__grid__code="VISIT",
        )
        .annotate(n=Count("missions__reports"))
        .filter(n__gte=1)
        .order_by("code")
        .distinct()
    )
    chosen = rng.sample(points, min(HOLDERS, len(points)))
    # Every status first (a small demo still shows them all), then the usual mix.
    rest = STATUSES + [LabelStatus.CERTIFIED] * max(0, len(chosen) - len(STATUSES))
    for status in LabelStatus.values:
        if status in rest:
            rest.remove(status)
    rng.shuffle(rest)
    statuses = [*LabelStatus.values, *rest]
    for number, (point, status) in enumerate(zip(chosen, statuses, strict=False), start=1):
        _holder(coordinator=coordinator, point=point, status=status, number=number, rng=rng)
    return len(chosen)


def _visit(*, coordinator: User, mission: Mission, quality: float, rng: random.Random) -> None:
    answers = random_answers(
        mission.grid_version.snapshot or {},
        rng=rng,
        quality=quality,
        when=mission.window_start,
    )
    if answers is None:
        raise ValidationError("no answers")
    observer = mission.observer
    assert observer is not None  # both missions of a pair are assigned when created
    report_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
    start = mission.window_start
    missions.report_upsert(
        actor=observer,
        report_uuid=report_uuid,
        mission_id=mission.pk,
        answers=answers,
        started_at=start + dt.timedelta(minutes=15),
        ended_at=start + dt.timedelta(minutes=45),
    )
    report = missions.report_submit(actor=observer, report_uuid=report_uuid)
    missions.report_validate(actor=coordinator, report=report)


def _paired_campaign(*, coordinator: User, rng: random.Random) -> int:
    trait = trait_services.trait_create(
        actor=coordinator,
        code="sex",
        name_ar="الجنس",
        name_fr="Sexe",
        values=[
            {"code": "m", "ar": "رجل", "fr": "Homme"},
            {"code": "f", "ar": "امرأة", "fr": "Femme"},
        ],
        reference="m",
    )
    observers = list(
        User.objects.filter(roles__role=Role.OBSERVER, is_demo=True, observer_profile__isnull=False)
        .order_by("username")
        .distinct()
    )
    if len(observers) < 4:
        return 0
    consent = timezone.localdate() - dt.timedelta(days=200)
    men, women = observers[0::2], observers[1::2]
    for group, value in ((men, "m"), (women, "f")):
        for observer in group:
            trait_services.observer_trait_set(
                actor=coordinator, observer=observer, trait=trait, value=value, consent_on=consent
            )
    version = GridVersion.objects.get(grid__code="VISIT", status="published")
    points = list(ServicePoint.objects.filter(is_demo=True, is_active=True).order_by("code"))
    by_category: dict[int, list[ServicePoint]] = {}
    for point in points:
        by_category.setdefault(point.category_id, []).append(point)
    category = max(by_category, key=lambda c: (len(by_category[c]), -c))
    plan = [
        (p, True)
        for p in rng.sample(by_category[category], min(PAIRS_DIFFERENT, len(by_category[category])))
    ]
    others = [p for p in points if p.category_id != category]
    plan += [(p, False) for p in rng.sample(others, min(PAIRS_EQUAL, len(others)))]
    made = 0
    for index, (point, unequal) in enumerate(plan):
        start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(
            days=20 + 3 * index
        )
        for _attempt in range(6):
            pair = (rng.choice(men), rng.choice(women))
            try:
                with transaction.atomic():
                    first, second = missions.mission_pair_create(
                        actor=coordinator,
                        service_point=point,
                        grid_version=version,
                        window_start=start,
                        window_end=start + dt.timedelta(hours=4),
                        observers=pair,
                        campaign=CAMPAIGN,
                    )
                    high = rng.uniform(0.85, 0.95)
                    low = rng.uniform(0.4, 0.55) if unequal else high
                    _visit(coordinator=coordinator, mission=first, quality=high, rng=rng)
                    _visit(coordinator=coordinator, mission=second, quality=low, rng=rng)
                made += 1
                break
            except ValidationError:
                continue  # a conflict of interest: draw another pair
    return made


def seed_compliance(*, coordinator: User, log: Callable[[str], None] | None = None) -> int:
    """Referential, holders and the paired campaign; returns the holders made (0 if present)."""
    if LabelHolder.objects.exists():
        return 0
    log = log or (lambda _message: None)
    rng = random.Random(1302)  # noqa: S311 — reproducible demo data
    services.marhba_load(actor=coordinator)
    made = _holders(coordinator=coordinator, rng=rng)
    pairs = _paired_campaign(coordinator=coordinator, rng=rng)
    log(f"demo compliance: {made} label holders, {pairs} paired visits")
    return made
