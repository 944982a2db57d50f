"""Referral follow-up: acknowledgement, outcome, and the daily reminders (each sent once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from raqib.integrity import services
from raqib.integrity.models import CaseStatus, Referral
from raqib.integrity.referrals import referral_remind
from raqib.integrity.tests.factories import assigned_case
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db

KIND = "integrity_referral_reminder"


@pytest.fixture
def referral(coordinator, integrity_officer):
    case = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    services.case_act(actor=integrity_officer, case=case, event="assess")
    services.case_act(
        actor=integrity_officer, case=case, event="refer", authority="prosecutor", language="ar"
    )
    return case.referrals.get()


def _url(referral):
    return reverse(
        "integrity:referral_followup", kwargs={"pk": referral.case_id, "rid": referral.pk}
    )


def test_the_officer_records_the_acknowledgement_then_the_outcome(
    client, referral, integrity_officer
):
    client.force_login(integrity_officer)
    today = timezone.localdate().isoformat()
    assert client.post(_url(referral), {"step": "ack", "on": today}).status_code == 302
    referral.refresh_from_db()
    assert referral.acknowledged_on == timezone.localdate()
    response = client.post(
        _url(referral), {"step": "outcome", "on": today, "outcome": "Poursuites engagées"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "Poursuites engagées"
    assert referral.case.status == CaseStatus.OUTCOME_RECEIVED
    page = client.get(reverse("integrity:case_detail", kwargs={"pk": referral.case_id}))
    assert "Poursuites engagées" in page.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"step": "ack", "on": ""},
        {"step": "ack", "on": "2026-02-30"},
        {"step": "ack", "on": "2999-01-01"},
        {"step": "ack", "on": "2000-01-01"},
        {"step": "outcome", "on": "2026-01-01", "outcome": "x"},
        {"step": "nonsense"},
    ],
)
def test_bad_follow_up_changes_nothing_and_says_why(client, referral, integrity_officer, data):
    client.force_login(integrity_officer)
    client.cookies["raqib_language"] = "fr"
    response = client.post(_url(referral), data, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    referral.refresh_from_db()
    assert referral.acknowledged_on is None
    assert referral.outcome_on is None


def test_an_outcome_needs_a_summary(client, referral, integrity_officer):
    client.force_login(integrity_officer)
    today = timezone.localdate().isoformat()
    client.post(_url(referral), {"step": "ack", "on": today})
    client.post(_url(referral), {"step": "outcome", "on": today, "outcome": "  "})
    referral.refresh_from_db()
    assert referral.outcome_on is None
    assert referral.case.status == CaseStatus.REFERRED


def test_the_database_refuses_an_outcome_before_the_acknowledgement(referral):
    referral.acknowledged_on = dt.date(2026, 5, 2)
    referral.outcome_on = dt.date(2026, 5, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        referral.save()


@override_settings(RAQIB_INTEGRITY_ACK_DAYS=10, RAQIB_INTEGRITY_OUTCOME_DAYS=20)
def test_reminders_are_sent_once_after_the_configured_days(
    referral, integrity_officer, director, admin_user
):
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - dt.timedelta(days=9))
    assert referral_remind(today=today) == 0
    Referral.objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10)
    )
    assert referral_remind(today=today) == 2  # the assigned officer and the director
    assert referral_remind(today=today) == 0  # idempotent
    call_command("integrity_remind")
    assert Notification.objects.filter(kind=KIND).count() == 2
    assert set(Notification.objects.filter(kind=KIND).values_list("recipient", flat=True)) == {
        integrity_officer.pk,
        director.pk,
    }
    # Acknowledged 19 days ago: the outcome is not due yet; 20 days: one more reminder each.
    Referral.objects.filter(pk=referral.pk).update(acknowledged_on=today - dt.timedelta(days=19))
    assert referral_remind(today=today) == 0
    Referral.objects.filter(pk=referral.pk).update(acknowledged_on=today - dt.timedelta(days=20))
    assert referral_remind(today=today) == 2
    assert referral_remind(today=today) == 0
    Referral.objects.filter(pk=referral.pk).update(outcome_on=today, outcome="x")
    assert referral_remind(today=today + dt.timedelta(days=400)) == 0
