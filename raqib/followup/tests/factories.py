"""Test helpers: recommendations and validated reports built through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from django.utils import timezone

from raqib.accounts.services import observer_profile_upsert
from raqib.accounts.tests.factories import UserFactory
from raqib.core.roles import Role
from raqib.followup import services
from raqib.followup.models import Outcome, Recommendation
from raqib.missions import services as mission_services
from raqib.missions.models import Mission, Report
from raqib.missions.tests.factories import grid_version, make_point
from raqib.registry.models import Delegation, ServicePoint
from raqib.registry.tests.factories import PublicBodyFactory

_n = itertools.count(1)
# Answers of the test grid (MISSIONTEST) that need no photo; Q03 is the courtesy criterion.
GOOD = {"Q01": "yes", "Q02": 5, "Q03": "good", "Q04": "no", "Q05": 4}
POOR = {"Q01": "yes", "Q02": 5, "Q03": "poor", "Q04": "no", "Q05": 2}
BRIBE = {"Q01": "yes", "Q02": 5, "Q03": "fair", "Q04": "yes", "Q05": 1}


def new_observer(*, away_from: ServicePoint | None = None) -> Any:
    n = next(_n)
    user = UserFactory(username=f"fu-observer-{n}", roles=[Role.OBSERVER])
    home = Delegation.objects.order_by("code")
    if away_from is not None:
        home = home.exclude(pk=away_from.delegation_id)
    observer_profile_upsert(
        actor=None, user=user, pseudonym=f"FU-{n:04d}", home_delegation=home.first()
    )
    return user


def fill_and_submit(*, mission: Mission, observer: Any, answers: dict[str, Any]) -> Report:
    report, _created = mission_services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=dict(answers)
    )
    return mission_services.report_submit(actor=observer, report_uuid=report.uuid)


def validated_report(
    *,
    coordinator: Any,
    point: ServicePoint | None = None,
    answers: dict[str, Any] | None = None,
    days_ago: int = 10,
    observer: Any = None,
) -> Report:
    point = point or make_point()
    observer = observer or new_observer(away_from=point)
    start = timezone.now() - dt.timedelta(days=days_ago)
    mission = mission_services.mission_create(
        actor=coordinator,
        service_point=point,
        grid_version=grid_version(),
        window_start=start,
        window_end=start + dt.timedelta(hours=4),
        observer=observer,
    )
    report = fill_and_submit(mission=mission, observer=observer, answers=answers or POOR)
    return mission_services.report_validate(actor=coordinator, report=report)


def draft(
    *, coordinator: Any, body: Any = None, report: Report | None = None, **kwargs: Any
) -> Recommendation:
    if report is not None:
        body = body or report.mission.service_point.body
        kwargs.setdefault("reports", [report])
        kwargs.setdefault("criteria", ["Q03"])
    point = None
    if body is None:
        point = make_point()
        body = point.body
    kwargs.setdefault("service_points", [point] if point else [])
    return services.recommendation_create(
        actor=coordinator,
        title=kwargs.pop("title", "Improve courtesy at the counter"),
        text=kwargs.pop("text", "Train the reception staff."),
        body=body,
        due_date=kwargs.pop("due_date", timezone.localdate() + dt.timedelta(days=30)),
        **kwargs,
    )


def sent(*, coordinator: Any, **kwargs: Any) -> Recommendation:
    rec = draft(coordinator=coordinator, **kwargs)
    return services.recommendation_act(actor=coordinator, recommendation=rec, event="send")


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12)))


def _dated(
    coordinator, body, *, due, sent_on, ack=None, impl=None, verified=None, closed=None, outcome=""
):
    rec = sent(coordinator=coordinator, body=body)
    Recommendation.objects.filter(pk=rec.pk).update(
        due_date=dt.date.fromisoformat(due),
        sent_at=_at(sent_on),
        acknowledged_at=ack and _at(ack),
        implemented_at=impl and _at(impl),
        verified_at=verified and _at(verified),
        closed_at=closed and _at(closed),
        outcome=outcome,
    )
    return rec


def hand_computed_recommendations(coordinator: Any) -> tuple[Any, Any]:
    """The fixture of docs/followup.md (figures): R1-R3 at body A, R4-R6 at body B."""
    a = PublicBodyFactory(code="A-body")
    b = PublicBodyFactory(code="B-body")
    # Body A
    _dated(
        coordinator,
        a,
        due="2026-03-31",
        sent_on="2026-01-10",
        ack="2026-01-15",
        impl="2026-03-01",
        verified="2026-04-01",
        outcome=Outcome.EFFECTIVE,
    )  # R1
    _dated(coordinator, a, due="2026-05-31", sent_on="2026-02-01", ack="2026-02-04")  # R2
    _dated(
        coordinator,
        a,
        due="2026-06-30",
        sent_on="2026-03-01",
        ack="2026-03-02",
        impl="2026-06-10",
        verified="2026-06-20",
        outcome=Outcome.NOT_EFFECTIVE,
    )  # R3
    # Body B
    _dated(coordinator, b, due="2026-09-30", sent_on="2026-04-01")  # R4: due after the period
    _dated(
        coordinator,
        b,
        due="2026-02-28",
        sent_on="2026-01-05",
        closed="2026-02-01",
        outcome=Outcome.WITHDRAWN,
    )  # R5: withdrawn
    _dated(
        coordinator, b, due="2026-06-15", sent_on="2026-05-01", ack="2026-05-08", impl="2026-07-10"
    )  # R6: claimed after the period
    return a, b
