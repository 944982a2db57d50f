"""The recommendation's life through its services: sides, table, audit, notifications."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.followup import services
from raqib.followup.models import Outcome, RecommendationEntry, RecommendationStatus
from raqib.followup.tests.factories import (
    BRIBE,
    GOOD,
    POOR,
    draft,
    fill_and_submit,
    new_observer,
    sent,
    validated_report,
)
from raqib.missions import services as mission_services
from raqib.missions.tests.factories import make_point
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db

S = RecommendationStatus


@pytest.fixture
def body_point(focal_point):
    return make_point(body=focal_point.focal_bodies.get())


def _plan(focal_point, rec):
    return services.recommendation_plan_propose(
        actor=focal_point,
        recommendation=rec,
        actions=[
            services.ActionIn("Train the counter staff", "Head of office", timezone.localdate())
        ],
    )


def _verify(coordinator, rec, answers):
    """Create the verification visits and have each filled and validated."""
    missions = services.verification_missions_create(actor=coordinator, recommendation=rec)
    for planned in missions:
        observer = new_observer(away_from=planned.service_point)
        mission = mission_services.mission_assign(
            actor=coordinator, mission=planned, observer=observer
        )
        report = fill_and_submit(mission=mission, observer=observer, answers=answers)
        mission_services.report_validate(actor=coordinator, report=report)
    rec.refresh_from_db()
    return missions


def _to_implemented(coordinator, focal_point, rec):
    rec = services.recommendation_act(actor=focal_point, recommendation=rec, event="acknowledge")
    rec = _plan(focal_point, rec)
    rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="accept_plan")
    return services.recommendation_claim(
        actor=focal_point, recommendation=rec, text="Staff trained on 3 March."
    )


def test_from_a_critical_finding_to_verified_effective(coordinator, focal_point, body_point):
    finding = validated_report(coordinator=coordinator, point=body_point, answers=BRIBE)
    assert finding.critical
    rec = draft(coordinator=coordinator, report=finding, criteria=["Q03", "Q04"])
    assert rec.status == S.DRAFT
    assert rec.ref.startswith(f"REC-{timezone.localdate().year}-")
    assert list(rec.service_points.all()) == [body_point]

    rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="send")
    assert rec.status == S.SENT
    assert rec.sent_at is not None
    told = Notification.objects.filter(recipient=focal_point, kind="recommendation_sent")
    assert told.count() == 1

    rec = services.recommendation_act(actor=focal_point, recommendation=rec, event="acknowledge")
    rec = _plan(focal_point, rec)
    assert rec.status == S.PLAN_PROPOSED
    assert rec.actions.count() == 1
    rec = services.recommendation_act(
        actor=coordinator, recommendation=rec, event="send_back", text="Add a date per action."
    )
    assert rec.status == S.PLAN_SENT_BACK
    assert Notification.objects.filter(
        recipient=focal_point, kind="recommendation_sent_back"
    ).exists()
    rec = _plan(focal_point, rec)
    rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="accept_plan")
    services.recommendation_comment(
        actor=focal_point, recommendation=rec, text="Half the staff trained.", progress=True
    )
    rec.refresh_from_db()
    assert rec.status == S.IN_PROGRESS
    rec = services.recommendation_claim(
        actor=focal_point,
        recommendation=rec,
        text="Everyone trained.",
        uploads=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")],
    )
    assert rec.status == S.IMPLEMENTED
    assert rec.implemented_at is not None

    missions = _verify(coordinator, rec, GOOD)
    assert len(missions) == 1
    assert missions[0].campaign == rec.ref
    assert rec.status == S.VERIFIED_EFFECTIVE
    assert rec.outcome == Outcome.EFFECTIVE
    checks = {c["code"]: c for c in rec.verification["criteria"]}
    # Courtesy "fair" (0.5) before, "good" (1) after; the bribe (critical, 0) before, none after.
    assert checks["Q03"] == {
        "code": "Q03",
        "before_n": 1,
        "before": "50.0",
        "after_n": 1,
        "after": "100.0",
        "met": True,
    }
    assert checks["Q04"]["before"] == "0.0"
    assert checks["Q04"]["after"] == "100.0"
    assert rec.verification["effective"] is True

    rec = services.recommendation_act(actor=coordinator, recommendation=rec, event="close")
    assert rec.status == S.CLOSED
    assert rec.outcome == Outcome.EFFECTIVE
    actions = list(
        AuditEvent.objects.filter(object_type="followup.recommendation")
        .order_by("id")
        .values_list("action", flat=True)
    )
    for verb in (
        "create",
        "send",
        "acknowledge",
        "propose_plan",
        "send_back",
        "accept_plan",
        "start",
        "claim",
        "verify_missions",
        "verify_effective",
        "close",
    ):
        assert f"recommendation.{verb}" in actions, verb
    assert RecommendationEntry.objects.filter(recommendation=rec, kind="event").count() >= 9


def test_poor_verification_is_not_effective_and_the_body_can_be_asked_again(
    coordinator, focal_point, body_point
):
    finding = validated_report(coordinator=coordinator, point=body_point, answers=POOR)
    rec = sent(coordinator=coordinator, report=finding)
    rec = _to_implemented(coordinator, focal_point, rec)
    _verify(coordinator, rec, POOR)
    assert rec.status == S.VERIFIED_NOT_EFFECTIVE
    assert rec.outcome == Outcome.NOT_EFFECTIVE
    assert rec.verification["criteria"][0]["met"] is False
    with pytest.raises(ValidationError) as err:  # a new due date is required
        services.recommendation_act(
            actor=coordinator, recommendation=rec, event="resume", text="Still rude."
        )
    assert "due_date" in err.value.message_dict
    new_due = timezone.localdate() + dt.timedelta(days=45)
    rec = services.recommendation_act(
        actor=coordinator,
        recommendation=rec,
        event="resume",
        text="Still rude at the counter.",
        due_date=new_due,
    )
    assert rec.status == S.IN_PROGRESS
    assert rec.outcome == Outcome.NONE
    assert rec.due_date == new_due
    # A new round: the first round's visits do not count again.
    rec = services.recommendation_claim(actor=focal_point, recommendation=rec, text="Retrained.")
    _verify(coordinator, rec, GOOD)
    assert rec.status == S.VERIFIED_EFFECTIVE
    assert rec.verification["reports_after"] == 1


def test_each_side_makes_only_its_moves(coordinator, focal_point, director, observer):
    rec = sent(coordinator=coordinator, body=focal_point.focal_bodies.get())
    with pytest.raises(PermissionDenied):
        services.recommendation_act(actor=coordinator, recommendation=rec, event="acknowledge")
    for outsider in (observer,):
        with pytest.raises(PermissionDenied):
            services.recommendation_act(actor=outsider, recommendation=rec, event="acknowledge")
    with pytest.raises(ValidationError) as err:
        services.recommendation_act(actor=director, recommendation=rec, event="accept_plan")
    assert err.value.code == "transition"
    with pytest.raises(ValidationError) as err:
        services.recommendation_act(
            actor=focal_point, recommendation=rec, event="acknowledge", expected_version=0
        )
    assert err.value.code == "stale"
    with pytest.raises(PermissionDenied):
        draft(coordinator=focal_point, body=focal_point.focal_bodies.get())


def test_a_focal_point_of_another_body_cannot_act(coordinator, focal_point):
    rec = sent(coordinator=coordinator)  # another body
    with pytest.raises(PermissionDenied):
        services.recommendation_act(actor=focal_point, recommendation=rec, event="acknowledge")
    with pytest.raises(PermissionDenied):
        services.recommendation_comment(actor=focal_point, recommendation=rec, text="hello")


def test_a_draft_refuses_what_does_not_hold(coordinator, focal_point):
    body = focal_point.focal_bodies.get()
    elsewhere = make_point()
    with pytest.raises(ValidationError) as err:
        draft(
            coordinator=coordinator,
            body=body,
            service_points=[elsewhere],
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(err.value.message_dict) == {"service_points", "due_date"}
    report = validated_report(coordinator=coordinator)
    with pytest.raises(ValidationError) as err:
        draft(coordinator=coordinator, report=report, criteria=["NOPE"])
    assert "criteria" in err.value.message_dict


def test_verification_needs_a_claim_and_is_created_once(coordinator, focal_point, body_point):
    finding = validated_report(coordinator=coordinator, point=body_point)
    rec = sent(coordinator=coordinator, report=finding)
    with pytest.raises(ValidationError):
        services.verification_missions_create(actor=coordinator, recommendation=rec)
    rec = _to_implemented(coordinator, focal_point, rec)
    services.verification_missions_create(actor=coordinator, recommendation=rec)
    with pytest.raises(ValidationError):
        services.verification_missions_create(actor=coordinator, recommendation=rec)
    assert rec.verifications.count() == 1


def test_withdrawing_records_the_outcome(coordinator, focal_point):
    rec = sent(coordinator=coordinator, body=focal_point.focal_bodies.get())
    with pytest.raises(ValidationError):
        services.recommendation_act(actor=coordinator, recommendation=rec, event="withdraw")
    rec = services.recommendation_act(
        actor=coordinator, recommendation=rec, event="withdraw", text="The office closed."
    )
    assert rec.status == S.CLOSED
    assert rec.outcome == Outcome.WITHDRAWN


def test_a_weak_claim_can_be_refused_with_a_new_due_date(coordinator, focal_point, body_point):
    finding = validated_report(coordinator=coordinator, point=body_point)
    rec = _to_implemented(coordinator, focal_point, sent(coordinator=coordinator, report=finding))
    due = timezone.localdate() + dt.timedelta(days=20)
    rec = services.recommendation_act(
        actor=coordinator,
        recommendation=rec,
        event="reject_claim",
        text="The attendance sheet is missing.",
        due_date=due,
    )
    assert (rec.status, rec.due_date) == (S.IN_PROGRESS, due)
    told = Notification.objects.filter(recipient=focal_point, kind="recommendation_changed")
    # The plan accepted, then the claim refused: each told once.
    assert told.count() == 2


def test_a_cancelled_last_visit_settles_on_the_validated_ones(coordinator, focal_point, body_point):
    second = make_point(body=body_point.body)
    finding = validated_report(coordinator=coordinator, point=body_point, answers=POOR)
    rec = sent(coordinator=coordinator, report=finding, service_points=[body_point, second])
    rec = _to_implemented(coordinator, focal_point, rec)
    missions = services.verification_missions_create(actor=coordinator, recommendation=rec)
    first = missions[0]
    observer = new_observer(away_from=first.service_point)
    first = mission_services.mission_assign(actor=coordinator, mission=first, observer=observer)
    report = fill_and_submit(mission=first, observer=observer, answers=GOOD)
    mission_services.report_validate(actor=coordinator, report=report)
    rec.refresh_from_db()
    assert rec.status == S.IMPLEMENTED  # one visit still open
    mission_services.mission_cancel(actor=coordinator, mission=missions[1])
    rec.refresh_from_db()
    assert rec.status == S.VERIFIED_EFFECTIVE


def test_only_coordinators_create_verification_visits(
    coordinator, director, focal_point, body_point
):
    finding = validated_report(coordinator=coordinator, point=body_point)
    rec = _to_implemented(coordinator, focal_point, sent(coordinator=coordinator, report=finding))
    with pytest.raises(PermissionDenied):
        services.verification_missions_create(actor=director, recommendation=rec)


def test_publishing_needs_an_effective_outcome_and_both_languages(
    coordinator, focal_point, body_point
):
    finding = validated_report(coordinator=coordinator, point=body_point, answers=POOR)
    rec = _to_implemented(coordinator, focal_point, sent(coordinator=coordinator, report=finding))
    texts = {
        "public_title_ar": "لافتات أوضح",
        "public_title_fr": "Une signalétique plus claire",
        "public_summary_ar": "عُلّقت لافتات جديدة.",
        "public_summary_fr": "De nouveaux panneaux ont été posés.",
    }
    with pytest.raises(ValidationError):
        services.recommendation_publish(actor=coordinator, recommendation=rec, texts=texts)
    _verify(coordinator, rec, GOOD)
    with pytest.raises(ValidationError) as err:
        services.recommendation_publish(
            actor=coordinator, recommendation=rec, texts={**texts, "public_summary_fr": " "}
        )
    assert "public_summary_fr" in err.value.message_dict
    rec = services.recommendation_publish(actor=coordinator, recommendation=rec, texts=texts)
    assert rec.published_at is not None
