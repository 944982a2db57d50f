"""Certification before the field (issue 16): an uncertified observer cannot be assigned,
and the refusal says why; after the quiz, the practice visit and the pledge, they can."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.missions import services as mission_services
from raqib.missions.models import MissionStatus
from raqib.missions.tests.factories import grid_version, make_mission, make_point
from raqib.training import services
from raqib.training.models import Certification, QuizAttempt
from raqib.training.tests.factories import REFERENCE, quiz_content, requirement

pytestmark = pytest.mark.django_db


def _assign_over_http(client, coordinator, mission, observer):
    client.force_login(coordinator)
    return client.post(
        reverse("missions:mission_assign", kwargs={"pk": mission.pk}), {"observer": observer.pk}
    )


def _pass_everything(client, observer, req):
    client.force_login(observer)
    assert client.get(reverse("training:my_training")).status_code == 200
    client.post(reverse("training:pledge"), {"agree": "yes"})
    attempt = uuid.uuid4()
    start = client.post(
        reverse("training:quiz_start", kwargs={"pk": req.course_version.pk}),
        {"attempt": str(attempt)},
    )
    assert start.status_code == 302
    quiz = QuizAttempt.objects.get(client_uuid=attempt)
    client.post(
        reverse("training:quiz", kwargs={"attempt": str(attempt)}),
        {f"q_{code}": "a" for code in quiz.drawn},
    )
    client.post(
        reverse("training:practice", kwargs={"pk": req.practice.pk}),
        {"attempt": str(uuid.uuid4()), **{f"q_{k}": v for k, v in REFERENCE.items()}},
    )


def test_uncertified_observer_is_refused_then_assigned_after_training(
    client, coordinator, make_observer
):
    req = requirement()
    observer = make_observer("trainee")
    mission = make_mission(actor=coordinator, service_point=make_point())
    # The service refuses, with the reason.
    with pytest.raises(ValidationError) as refused:
        mission_services.mission_assign(actor=coordinator, mission=mission, observer=observer)
    assert "n'est pas certifié pour la grille" in " ".join(refused.value.messages)
    # So does the page the coordinator uses, and nothing changes.
    response = _assign_over_http(client, coordinator, mission, observer)
    assert response.status_code == 400
    assert "pas certifié pour la grille" in response.content.decode()
    mission.refresh_from_db()
    assert mission.observer_id is None
    # The batch board refuses the point for that observer, with the reason.
    start = timezone.now() + dt.timedelta(days=3)
    batch = mission_services.mission_batch_assign(
        actor=coordinator,
        service_points=[make_point()],
        observers=[observer],
        grid_version=grid_version(),
        window_start=start,
        window_end=start + dt.timedelta(hours=4),
    )
    assert not batch.created
    assert "n'est pas certifié" in batch.refused[0][1][0]

    _pass_everything(client, observer, req)
    cert = Certification.objects.get(observer=observer)
    assert cert.source == "training"
    assert cert.expires_on == timezone.localdate() + dt.timedelta(days=365)
    page = client.get(reverse("training:my_training")).content.decode()
    assert cert.expires_on.strftime("%d/%m/%Y") in page

    response = _assign_over_http(client, coordinator, mission, observer)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.observer == observer
    assert mission.status == MissionStatus.ASSIGNED


def test_no_requirement_means_no_gate(coordinator, make_observer):
    observer = make_observer("free")
    mission = make_mission(actor=coordinator, service_point=make_point())
    mission_services.mission_assign(actor=coordinator, mission=mission, observer=observer)


def test_an_expired_certification_refuses_with_its_date(coordinator, make_observer):
    requirement(practice=False)
    observer = make_observer("expired")
    Certification.objects.create(
        observer=observer,
        grid_version=grid_version(),
        channel=grid_version().grid.channel,
        source="manual",
        reason="ancien",
        granted_at=timezone.now() - dt.timedelta(days=400),
        expires_on=timezone.localdate() - dt.timedelta(days=35),
    )
    mission = make_mission(actor=coordinator, service_point=make_point())
    with pytest.raises(ValidationError) as refused:
        mission_services.mission_assign(actor=coordinator, mission=mission, observer=observer)
    text = " ".join(refused.value.messages)
    assert "a expiré le" in text
    assert (timezone.localdate() - dt.timedelta(days=35)).strftime("%d/%m/%Y") in text


def test_quiz_limits_waiting_time_and_idempotent_submission(make_observer):
    req = requirement(practice=False, draw=2, pass_mark=100, max_attempts=2, wait_hours=24)
    observer = make_observer("quizzer")
    version = req.course_version
    now = timezone.now()
    first = services.quiz_attempt_start(
        actor=observer, course_version=version, client_uuid=uuid.uuid4(), now=now
    )
    assert len(first.drawn) == 2
    assert len(set(first.drawn)) == 2
    # The same client id gives the same attempt (a retried request).
    assert (
        services.quiz_attempt_start(
            actor=observer, course_version=version, client_uuid=first.client_uuid, now=now
        ).pk
        == first.pk
    )
    wrong = dict.fromkeys(first.drawn, "b")
    done = services.quiz_attempt_submit(
        actor=observer, client_uuid=first.client_uuid, answers=wrong, now=now
    )
    assert done.score == 0
    assert not done.passed
    # Resubmitting (offline replay) changes nothing, even with other answers.
    again = services.quiz_attempt_submit(
        actor=observer,
        client_uuid=first.client_uuid,
        answers=dict.fromkeys(first.drawn, "a"),
        now=now,
    )
    assert again.score == 0
    with pytest.raises(ValidationError, match="réessayer à partir du"):
        services.quiz_attempt_start(
            actor=observer, course_version=version, client_uuid=uuid.uuid4(), now=now
        )
    later = now + dt.timedelta(hours=25)
    second = services.quiz_attempt_start(
        actor=observer, course_version=version, client_uuid=uuid.uuid4(), now=later
    )
    half = {second.drawn[0]: "a", second.drawn[1]: "b"}
    assert (
        services.quiz_attempt_submit(
            actor=observer, client_uuid=second.client_uuid, answers=half, now=later
        ).score
        == 50
    )
    with pytest.raises(ValidationError, match="les 2 tentatives"):
        services.quiz_attempt_start(
            actor=observer,
            course_version=version,
            client_uuid=uuid.uuid4(),
            now=later + dt.timedelta(days=3),
        )
    assert not Certification.objects.exists()


def test_carry_over_counts_earlier_versions_certifications(coordinator, make_observer):
    from raqib.grids import services as grid_services

    req = requirement(practice=False)
    old = req.grid_version
    observer = make_observer("veteran")
    services.certification_grant(
        actor=coordinator,
        observer=observer,
        grid_version=old,
        channel=old.grid.channel,
        reason="formé en présentiel",
    )
    new = grid_services.grid_version_publish(
        actor=None, version=grid_services.grid_version_clone(actor=None, version=old)
    )
    services.certification_requirement_set(
        actor=None, grid_version=new, course_version=req.course_version, carry_over=False
    )
    from raqib.training.selectors import certification_gaps

    day = timezone.localdate()
    assert certification_gaps(observer=observer, grid_version=new, channel=new.grid.channel, on=day)
    services.certification_requirement_set(
        actor=None, grid_version=new, course_version=req.course_version, carry_over=True
    )
    assert not certification_gaps(
        observer=observer, grid_version=new, channel=new.grid.channel, on=day
    )


def test_manual_grant_needs_a_reason_and_is_audited_and_revocable(
    client, coordinator, make_observer
):
    req = requirement(practice=False)
    observer = make_observer("manual")
    client.force_login(coordinator)
    url = reverse("training:certification_grant")
    data = {
        "observer": observer.pk,
        "grid_version": req.grid_version.pk,
        "channel": req.grid_version.grid.channel,
    }
    client.post(url, {**data, "reason": "  "})
    assert not Certification.objects.exists()
    client.post(url, {**data, "reason": "Formation en salle le 3 mars"})
    cert = Certification.objects.get()
    event = AuditEvent.objects.get(action="certification.grant_manual")
    assert event.changes["reason"] == "Formation en salle le 3 mars"
    client.post(reverse("training:certification_revoke", kwargs={"pk": cert.pk}), {"reason": "x"})
    cert.refresh_from_db()
    assert cert.revoked_at is not None


def test_a_malformed_course_is_refused_with_each_place(coordinator):
    from raqib.training.models import Course

    course = services.course_create(actor=None, code="bad", title_ar="د", title_fr="C")
    content = quiz_content(draw=5)
    content["quiz"]["questions"][1]["choices"][1]["correct"] = True
    with pytest.raises(ValidationError) as refused:
        services.course_version_publish(actor=None, course=course, content=content)
    text = " ".join(refused.value.messages)
    assert "quiz.draw" in text
    assert "quiz.questions[1].choices" in text
    assert not Course.objects.get(code="bad").versions.exists()
