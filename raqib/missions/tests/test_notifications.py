"""The missions services tell the right people, once, through the real services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from raqib.missions import services
from raqib.missions.models import Report
from raqib.missions.tests.factories import (
    VALID_ANSWERS,
    grid_version,
    make_mission,
    make_point,
    window,
)
from raqib.notifications.models import Notification
from raqib.notifications.services import notification_preferences_set

pytestmark = pytest.mark.django_db


def _kinds(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


def _submit(observer, mission, *, answers=VALID_ANSWERS, **upsert):
    report, _ = services.report_upsert(
        actor=observer,
        report_uuid=upsert.pop("uuid", "33333333-3333-4333-8333-333333333333"),
        mission_id=mission.pk,
        answers=answers,
        **upsert,
    )
    return services.report_submit(actor=observer, report_uuid=report.uuid)


def test_creation_with_an_observer_and_assignment_notify_the_observer(
    coordinator, observer, django_capture_on_commit_callbacks
):
    observer.email = "obs@example.tn"
    observer.save(update_fields=["email"])
    notification_preferences_set(
        actor=observer, user=observer, choices={"mission_assigned": (True, "immediate")}
    )
    with django_capture_on_commit_callbacks(execute=True):
        mission = make_mission(actor=coordinator, observer=observer)
    row = Notification.objects.get(recipient=observer)
    assert row.kind == "mission_assigned"
    assert mission.code in row.title
    assert row.url == "/ar/observer/"
    assert len(mail.outbox) == 1
    assert mission.code in mail.outbox[0].subject


def test_a_failed_assignment_notifies_nobody(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    with pytest.raises(ValidationError):
        services.mission_assign(actor=coordinator, mission=mission, observer=observer)
    assert _kinds(observer) == ["mission_assigned"]


def test_reassign_tells_both_observers(coordinator, observer, make_observer):
    mission = make_mission(actor=coordinator, observer=observer)
    other = make_observer("obs-two")
    services.mission_reassign(actor=coordinator, mission=mission, observer=other)
    assert _kinds(observer) == ["mission_assigned", "mission_reassigned"]
    assert _kinds(other) == ["mission_assigned"]
    # The observer who lost the mission is not told who took it.
    taken = Notification.objects.get(recipient=observer, kind="mission_reassigned")
    assert "OBS-TWO" not in taken.body
    assert "obs-two" not in taken.body


def test_window_change_and_cancel_tell_the_observer(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    start, end = window(start_offset_hours=24)
    services.mission_window_change(
        actor=coordinator, mission=mission, window_start=start, window_end=end
    )
    # The same dates again change nothing and tell nobody.
    services.mission_window_change(
        actor=coordinator, mission=mission, window_start=start, window_end=end
    )
    services.mission_cancel(actor=coordinator, mission=mission)
    assert _kinds(observer) == ["mission_assigned", "mission_changed", "mission_cancelled"]
    with pytest.raises(ValidationError):
        services.mission_window_change(
            actor=coordinator, mission=mission, window_start=start, window_end=end
        )


def test_pair_creation_notifies_both_observers(coordinator, observer, make_observer):
    other = make_observer("obs-pair")
    start, end = window()
    services.mission_pair_create(
        actor=coordinator,
        service_point=make_point(),
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        observers=(observer, other),
    )
    assert _kinds(observer) == ["mission_assigned"]
    assert _kinds(other) == ["mission_assigned"]


def test_submit_tells_coordinators_and_return_tells_the_observer(
    coordinator, observer, director, django_capture_on_commit_callbacks
):
    observer.email = "obs@example.tn"
    observer.save(update_fields=["email"])
    mission = make_mission(actor=coordinator, observer=observer)
    report = _submit(observer, mission)
    # A replayed submission (the phone lost the answer) tells nobody twice.
    services.report_submit(actor=observer, report_uuid=report.uuid)
    assert _kinds(coordinator) == ["report_submitted"]
    assert _kinds(director) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(actor=coordinator, report=report, comment="Q03 seems wrong")
    returned = Notification.objects.get(recipient=observer, kind="report_returned")
    assert "Q03 seems wrong" in returned.body
    # Returned reports are e-mailed at once by default.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["obs@example.tn"]
    services.report_upsert(
        actor=observer, report_uuid=report.uuid, mission_id=mission.pk, answers=VALID_ANSWERS
    )
    services.report_submit(actor=observer, report_uuid=report.uuid)
    assert _kinds(coordinator) == ["report_submitted", "report_submitted"]


def test_submit_with_anomalies(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    early = mission.window_start - dt.timedelta(days=2)
    _submit(observer, mission, started_at=early, ended_at=early + dt.timedelta(minutes=30))
    row = Notification.objects.get(recipient=coordinator)
    assert row.kind == "report_anomalies"
    assert mission.code in row.title


def test_critical_finding_tells_integrity_and_directors_once(
    coordinator, observer, director, integrity_officer, focal_point
):
    mission = make_mission(actor=coordinator, observer=observer)
    report = _submit(observer, mission, answers={**VALID_ANSWERS, "Q04": "yes"})
    assert report.critical
    services.report_validate(actor=coordinator, report=Report.objects.get(pk=report.pk))
    assert _kinds(integrity_officer) == ["critical_finding"]
    assert _kinds(director) == ["critical_finding"]
    assert _kinds(focal_point) == []
    row = Notification.objects.get(recipient=director)
    assert row.url == f"/ar/missions/reports/{report.pk}/"
