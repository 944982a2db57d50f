"""The sync API through HTTP: authentication, scope, bad input, idempotency, conflicts."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from raqib.missions import services
from raqib.missions.models import Evidence, Report

from .factories import VALID_ANSWERS, image_bytes, make_mission

pytestmark = pytest.mark.django_db

R1 = "aaaaaaaa-0000-4000-8000-000000000001"
P1 = "bbbbbbbb-0000-4000-8000-000000000001"


def report_url(u=R1):
    return reverse("api:observer_report", kwargs={"report_uuid": u})


def photo_url(u=R1, p=P1):
    return reverse("api:observer_report_photo", kwargs={"report_uuid": u, "photo_uuid": p})


def submit_url(u=R1):
    return reverse("api:observer_report_submit", kwargs={"report_uuid": u})


@pytest.fixture
def api(observer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(observer)
    token = client.get(reverse("api:observer_session")).json()["csrf_token"]
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


@pytest.fixture
def mission(coordinator, observer):
    return make_mission(actor=coordinator, observer=observer)


NOW = timezone.now()


def body(mission, **extra):
    now = NOW
    return {
        "mission": mission.pk,
        "answers": dict(VALID_ANSWERS),
        "started_at": (now - dt.timedelta(minutes=30)).isoformat(),
        "ended_at": (now - dt.timedelta(minutes=10)).isoformat(),
        "device_time": now.isoformat(),
        "location": {"latitude": 36.8, "longitude": 10.18, "accuracy": 12},
        "location_consent": True,
        "notes": "RAS",
        **extra,
    }


def put(client, mission, url=None, **extra):
    return client.put(url or report_url(), body(mission, **extra), content_type="application/json")


def photo(client, content=None, name="p.jpg", criterion="Q01", url=None):
    upload = SimpleUploadedFile(
        name, image_bytes() if content is None else content, content_type="image/jpeg"
    )
    from django.test.client import encode_multipart

    return client.put(
        url or photo_url(),
        encode_multipart("BoUnDaRy", {"file": upload, "criterion": criterion}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )


def test_anonymous_gets_403(client, mission):
    for url in (reverse("api:observer_session"), reverse("api:observer_mission_list")):
        assert client.get(url).status_code == 403
    assert put(client, mission).status_code == 403
    assert client.post(submit_url()).status_code == 403


def test_other_roles_get_403(client, coordinator, mission):
    client.force_login(coordinator)
    assert client.get(reverse("api:observer_mission_list")).status_code == 403


def test_csrf_required(observer, mission):
    client = Client(enforce_csrf_checks=True)
    client.force_login(observer)
    assert put(client, mission).status_code == 403


def test_session_endpoint(api):
    api.cookies["raqib_language"] = "fr"
    data = api.get(reverse("api:observer_session")).json()
    assert data["language"] == "fr"
    assert data["user"] == {"pseudonym": "OBS-0001"}
    assert data["csrf_token"]
    assert data["photo_max_bytes"] == 8 * 1024 * 1024


def test_mission_list(api, mission, coordinator, make_observer):
    make_mission(actor=coordinator, observer=make_observer("someone-else"))
    data = api.get(reverse("api:observer_mission_list")).json()
    assert [m["code"] for m in data] == [mission.code]
    item = data[0]
    assert item["service_point"]["code"] == mission.service_point.code
    assert item["grid_version"] == {
        "id": mission.grid_version_id,
        "content_hash": mission.grid_version.content_hash,
    }
    assert item["report"] is None
    assert "observer" not in item


def test_full_flow_idempotent(api, mission, coordinator):
    first = put(api, mission)
    assert first.status_code == 201, first.content
    again = put(api, mission)
    assert again.status_code == 200
    assert again.json()["answers"] == first.json()["answers"]
    assert Report.objects.count() == 1
    mission.refresh_from_db()
    assert mission.status == "in_progress"

    assert photo(api).status_code == 201
    assert photo(api).status_code == 200
    assert Evidence.objects.count() == 1
    answers = {**VALID_ANSWERS, "Q01": "no", "Q01__photo": P1}
    assert put(api, mission, answers=answers).status_code == 200

    submitted = api.post(submit_url())
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    replay = api.post(submit_url())
    assert replay.status_code == 200
    assert replay.json() == submitted.json()
    # A replay of the same body after submission is accepted; a change is refused.
    assert put(api, mission, answers=answers).status_code == 200
    changed = put(api, mission, answers={**answers, "Q02": 50})
    assert changed.status_code == 409
    assert changed.json()["code"] == "report_submitted"
    assert photo(api, url=photo_url(p=str(uuid.uuid4()))).status_code == 409

    listed = api.get(reverse("api:observer_mission_list")).json()[0]
    assert listed["status"] == "submitted"
    assert listed["report"]["photos"][0]["uuid"] == P1

    report = Report.objects.get()
    services.report_return(actor=coordinator, report=report, comment="Photo floue")
    listed = api.get(reverse("api:observer_mission_list")).json()[0]
    assert listed["status"] == "returned"
    assert listed["coordinator_comment"] == "Photo floue"
    assert put(api, mission, answers={**answers, "Q02": 7}).status_code == 200
    assert api.post(submit_url()).status_code == 200
    services.report_validate(actor=coordinator, report=Report.objects.get())
    validated = put(api, mission)
    assert validated.status_code == 409
    assert validated.json()["code"] == "report_validated"
    assert api.post(submit_url()).json()["code"] == "report_validated"
    assert Report.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_scope_404(api, coordinator, make_observer):
    other = make_observer("stranger")
    theirs = make_mission(actor=coordinator, observer=other)
    assert put(api, theirs).status_code == 404
    assert put(api, theirs.__class__(pk=999999)).status_code == 404
    # Their report (uuid) is invisible too.
    services.report_upsert(actor=other, report_uuid=uuid.UUID(R1), mission_id=theirs.pk, answers={})
    assert api.get(report_url()).status_code == 404
    assert api.post(submit_url()).status_code == 404
    assert photo(api).status_code == 404


def test_bad_input_400(api, mission):
    bad_uuid = api.put(report_url("not-a-uuid"), body(mission), content_type="application/json")
    assert bad_uuid.status_code == 400
    assert bad_uuid.json()["detail"]
    no_answers = api.put(report_url(), {"mission": mission.pk}, content_type="application/json")
    assert no_answers.status_code == 400
    assert "answers" in no_answers.json()
    wrong = put(api, mission, answers=["x"], location={"latitude": 200, "longitude": 0})
    assert wrong.status_code == 400
    assert set(wrong.json()) >= {"answers", "location"}
    garbage = api.put(report_url(), "{not json", content_type="application/json")
    assert garbage.status_code == 400
    reversed_times = put(
        api, mission, started_at="2026-01-01T10:00:00+01:00", ended_at="2026-01-01T09:00:00+01:00"
    )
    assert reversed_times.status_code == 400


def test_submit_invalid_answers_400(api, mission):
    put(api, mission, answers={"Q01": "no"})
    response = api.post(submit_url())
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_answers"
    assert "Q01" in body["answers"]


def test_photo_answer_must_reference_uploaded_photo(api, mission):
    put(api, mission, answers={**VALID_ANSWERS, "Q01": "no", "Q01__photo": P1})
    response = api.post(submit_url())
    assert response.status_code == 400
    assert "Q01" in response.json()["answers"]


def test_conflicts_409(api, mission, coordinator, make_observer):
    put(api, mission)
    services.mission_reassign(actor=coordinator, mission=mission, observer=make_observer("new"))
    response = put(api, mission)
    assert response.status_code == 409
    assert response.json()["code"] == "mission_reassigned"
    assert response.json()["detail"]
    assert api.post(submit_url()).json()["code"] == "mission_reassigned"
    # The language is the user's remembered choice (cookie), Arabic by default.
    arabic = put(api, mission)
    assert arabic.json()["detail"].startswith("أُسندت هذه المهمّة")
    api.cookies["raqib_language"] = "fr"
    french = put(api, mission)
    assert french.json()["detail"].startswith("Cette mission a été confiée")
    # The app's explicit bare language wins; a browser's list of languages does not.
    explicit = api.put(
        report_url(), body(mission), content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert explicit.json()["detail"].startswith("أُسندت هذه المهمّة")
    browser = api.put(
        report_url(),
        body(mission),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar-TN,ar;q=0.9",
    )
    assert browser.json()["detail"].startswith("Cette mission a été confiée")

    second = make_mission(actor=coordinator, observer=mission.observer)
    url = report_url(str(uuid.uuid4()))
    put(api, second, url=url)
    services.mission_cancel(actor=coordinator, mission=second)
    cancelled = put(api, second, url=url)
    assert cancelled.status_code == 409
    assert cancelled.json()["code"] == "mission_cancelled"


def test_second_uuid_for_same_mission_409(api, mission):
    put(api, mission)
    response = put(api, mission, url=report_url(str(uuid.uuid4())))
    assert response.status_code == 409
    assert response.json()["code"] == "report_conflict"
    assert response.json()["report_uuid"] == R1


def test_upload_refusals(api, mission, settings):
    put(api, mission)
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    wrong_type = photo(api, content=gif, name="p.gif")
    assert wrong_type.status_code == 400
    assert "JPEG" in wrong_type.json()["file"][0]
    mismatch = photo(api, content=image_bytes("PNG"), name="p.jpg")
    assert mismatch.status_code == 400
    assert ".jpg" in mismatch.json()["file"][0]
    assert photo(api, content=b"", name="p.jpg").status_code == 400
    settings.RAQIB_EVIDENCE_MAX_BYTES = 100
    api.cookies["raqib_language"] = "fr"
    big = photo(api, content=image_bytes() + b"\0" * 200)
    assert big.status_code == 400
    assert "trop volumineuse" in big.json()["file"][0]
    settings.RAQIB_EVIDENCE_MAX_BYTES = 8 * 1024 * 1024
    unknown = photo(api, criterion="NOPE")
    assert unknown.status_code == 400
    assert "criterion" in unknown.json()
    assert Evidence.objects.count() == 0
    ok = photo(api, content=image_bytes("WEBP"), name="p.webp")
    assert ok.status_code == 201
    assert ok.json()["content_type"] == "image/webp"


def test_photo_before_report_404(api, mission):
    assert photo(api).status_code == 404


def test_photo_reuse_anomaly(api, mission, coordinator, observer):
    put(api, mission)
    photo(api)
    api.post(submit_url())
    second = make_mission(actor=coordinator, observer=observer, campaign="B")
    url2 = str(uuid.uuid4())
    put(api, second, url=report_url(url2))
    photo(api, url=photo_url(url2, str(uuid.uuid4())))
    body = api.post(submit_url(url2)).json()
    report = Report.objects.get(uuid=url2)
    assert body["status"] == "submitted"
    assert {"code": "photo_reused", "params": {"missions": mission.code}} in report.anomalies


def test_schema_lists_observer_endpoints(api):
    schema = api.get(reverse("api:schema")).content.decode()
    assert "/api/v1/observer/reports/{report_uuid}/photos/{photo_uuid}/" in schema
