"""Reminder, overdue and escalation notices: each sent exactly once per event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from raqib.accounts.services import user_focal_bodies_set
from raqib.accounts.tests.factories import UserFactory
from raqib.core.roles import Role
from raqib.followup.models import Recommendation
from raqib.followup.services import recommendation_reminders_send
from raqib.followup.tests.factories import sent
from raqib.notifications.models import Notification
from raqib.registry.tests.factories import PublicBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry_focal(focal_point):
    """The focal point of the ministry above the focal point's body."""
    body = focal_point.focal_bodies.get()
    ministry = PublicBodyFactory(code="ministry")
    body.parent = ministry
    body.save(update_fields=["parent"])
    user = UserFactory(username="ministry-focal", roles=[Role.FOCAL_POINT])
    user_focal_bodies_set(actor=None, user=user, bodies=[ministry])
    return user


def _due_in(rec, days):
    Recommendation.objects.filter(pk=rec.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=days)
    )


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_each_notice_is_sent_once(coordinator, focal_point, ministry_focal, settings):
    settings.RAQIB_FOLLOWUP_REMIND_DAYS = 7
    settings.RAQIB_FOLLOWUP_ESCALATE_DAYS = 15
    body = focal_point.focal_bodies.get()
    soon = sent(coordinator=coordinator, body=body)
    late = sent(coordinator=coordinator, body=body)
    very_late = sent(coordinator=coordinator, body=body)
    far = sent(coordinator=coordinator, body=body)
    _due_in(soon, 5)
    _due_in(late, -3)
    _due_in(very_late, -20)
    _due_in(far, 30)
    Notification.objects.all().delete()

    first = recommendation_reminders_send()
    call_command("followup_remind")  # run twice (the daily job and a retry): nothing new
    second = recommendation_reminders_send()

    # The body's own focal point is told; the ministry's only when it is escalated to it.
    assert (first.due_soon, first.overdue, first.escalated) == (1, 2, 1)
    assert (second.due_soon, second.overdue, second.escalated) == (0, 0, 0)
    assert _kinds(focal_point) == [
        "recommendation_due",
        "recommendation_overdue",
        "recommendation_overdue",
    ]
    assert _kinds(ministry_focal) == ["recommendation_escalated"]


def test_an_answered_recommendation_is_not_chased(coordinator, focal_point):
    body = focal_point.focal_bodies.get()
    rec = sent(coordinator=coordinator, body=body)
    Recommendation.objects.filter(pk=rec.pk).update(
        status="implemented", due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    Notification.objects.all().delete()
    assert recommendation_reminders_send().overdue == 0


def test_a_plan_waiting_for_the_department_does_not_make_the_body_late(coordinator, focal_point):
    rec = sent(coordinator=coordinator, body=focal_point.focal_bodies.get())
    Recommendation.objects.filter(pk=rec.pk).update(
        status="plan_proposed", due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    Notification.objects.all().delete()
    assert recommendation_reminders_send().overdue == 0
