"""Many quarantined answers released or confirmed at once, with a reason: all or nothing."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.surveys import services
from raqib.surveys.models import SurveyResponse
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db


def _quarantined(wave_point, n):
    return [submit(wave_point, {"SAT_OVERALL": 1}, honeypot=f"bot{i}").response for i in range(n)]


def _urls(wave):
    with translation.override("fr"):
        return (
            reverse("surveys:responses_bulk_review", kwargs={"pk": wave.pk}),
            reverse("surveys:wave_quarantine", kwargs={"pk": wave.pk}),
        )


def _states(responses):
    return [
        (r.quarantined, r.review_state)
        for r in SurveyResponse.objects.filter(pk__in=[x.pk for x in responses]).order_by("pk")
    ]


def test_release_many_with_a_reason_over_http(client, coordinator):
    wave = make_wave()
    first, second, third = _quarantined(wave.points.get(), 3)
    client.force_login(coordinator)
    action, page = _urls(wave)
    html = client.get(page).content.decode()
    assert 'form="bulk-decision"' in html
    assert 'name="reason"' in html
    response = client.post(
        action,
        {"responses": [first.pk, second.pk], "decision": "release", "reason": "Même guichet"},
    )
    assert response.status_code == 302
    assert response["Location"] == page
    assert _states([first, second, third]) == [
        (False, "released"),
        (False, "released"),
        (True, ""),
    ]
    events = AuditEvent.objects.filter(action="survey_response.release", actor=coordinator)
    assert events.count() == 2
    assert all("Même guichet" in str(e.changes) for e in events), events[0].changes
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Décision enregistrée pour 2 réponses."]


def test_confirm_many(coordinator):
    wave = make_wave()
    answers = _quarantined(wave.points.get(), 2)
    services.survey_response_bulk_decide(
        actor=coordinator,
        wave=wave,
        response_ids=[a.pk for a in answers],
        decision="confirm",
        reason="robot",
    )
    assert _states(answers) == [(True, "confirmed"), (True, "confirmed")]


@pytest.mark.parametrize(
    "case",
    [
        ("both", "release", "   ", "Indiquez la raison de cette décision."),
        ("none", "release", "ok", "Sélectionnez au moins une réponse."),
        ("both", "delete", "ok", "Choisissez de libérer ou de confirmer."),
        ("with_other_wave", "release", "ok", "ne sont pas dans cette vague"),
        ("with_decided", "release", "ok", "rien n'a été modifié"),
        ("both", "release", "x" * 501, "trop longue"),
    ],
)
def test_bad_input_changes_nothing(client, coordinator, case):
    pick, decision, reason, message = case
    wave = make_wave()
    answers = _quarantined(wave.points.get(), 2)
    decided = _quarantined(wave.points.get(), 1)[0]
    services.survey_response_release(actor=coordinator, response=decided)
    other = _quarantined(make_wave().points.get(), 1)[0]
    ids = {
        "both": [a.pk for a in answers],
        "none": [],
        "with_other_wave": [answers[0].pk, other.pk],
        "with_decided": [answers[0].pk, decided.pk],
    }[pick]
    client.force_login(coordinator)
    action, _page = _urls(wave)
    before = AuditEvent.objects.count()
    response = client.post(action, {"responses": ids, "decision": decision, "reason": reason})
    assert response.status_code == 302
    assert _states(answers) == [(True, ""), (True, "")]
    assert AuditEvent.objects.count() == before
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert message in messages


def test_only_editors_decide(client, director, integrity_officer):
    wave = make_wave()
    answers = _quarantined(wave.points.get(), 1)
    action, _page = _urls(wave)
    for user in (director, integrity_officer):
        client.force_login(user)
        data = {"responses": [answers[0].pk], "decision": "release", "reason": "x"}
        assert client.post(action, data).status_code == 403
    assert _states(answers) == [(True, "")]


def test_service_refuses_without_reason(coordinator):
    wave = make_wave()
    answers = _quarantined(wave.points.get(), 1)
    with pytest.raises(ValidationError):
        services.survey_response_bulk_decide(
            actor=coordinator,
            wave=wave,
            response_ids=[answers[0].pk],
            decision="release",
            reason="",
        )
