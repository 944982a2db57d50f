"""Each anti-stuffing rule quarantines (stores, flags) and the indices leave those out."""

from __future__ import annotations

import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.surveys import abuse, services
from raqib.surveys.models import SurveyResponse
from raqib.surveys.selectors import wave_indices
from raqib.surveys.tests.factories import make_wave, old_stamp, submit

pytestmark = pytest.mark.django_db


def _url(wp):
    with translation.override("ar"):
        return reverse("surveys_public:answer", kwargs={"token": wp.token})


def _counted(wave):
    data = wave_indices(wave=wave, kinds=[])
    return data["wave"].result.responses, data["wave"].quarantined


def test_honeypot_through_http_quarantines(client):
    wp = make_wave().points.get()
    client.get(_url(wp))
    response = client.post(
        _url(wp),
        {"q_SAT_OVERALL": "5", "website": "http://spam", "started": old_stamp(wp)},
    )
    assert response.status_code == 302  # the robot is told nothing
    stored = SurveyResponse.objects.get()
    assert stored.quarantined
    assert stored.quarantine_reasons == ["honeypot"]
    assert _counted(wp.wave) == (0, 1)


def test_too_fast_missing_or_forged_start_stamp(client):
    wp = make_wave().points.get()
    client.get(_url(wp))
    client.post(_url(wp), {"q_SAT_OVERALL": "5", "started": abuse.started_sign(wp.pk)})
    client.cookies.clear()
    client.post(_url(wp), {"q_SAT_OVERALL": "4", "started": "forged"})
    client.cookies.clear()
    client.post(_url(wp), {"q_SAT_OVERALL": "3"})
    reasons = [r.quarantine_reasons for r in SurveyResponse.objects.order_by("pk")]
    assert reasons == [["too_fast"], ["no_timestamp"], ["no_timestamp"]]
    assert _counted(wp.wave) == (0, 3)


def test_minimum_time_is_configurable(settings):
    settings.RAQIB_SURVEY_MIN_SECONDS = 5
    wp = make_wave().points.get()
    ok = submit(wp, {"SAT_OVERALL": 5}, started=abuse.started_sign(wp.pk, now=time.time() - 6))
    fast = submit(wp, {"SAT_OVERALL": 4}, started=abuse.started_sign(wp.pk, now=time.time() - 4))
    assert not ok.response.quarantined
    assert fast.response.quarantine_reasons == ["too_fast"]
    assert 5 <= ok.response.duration_seconds <= 7


def test_stamp_of_another_point_is_refused():
    wave = make_wave(n_points=2)
    first, second = wave.points.all()
    outcome = submit(first, {"SAT_OVERALL": 5}, started=old_stamp(second))
    assert outcome.response.quarantine_reasons == ["no_timestamp"]


def test_rate_limit_per_network(settings):
    settings.RAQIB_SURVEY_RATE_LIMITS = {"network": (3, 3600)}
    wp = make_wave().points.get()
    outcomes = [
        submit(wp, {"SAT_OVERALL": v}, client_ip="41.226.10.7" if v % 2 else "41.226.10.200")
        for v in (1, 2, 3, 4, 5)
    ]
    flags = [o.response.quarantine_reasons for o in outcomes]
    assert flags == [[], [], [], ["rate_network"], ["rate_network"]]
    assert _counted(wp.wave) == (3, 2)


def test_rate_limit_per_device(settings):
    settings.RAQIB_SURVEY_RATE_LIMITS = {"device": (1, 3600)}
    wp = make_wave().points.get()
    first = submit(wp, {"SAT_OVERALL": 5}, device_token="same")
    second = submit(wp, {"SAT_OVERALL": 4}, device_token="same")
    assert first.response.quarantine_reasons == []
    assert second.response.quarantine_reasons == ["rate_device", "duplicate_device"]


def test_duplicate_device_within_the_wave_even_at_another_point():
    wave = make_wave(n_points=2)
    a, b = wave.points.all()
    submit(a, {"SAT_OVERALL": 5}, device_token="phone-1")
    again = submit(b, {"SAT_OVERALL": 2}, device_token="phone-1")
    assert again.response.quarantine_reasons == ["duplicate_device"]
    assert _counted(wave) == (1, 1)


def test_identical_answers_from_the_same_network_within_the_window(settings):
    wp = make_wave().points.get()
    answers = {"SAT_OVERALL": 5, "DRV_COURTESY": 5}
    submit(wp, answers, client_ip="197.0.0.1")
    same = submit(wp, dict(reversed(answers.items())), client_ip="197.0.0.99")
    other_net = submit(wp, answers, client_ip="197.0.1.1")
    different = submit(wp, {"SAT_OVERALL": 4}, client_ip="197.0.0.2")
    assert same.response.quarantine_reasons == ["duplicate_answers"]
    assert other_net.response.quarantine_reasons == []
    assert different.response.quarantine_reasons == []
    settings.RAQIB_SURVEY_DUPLICATE_WINDOW_SECONDS = 0
    later = submit(wp, answers, client_ip="197.0.0.3")
    assert later.response.quarantine_reasons == []


def test_ipv6_prefix_is_a_48():
    assert abuse.network_prefix("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert abuse.network_prefix("::ffff:41.226.10.7") == "41.226.10.0/24"
    assert abuse.network_hash("2001:db8:abcd:12::1") == abuse.network_hash("2001:db8:abcd:ff::9")
    assert abuse.network_prefix("garbage") == ""
    assert abuse.network_hash("") == ""


def test_release_counts_and_confirm_keeps_out_both_audited(coordinator):
    wp = make_wave().points.get()
    good = submit(wp, {"SAT_OVERALL": 5})
    bad1 = submit(wp, {"SAT_OVERALL": 1}, honeypot="x").response
    bad2 = submit(wp, {"SAT_OVERALL": 1}, honeypot="y").response
    assert not good.response.quarantined
    assert _counted(wp.wave) == (1, 2)
    services.survey_response_release(actor=coordinator, response=bad1)
    services.survey_response_confirm(actor=coordinator, response=bad2)
    assert _counted(wp.wave) == (2, 1)
    assert AuditEvent.objects.filter(action="survey_response.release", actor=coordinator).exists()
    assert AuditEvent.objects.filter(action="survey_response.confirm", actor=coordinator).exists()
    with translation.override("fr"), pytest.raises(ValidationError, match="n'attend pas"):
        services.survey_response_release(actor=coordinator, response=bad1)


def test_quarantine_page_and_actions_over_http(client, coordinator):
    wp = make_wave().points.get()
    bad = submit(wp, {"SAT_OVERALL": 1}, honeypot="x").response
    client.force_login(coordinator)
    with translation.override("ar"):
        page = reverse("surveys:wave_quarantine", kwargs={"pk": wp.wave_id})
        action = reverse(
            "surveys:response_review",
            kwargs={"pk": wp.wave_id, "response_pk": bad.pk, "action": "release"},
        )
    assert "حقل مخفي معبّأ (آلة)" in client.get(page).content.decode()  # the reason, translated
    assert client.post(action).status_code == 302
    bad.refresh_from_db()
    assert not bad.quarantined
    assert bad.review_state == "released"


def test_interviewer_mode_is_marked_and_skips_device_data(client, observer):
    wp = make_wave().points.get()
    client.force_login(observer)
    with translation.override("ar"):
        url = reverse("surveys:interview", kwargs={"pk": wp.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"q_SAT_OVERALL": "2", "client_uuid": str(uuid.uuid4())})
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.mode == "interviewer"
    assert stored.interviewer == observer
    assert stored.device_hash == ""
    assert stored.network_hash == ""
    assert not stored.quarantined


def test_network_comes_from_remote_addr_or_the_configured_proxy_header(client, settings):
    wp = make_wave().points.get()
    client.post(
        _url(wp),
        {"q_SAT_OVERALL": "5", "started": old_stamp(wp)},
        REMOTE_ADDR="41.229.1.2",
        HTTP_X_REAL_IP="197.1.1.1",
    )
    settings.RAQIB_SURVEY_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client.cookies.clear()
    client.post(
        _url(wp),
        {"q_SAT_OVERALL": "4", "started": old_stamp(wp)},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="197.1.1.1",
    )
    first, second = SurveyResponse.objects.order_by("pk")
    assert first.network_hash == abuse.network_hash("41.229.1.200")
    assert second.network_hash == abuse.network_hash("197.1.1.9")


def test_network_behind_the_trusted_proxy_is_the_one_sign_in_throttling_uses(client, settings):
    # One client-address function for every per-client limit (raqib.core.client).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    wp = make_wave().points.get()
    client.post(
        _url(wp),
        {"q_SAT_OVERALL": "5", "started": old_stamp(wp)},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 197.3.4.5",  # the left part is the client's own claim
    )
    assert SurveyResponse.objects.get().network_hash == abuse.network_hash("197.3.4.77")
