"""The training sync API: the bundle the phone keeps, and quiz attempts taken offline."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from raqib.training.models import Certification, QuizAttempt
from raqib.training.services import pledge_sign, quiz_draw
from raqib.training.tests.factories import requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def required():
    return requirement(practice=False, draw=2, max_attempts=2, wait_hours=24, pass_mark=100)


def bundle(client):
    response = client.get(reverse("api:observer_training"))
    assert response.status_code == 200
    return response.json()


def send(client, course: int, attempt: str, answers: dict[str, str]):
    return client.post(
        reverse("api:observer_quiz_attempt"),
        {"attempt": attempt, "course": course, "answers": answers},
        content_type="application/json",
    )


def test_the_bundle_never_holds_the_correct_answers_and_its_ticket_is_the_server_draw(
    client, observer, required
):
    client.force_login(observer)
    data = bundle(client)
    (course,) = data["courses"]
    assert course["id"] == required.course_version.pk
    assert "correct" not in str(course)
    ticket = course["quiz"]["ticket"]
    quiz = required.course_version.content["quiz"]
    assert ticket["questions"] == quiz_draw(quiz, uuid.UUID(ticket["attempt"]))
    assert course["lessons"][0]["body"] == {"ar": "نص الدرس", "fr": "Texte de la leçon"}
    assert data["certifications"] == []
    assert data["pledge_signed"] is False


def test_a_quiz_taken_offline_is_scored_once_and_certifies(client, observer, required):
    pledge_sign(actor=observer)
    client.force_login(observer)
    ticket = bundle(client)["courses"][0]["quiz"]["ticket"]
    answers = dict.fromkeys(ticket["questions"], "a")
    first = send(client, required.course_version.pk, ticket["attempt"], answers)
    assert first.status_code == 200, first.content
    assert first.json()["passed"] is True
    assert first.json()["certified"] == [str(required.grid_version.grid.code) + " v1"]
    again = send(client, required.course_version.pk, ticket["attempt"], answers)  # a resend
    assert again.status_code == 200
    assert again.json()["certified"] == []
    assert QuizAttempt.objects.count() == 1
    assert Certification.objects.filter(observer=observer).count() == 1
    after = bundle(client)
    assert after["courses"][0]["quiz"]["ticket"] is None  # passed: no new attempt
    assert after["courses"][0]["quiz"]["passed"] is True
    assert [c["grid"] for c in after["certifications"]] == ["MISSIONTEST v1"]


def test_an_attempt_past_the_limits_is_refused_with_its_reason(client, observer, required):
    client.force_login(observer)
    ticket = bundle(client)["courses"][0]["quiz"]["ticket"]
    wrong = dict.fromkeys(ticket["questions"], "b")
    first = send(client, required.course_version.pk, ticket["attempt"], wrong)
    assert first.json()["passed"] is False
    # Taken offline before the waiting time was known: refused at sync, with the date.
    second = send(client, required.course_version.pk, str(uuid.uuid4()), wrong)
    assert second.status_code == 409
    assert second.json()["code"] == "quiz_wait"
    assert second.json()["detail"]
    assert bundle(client)["courses"][0]["quiz"]["blocked"]
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"attempt": "not-a-uuid", "course": 1, "answers": {}},
        {"attempt": str(uuid.uuid4()), "course": 0, "answers": {}},
        {"attempt": str(uuid.uuid4()), "course": 1, "answers": ["a"]},
    ],
)
def test_bad_input_gets_a_json_400_and_changes_nothing(client, observer, required, body):
    client.force_login(observer)
    response = client.post(
        reverse("api:observer_quiz_attempt"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()
    assert QuizAttempt.objects.count() == 0


def test_an_unknown_course_is_a_404(client, observer, required):
    client.force_login(observer)
    response = send(client, 999_999, str(uuid.uuid4()), {})
    assert response.status_code == 404
    assert response.json()["detail"]
