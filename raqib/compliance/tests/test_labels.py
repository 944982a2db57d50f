"""The label register: status changes with history, reminders once per event, expiry, and the
compliance alert that drafts a recommendation once per fall (docs/compliance.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from raqib.compliance import services
from raqib.compliance.daily import compliance_daily
from raqib.compliance.labels import add_years, due_reminders, label_events
from raqib.compliance.models import LabelStatus
from raqib.compliance.tests.factories import hand_computed
from raqib.followup.models import Basis, Recommendation, RecommendationStatus
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db
ALL = ["citizen_office", "telephone", "face_to_face", "mail_registry"]


def certified(*, actor, point, on: dt.date, number: str):
    holder = services.label_holder_create(actor=actor, service_point=point, scope=ALL)
    return services.label_holder_transition(
        actor=actor,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=on,
        certificate_number=number,
    )


def test_dates_follow_up_yearly_and_renew_at_three_years():
    assert label_events(dt.date(2024, 2, 29)) == [
        ("follow_up", dt.date(2025, 2, 28)),
        ("follow_up", dt.date(2026, 2, 28)),
        ("renewal", dt.date(2027, 2, 28)),
    ]
    assert due_reminders(
        certified_on=dt.date(2025, 3, 1), today=dt.date(2026, 2, 1), remind_days=30
    ) == [("follow_up", dt.date(2026, 3, 1))]
    assert not due_reminders(
        certified_on=dt.date(2025, 3, 1), today=dt.date(2026, 1, 29), remind_days=30
    )


def test_transitions_are_checked_and_kept(coordinator):
    fx = hand_computed(coordinator=coordinator)
    holder = services.label_holder_create(actor=coordinator, service_point=fx.point, scope=ALL)
    with pytest.raises(ValidationError):  # a certification needs its date and number
        services.label_holder_transition(
            actor=coordinator, holder=holder, to_status=LabelStatus.CERTIFIED
        )
    with pytest.raises(ValidationError):  # not in the table
        services.label_holder_transition(
            actor=coordinator, holder=holder, to_status=LabelStatus.SUSPENDED
        )
    holder.refresh_from_db()
    assert holder.status == LabelStatus.CANDIDATE
    holder = services.label_holder_transition(
        actor=coordinator,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=timezone.localdate(),
        certificate_number="M-2026-001",
    )
    services.label_holder_transition(
        actor=coordinator, holder=holder, to_status=LabelStatus.SUSPENDED, note="audit"
    )
    history = list(holder.transitions.values_list("from_status", "to_status"))
    assert history == [("", "candidate"), ("candidate", "certified"), ("certified", "suspended")]
    with pytest.raises(ValidationError):
        services.label_holder_create(actor=coordinator, service_point=fx.point, scope=["fax"])


def test_reminders_fire_once_and_an_old_label_expires(coordinator):
    fx = hand_computed(coordinator=coordinator)
    today = timezone.localdate()
    soon = certified(
        actor=coordinator,
        point=fx.point,
        on=add_years(today + dt.timedelta(days=10), -1),
        number="M-1",
    )
    old = certified(
        actor=coordinator,
        point=fx.other_point,
        on=add_years(today, -3) - dt.timedelta(days=1),
        number="M-2",
    )
    first = compliance_daily(today=today)
    assert first.reminders == 1
    assert first.expired == 1
    key = f"compliance.label.{soon.pk}.follow_up.{(today + dt.timedelta(days=10)).isoformat()}"
    assert Notification.objects.filter(event_key=key, recipient=coordinator).count() == 1
    second = compliance_daily(today=today)
    assert second.reminders == 0
    assert Notification.objects.filter(event_key=key).count() == 1
    old.refresh_from_db()
    assert old.status == LabelStatus.EXPIRED


@override_settings(RAQIB_COMPLIANCE_ALERT_PERCENT=60)
def test_a_holder_below_the_level_drafts_one_recommendation(coordinator):
    fx = hand_computed(coordinator=coordinator)
    today = timezone.localdate()
    good = certified(
        actor=coordinator, point=fx.point, on=today - dt.timedelta(days=100), number="M-3"
    )  # 75.0 %
    weak = certified(
        actor=coordinator, point=fx.other_point, on=today - dt.timedelta(days=100), number="M-4"
    )  # 50.0 %
    assert compliance_daily(today=today).alerts == 1
    weak.refresh_from_db()
    good.refresh_from_db()
    assert good.below_since is None
    assert weak.below_since == today
    recommendation = weak.alert_recommendation
    assert recommendation.status == RecommendationStatus.DRAFT
    assert recommendation.basis == Basis.MARHBA
    assert recommendation.body_id == fx.other_point.body_id
    assert recommendation.created_by == coordinator
    assert list(recommendation.service_points.all()) == [fx.other_point]
    assert "R1: 0.0 % (n = 1)" in recommendation.evidence_summary
    assert Notification.objects.filter(kind="label_alert", recipient=coordinator).count() == 1
    assert compliance_daily(today=today).alerts == 0  # once per fall
    assert Recommendation.objects.count() == 1


@pytest.mark.django_db
def test_a_candidate_can_be_withdrawn_before_any_certification(coordinator):
    from raqib.missions.tests.factories import make_point

    holder = services.label_holder_create(
        actor=coordinator, service_point=make_point(), scope=["face_to_face"]
    )
    withdrawn = services.label_holder_transition(
        actor=coordinator, holder=holder, to_status=LabelStatus.WITHDRAWN, note="renonce"
    )
    assert withdrawn.status == LabelStatus.WITHDRAWN
    assert withdrawn.certified_on is None
    assert list(withdrawn.transitions.values_list("to_status", flat=True)) == [
        LabelStatus.CANDIDATE,
        LabelStatus.WITHDRAWN,
    ]
