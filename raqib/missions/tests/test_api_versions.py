"""Versioned writes, the status endpoints, partial updates and correction requests."""

import datetime as dt
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from raqib.audit.models import AuditEvent
from raqib.missions import services
from raqib.missions.models import Report, ReportCorrection

from .factories import make_mission
from .test_api import P1, R1, body, photo, put, report_url, submit_url

pytestmark = pytest.mark.django_db


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


def _put_v(client, mission, version, revision="rev-1", **extra):
    return client.put(
        report_url(),
        body(mission, **extra),
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
        HTTP_RAQIB_REVISION=revision,
    )


def _status(client, *uuids):
    return client.get(reverse("api:observer_report_status_list"), {"uuid": list(uuids)})


def test_etag_and_stale_write_refused(api, mission):
    first = _put_v(api, mission, 0, revision="rev-a", notes="version 1")
    assert first.status_code == 201
    assert first["ETag"] == '"1"'
    assert first.json()["version"] == 1
    assert first.json()["revision"] == "rev-a"
    # The same request again (its answer was lost): idempotent, whatever If-Match says.
    again = _put_v(api, mission, 0, revision="rev-a", notes="version 1")
    assert again.status_code == 200
    assert again.json()["version"] == 1
    # The phone's next edit, based on version 1.
    second = _put_v(api, mission, 1, revision="rev-b", notes="version 2")
    assert second.status_code == 200
    assert second.json()["version"] == 2
    # A late request based on version 1 with other content: refused, the server keeps v2.
    stale = _put_v(api, mission, 1, revision="rev-a", notes="version 1")
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["version"] == "2"
    assert stale.json()["detail"]
    report = Report.objects.get()
    assert (report.notes, report.version, report.client_revision) == ("version 2", 2, "rev-b")
    # Without If-Match (older clients) the last write wins, as before.
    assert put(api, mission, notes="legacy").status_code == 200


def test_status_endpoints_scoped_to_own_reports(api, mission, coordinator, make_observer):
    _put_v(api, mission, 0, revision="rev-a")
    assert photo(api).status_code == 201
    other_observer = make_observer("someone-else")
    other_mission = make_mission(actor=coordinator, observer=other_observer)
    other, _ = services.report_upsert(
        actor=other_observer, report_uuid=uuid.uuid4(), mission_id=other_mission.pk, answers={}
    )
    missing = str(uuid.uuid4())
    listed = _status(api, R1, str(other.uuid), missing)
    assert listed.status_code == 200
    rows = listed.json()
    assert [row["uuid"] for row in rows] == [R1]
    row = rows[0]
    report = Report.objects.get(uuid=R1)
    assert row["mission"] == mission.pk
    assert row["status"] == "draft"
    assert row["version"] == report.version
    assert row["revision"] == "rev-a"
    assert row["content_hash"] == services.report_content_hash(report)
    assert row["photos"] == [{"uuid": P1, "sha256": report.evidence.get().sha256}]
    one = api.get(reverse("api:observer_report_status", kwargs={"report_uuid": R1}))
    assert one.status_code == 200
    assert one.json()["uuid"] == R1
    for key in (str(other.uuid), missing):
        url = reverse("api:observer_report_status", kwargs={"report_uuid": key})
        assert api.get(url).status_code == 404
    assert _status(api, "not-a-uuid").status_code == 400
    assert _status(api, *[str(uuid.uuid4()) for _ in range(201)]).status_code == 400
    # The content hash follows the content.
    _put_v(api, mission, report.version, revision="rev-b", notes="changed")
    assert _status(api, R1).json()[0]["content_hash"] != row["content_hash"]


def test_patch_sends_only_changes(api, mission):
    created = _put_v(api, mission, 0)
    version = created.json()["version"]
    url = report_url()
    assert api.patch(url, {"notes": "x"}, content_type="application/json").status_code == 428
    changed = api.patch(
        url,
        {"answers": {"Q02": 9, "Q04": None}},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert changed.status_code == 200, changed.content
    answers = changed.json()["answers"]
    assert answers["Q02"] == 9
    assert "Q04" not in answers
    assert answers["Q01"] == "yes"
    # The same patch again (answer lost): the result is what the server holds → 200.
    replay = api.patch(
        url,
        {"answers": {"Q02": 9, "Q04": None}},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert replay.status_code == 200
    stale = api.patch(
        url, {"answers": {"Q02": 1}}, content_type="application/json", HTTP_IF_MATCH=f'"{version}"'
    )
    assert stale.status_code == 412
    assert Report.objects.get().answers["Q02"] == 9
    bad = api.patch(url, {"notes": "x"}, content_type="application/json", HTTP_IF_MATCH='"abc"')
    assert bad.status_code == 400


def test_correction_request_and_decision(api, mission, coordinator):
    _put_v(api, mission, 0, answers={"Q01": "yes", "Q02": 5, "Q03": "good", "Q04": "no", "Q05": 4})
    submitted = api.post(submit_url())
    assert submitted.status_code == 200
    version = submitted.json()["version"]
    assert submitted["ETag"] == f'"{version}"'
    cid = str(uuid.uuid4())
    url = reverse(
        "api:observer_report_correction", kwargs={"report_uuid": R1, "correction_uuid": cid}
    )
    body = {"answers": {"Q02": 7}, "notes": "I counted again"}
    refused = api.put(url, body, content_type="application/json", HTTP_IF_MATCH='"0"')
    assert refused.status_code == 412
    sent = api.put(url, body, content_type="application/json", HTTP_IF_MATCH=f'"{version}"')
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "pending"
    assert (
        api.put(url, body, content_type="application/json", HTTP_IF_MATCH=f'"{version}"')
    ).status_code == 200
    assert ReportCorrection.objects.count() == 1
    empty = api.put(
        reverse(
            "api:observer_report_correction",
            kwargs={"report_uuid": R1, "correction_uuid": str(uuid.uuid4())},
        ),
        {},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert empty.status_code == 400
    assert _status(api, R1).json()[0]["pending_corrections"] == 1
    correction = ReportCorrection.objects.get()
    rows = services.correction_rows(correction)
    assert {"field": "Q02", "current": 5, "proposed": 7} in rows
    services.report_correction_decide(actor=coordinator, correction=correction, accept=True)
    report = Report.objects.get()
    assert report.answers["Q02"] == 7
    assert report.notes == "I counted again"
    assert report.version == version + 1
    assert report.status == "submitted"


def test_schema_has_status_endpoint(api):
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/observer/status/" in schema
    assert "/api/v1/observer/reports/{report_uuid}/status/" in schema
    assert "If-Match" in schema
    json.dumps(schema)


def test_review_page_shows_correction_diff_and_decides(api, mission, coordinator, client):
    from raqib.missions.models import ReportCorrection

    _put_v(api, mission, 0)
    version = api.post(submit_url()).json()["version"]
    url = reverse(
        "api:observer_report_correction",
        kwargs={"report_uuid": R1, "correction_uuid": str(uuid.uuid4())},
    )
    body = {"answers": {"Q02": 42}, "notes": None}
    assert (
        api.put(url, body, content_type="application/json", HTTP_IF_MATCH=f'"{version}"')
    ).status_code == 201
    report = Report.objects.get()
    client.force_login(coordinator)
    page = client.get(reverse("missions:report_review", kwargs={"pk": report.pk}))
    html = page.content.decode()
    assert 'class="correction-diff"' in html
    assert '<td dir="auto">5</td><td dir="auto">42</td>' in html
    correction = ReportCorrection.objects.get()
    decide = reverse("missions:report_correction_decide", kwargs={"pk": correction.pk})
    assert client.post(decide, {"decision": "maybe"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "pending"
    client.post(decide, {"decision": "reject"})
    correction.refresh_from_db()
    assert correction.status == "rejected"
    assert Report.objects.get().answers["Q02"] == 5


@pytest.mark.parametrize("if_match", ['"²"', '"٣"', '"1²"', 'W/"\u00b3"'])
def test_if_match_with_non_ascii_digits_is_400(api, mission, if_match):
    # str.isdigit() accepts "²" (int() then raised: a 500) and "٣" (read as 3).
    _put_v(api, mission, 0)
    answer = api.patch(
        report_url(), {"notes": "x"}, content_type="application/json", HTTP_IF_MATCH=if_match
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    assert answer.json()["detail"]
    put_answer = api.put(
        report_url(),
        body(mission, notes="y"),
        content_type="application/json",
        HTTP_IF_MATCH=if_match,
    )
    assert put_answer.status_code == 400
    assert Report.objects.get().notes != "x"


def test_patch_cannot_put_the_end_before_the_start(api, mission):
    version = _put_v(api, mission, 0).json()["version"]
    report = Report.objects.get()
    assert report.ended_at is not None
    late = (report.ended_at + dt.timedelta(hours=1)).isoformat()
    answer = api.patch(
        report_url(),
        {"started_at": late},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert answer.status_code == 400
    assert "ended_at" in answer.json()
    assert Report.objects.get().started_at == report.started_at


def _submitted_with_correction(api, mission, answers):
    _put_v(api, mission, 0)
    version = api.post(submit_url()).json()["version"]
    url = reverse(
        "api:observer_report_correction",
        kwargs={"report_uuid": R1, "correction_uuid": str(uuid.uuid4())},
    )
    sent = api.put(
        url, {"answers": answers}, content_type="application/json", HTTP_IF_MATCH=f'"{version}"'
    )
    assert sent.status_code == 201, sent.content
    return ReportCorrection.objects.get()


@pytest.mark.parametrize("answers", [{"Q01": "maybe"}, {"Q01": None}])
def test_accepting_a_correction_with_invalid_answers_is_refused(
    api, mission, coordinator, client, answers
):
    correction = _submitted_with_correction(api, mission, answers)
    before = Report.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.report_correction_decide(actor=coordinator, correction=correction, accept=True)
    assert refused.value.code == "invalid_answers"
    assert "Q01" in refused.value.messages[0]
    client.force_login(coordinator)
    decide = reverse("missions:report_correction_decide", kwargs={"pk": correction.pk})
    page = client.post(decide, {"decision": "accept"}, follow=True)
    assert page.status_code == 200
    message = str(next(iter(page.context["messages"])))
    assert "Q01" in message
    after = Report.objects.get()
    assert (after.answers, after.version) == (before.answers, before.version)
    correction.refresh_from_db()
    assert correction.status == "pending"
    assert not AuditEvent.objects.filter(action="report.correction_accept").exists()
    # It can still be rejected (and only once), with its audit event.
    services.report_correction_decide(actor=coordinator, correction=correction, accept=False)
    with pytest.raises(ValidationError):
        services.report_correction_decide(actor=coordinator, correction=correction, accept=False)
    assert AuditEvent.objects.filter(action="report.correction_reject").count() == 1


@pytest.mark.parametrize("review", ["return", "validate"])
def test_correction_left_pending_after_review_can_only_be_rejected(
    api, mission, coordinator, review
):
    correction = _submitted_with_correction(api, mission, {"Q02": 7})
    if review == "return":
        services.report_return(actor=coordinator, report=Report.objects.get(), comment="Again")
    else:
        services.report_validate(actor=coordinator, report=Report.objects.get())
    before = Report.objects.get()
    with pytest.raises(ValidationError):
        services.report_correction_decide(actor=coordinator, correction=correction, accept=True)
    # Rejecting closes it (before: refused too, so it stayed pending for ever).
    services.report_correction_decide(actor=coordinator, correction=correction, accept=False)
    correction.refresh_from_db()
    assert correction.status == "rejected"
    after = Report.objects.get()
    assert (after.answers["Q02"], after.status, after.version) == (5, before.status, before.version)
    assert _status(api, R1).json()[0]["pending_corrections"] == 0
    assert AuditEvent.objects.filter(action="report.correction_reject").count() == 1


def test_rejected_correction_moves_the_version_the_phone_waits_on(api, mission, coordinator):
    # The phone leaves its "correction" state when the report's version changes (sync.js);
    # a rejection that kept the version left it waiting for ever.
    correction = _submitted_with_correction(api, mission, {"Q02": 7})
    version = Report.objects.get().version
    services.report_correction_decide(actor=coordinator, correction=correction, accept=False)
    row = _status(api, R1).json()[0]
    assert (row["status"], row["version"], row["pending_corrections"]) == (
        "submitted",
        version + 1,
        0,
    )
    assert Report.objects.get().answers["Q02"] == 5


@pytest.mark.parametrize(
    "answers",
    ['{"Q03": "go\\u0000od"}', '{"Q0\\u00003": "good"}', '{"Q03": ["a", {"b": "\\u0000"}]}'],
)
def test_nul_characters_in_answers_are_400_on_every_write(api, mission, answers):
    # PostgreSQL's jsonb refuses \u0000: the write failed with a 500 there (SQLite kept it).
    created = _put_v(api, mission, 0)
    version = created.json()["version"]
    raw = body(mission)
    raw_json = json.dumps({k: v for k, v in raw.items() if k != "answers"})
    put_body = raw_json[:-1] + ', "answers": ' + answers + "}"
    refused = api.put(report_url(), put_body, content_type="application/json")
    assert refused.status_code == 400
    assert "answers" in refused.json()
    patch = api.patch(
        report_url(),
        '{"answers": ' + answers + "}",
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert patch.status_code == 400
    assert "answers" in patch.json()
    version = api.post(submit_url()).json()["version"]
    correction = api.put(
        reverse(
            "api:observer_report_correction",
            kwargs={"report_uuid": R1, "correction_uuid": str(uuid.uuid4())},
        ),
        '{"answers": ' + answers + "}",
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert correction.status_code == 400
    assert "answers" in correction.json()
    assert not ReportCorrection.objects.exists()
    assert not any("\x00" in key for key in Report.objects.get().answers)


def test_report_events_name_the_report_by_its_uuid(api, mission):
    from raqib.audit.models import AuditEvent

    assert put(api, mission).status_code == 201
    assert api.post(submit_url()).status_code == 200
    events = AuditEvent.objects.filter(object_type="missions.report")
    assert sorted(events.values_list("action", flat=True)) == ["report.create", "report.submit"]
    assert set(events.values_list("object_id", flat=True)) == {R1}
