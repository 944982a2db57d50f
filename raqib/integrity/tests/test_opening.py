"""Automatic opening: a validated report with a bribe asked opens one case, notified once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from raqib.followup.tests.factories import POOR, validated_report
from raqib.integrity import services
from raqib.integrity.models import Case, CaseStatus, Category, Origin, Severity
from raqib.integrity.tests.factories import bribe_case, officer
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db
OPENED = NotificationKind.INTEGRITY_CASE_OPENED


def test_bribe_report_opens_a_case_and_notifies_each_officer_once(
    coordinator, director, integrity_officer, focal_point, django_capture_on_commit_callbacks
):
    second = officer()
    with django_capture_on_commit_callbacks(execute=True):
        case = bribe_case(coordinator=coordinator)
    assert case.origin == Origin.REPORT
    assert case.category == Category.EXTORTION
    assert case.severity == Severity.CRITICAL
    assert case.status == CaseStatus.OPEN
    assert case.criteria == ["Q04"]
    assert case.body_id == case.origin_report.mission.service_point.body_id
    for person in (integrity_officer, second, director):
        assert Notification.objects.filter(recipient=person, kind=OPENED).count() == 1
    assert not Notification.objects.filter(recipient__in=[coordinator, focal_point], kind=OPENED)
    # The signal again (a re-sent validation): no second case, no second notification.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.case_open_from_report(report=case.origin_report) is None
    assert Case.objects.count() == 1
    assert Notification.objects.filter(recipient=integrity_officer, kind=OPENED).count() == 1


def test_the_notification_names_no_observer_and_no_fact(
    coordinator, integrity_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = bribe_case(coordinator=coordinator)
    note = Notification.objects.get(recipient=integrity_officer, kind=OPENED)
    text = f"{note.title} {note.body}"
    assert case.reference in text
    observer = case.observer
    for secret in (observer.username, observer.observer_profile.pseudonym, "Q04"):
        assert secret not in text


def test_a_report_without_integrity_failure_opens_nothing(coordinator):
    validated_report(coordinator=coordinator, answers=POOR)
    assert Case.objects.count() == 0


def test_a_criterion_listed_in_the_setting_is_tagged(settings):
    snapshot = {
        "sections": [
            {"code": "reception", "criteria": [{"code": "Q01"}, {"code": "Q09"}]},
            {"code": "integrity", "criteria": [{"code": "Q04"}]},
        ]
    }
    assert set(services.integrity_criteria(snapshot)) == {"Q04"}
    settings.RAQIB_INTEGRITY_CRITERIA = ["Q09"]
    assert set(services.integrity_criteria(snapshot)) == {"Q04", "Q09"}


def test_the_case_moves_through_its_statuses(client, coordinator, integrity_officer):
    case = bribe_case(coordinator=coordinator)
    services.case_assign(actor=None, case=case, officer=integrity_officer)
    client.force_login(integrity_officer)
    url = reverse("integrity:case_act", kwargs={"pk": case.pk})
    # Bad input: an unknown step, or closing without a reason → an error, no change.
    client.post(url, {"event": "close"})
    client.post(url, {"event": "close_without_referral", "reason": "  "})
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    client.post(url, {"event": "assess"})
    # Referring names a known authority and the letter's language.
    client.post(url, {"event": "refer", "authority": "nobody", "language": "ar"})
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_ASSESSMENT
    assert not case.referrals.exists()
    for data in (
        {"event": "refer", "authority": "prosecutor", "language": "ar"},
        {"event": "outcome"},
        {"event": "close"},
    ):
        assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_closing_without_referral_keeps_the_reason_encrypted(coordinator, integrity_officer):
    case = bribe_case(coordinator=coordinator)
    services.case_act(
        actor=integrity_officer, case=case, event="close_without_referral", reason="Unfounded"
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED_WITHOUT_REFERRAL
    assert case.closing_reason == "Unfounded"
