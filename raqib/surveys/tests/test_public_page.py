"""The public answering page through HTTP: languages, errors, cookie, thanks, closed waves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.surveys.models import SurveyResponse
from raqib.surveys.tests.factories import make_wave, old_stamp

pytestmark = pytest.mark.django_db


def _url(wave_point, lang="ar", name="answer"):
    with translation.override(lang):
        return reverse(f"surveys_public:{name}", kwargs={"token": wave_point.token})


def _form(client, wave_point, lang="ar"):
    page = client.get(_url(wave_point, lang))
    assert page.status_code == 200
    return page


def test_page_in_arabic_and_french_with_switch_and_privacy_notice(client):
    wp = make_wave().points.get()
    page = _form(client, wp, "ar")
    html = page.content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "<fieldset" in html
    assert "<legend>" in html
    assert _url(wp, "fr") in html  # the switch is a plain link: works without JS
    assert "عدد 63 لسنة 2004" in html  # loi organique 2004-63, in the privacy notice
    assert "<script" not in html  # no framework, nothing to download but HTML and CSS
    fr = client.get(_url(wp, "fr")).content.decode()
    assert 'lang="fr" dir="ltr"' in fr
    assert "satisfait(e) du service reçu" in fr
    assert "2004-63" in fr


def test_short_lived_anti_duplicate_cookie_only(client):
    wp = make_wave().points.get()
    page = _form(client, wp)
    assert set(page.cookies) == {"raqib_sv"}
    cookie = page.cookies["raqib_sv"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 24 * 3600


def test_answer_is_stored_without_raw_ip_or_cookie_and_thanks_page(client):
    wp = make_wave().points.get()
    _form(client, wp)
    token = client.cookies["raqib_sv"].value
    response = client.post(
        _url(wp),
        {
            "q_SAT_OVERALL": "4",
            "q_DRV_COURTESY": "5",
            "q_CHANNEL": "in_person",
            "q_SETTLED": "yes",
            "q_COMMENT": "شكرا",
            "client_uuid": "0b7d5c2e-3f4a-4e1b-9a55-1d1f6d3c9a01",
            "started": old_stamp(wp),
        },
        REMOTE_ADDR="197.8.9.10",
    )
    assert response.status_code == 302
    assert response["Location"] == _url(wp, name="thanks")
    stored = SurveyResponse.objects.get()
    assert stored.answers == {
        "SAT_OVERALL": 4,
        "DRV_COURTESY": 5,
        "CHANNEL": "in_person",
        "SETTLED": "yes",
        "COMMENT": "شكرا",
    }
    assert not stored.quarantined
    assert stored.mode == "public"
    assert stored.grid_version_id == wp.wave.grid_version_id
    row = str(SurveyResponse.objects.filter(pk=stored.pk).values().get())
    assert "197.8.9" not in row
    assert token not in row
    assert len(stored.device_hash) == 64
    assert len(stored.network_hash) == 64
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "30" in thanks.content.decode()  # explains the minimum sample


def test_retry_with_same_uuid_is_stored_once(client):
    wp = make_wave().points.get()
    data = {
        "q_SAT_OVERALL": "3",
        "client_uuid": "7e0cfb1a-1111-4222-8333-444455556666",
        "started": old_stamp(wp),
    }
    assert client.post(_url(wp), data).status_code == 302
    assert client.post(_url(wp), data).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_missing_required_answer_gives_an_accessible_error_summary(client):
    wp = make_wave().points.get()
    response = client.post(_url(wp), {"q_DRV_COURTESY": "9", "started": old_stamp(wp)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#q_SAT_OVERALL-1"' in html
    assert 'id="q_SAT_OVERALL-1"' in html
    assert 'href="#q_DRV_COURTESY-1"' in html
    assert "aria-describedby" in html
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("status", ["paused", "closed"])
def test_paused_or_closed_wave_answers_politely_with_410(client, status):
    wp = make_wave(status=status).points.get()
    response = client.get(_url(wp))
    assert response.status_code == 410
    assert response.templates[0].name == "surveys/public/unavailable.html"
    post = client.post(_url(wp), {"q_SAT_OVERALL": "5"})
    assert post.status_code == 410
    assert SurveyResponse.objects.count() == 0


def test_unknown_or_draft_link_is_a_polite_404(client):
    assert client.get("/ar/s/doesnotexist/").status_code == 404
    wp = make_wave(status="draft").points.get()
    response = client.get(_url(wp))
    assert response.status_code == 404
    assert "QR" in response.content.decode()


def test_an_empty_ballot_is_refused_with_its_reason_and_nothing_is_stored():
    from django.core.exceptions import ValidationError

    from raqib.surveys.tests.factories import submit

    wp = make_wave().points.get()
    for lang, reason in (
        ("ar", "أجب عن سؤال واحد على الأقل."),
        ("fr", "Répondez à au moins une question."),
    ):
        with translation.override(lang), pytest.raises(ValidationError) as refused:
            submit(wp, {})
        assert refused.value.messages == [reason]
    assert not SurveyResponse.objects.exists()
    submit(wp, {"SAT_OVERALL": 4})
    assert SurveyResponse.objects.count() == 1


def test_public_answers_are_stored_by_one_statement_prepared_once_per_connection():
    from django.db import connection

    from raqib.surveys.answers import fingerprint
    from raqib.surveys.tests.factories import submit

    if connection.vendor != "postgresql":
        pytest.skip("server-side prepared statements are PostgreSQL's")
    wp = make_wave().points.get()
    given = [{"SAT_OVERALL": 4, "DRV_COURTESY": 5}, {"SAT_OVERALL": 2, "OPEN_COMMENT": "شكرا"}]
    for answers in given:
        submit(wp, answers)
    stored = SurveyResponse.objects.order_by("pk")
    assert [r.answers for r in stored] == given
    assert [r.answers_hash for r in stored] == [fingerprint(a) for a in given]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['INSERT INTO "surveys_surveyresponse"%'],
        )
        assert cursor.fetchone()[0] == 1
