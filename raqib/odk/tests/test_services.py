"""ODK Collect through the services and the Django test client: keys, scope, dedupe, refusals."""

from __future__ import annotations

import base64
import json
import uuid
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from raqib.audit.models import AuditEvent
from raqib.missions.models import Evidence, Report
from raqib.missions.services import mission_cancel
from raqib.missions.tests.factories import image_bytes
from raqib.odk import services, views
from raqib.odk.instance import photo_uuid, report_uuid_of
from raqib.odk.selectors import key_user, offered_forms
from raqib.odk.xform import form_id

pytestmark = pytest.mark.django_db


def instance(mission, answers: dict[str, str], instance_id: str) -> bytes:
    fields = "".join(f"<{k}>{v}</{k}>" for k, v in answers.items())
    return (
        f'<data id="{form_id(mission.pk)}"><reception>{fields}</reception>'
        f"<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()


GOOD = {"Q01": "yes", "Q02": "12.5", "Q03": "fair", "Q04": "no", "Q05": "3"}


def upload(name: str, color: str = "red"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes(color=color), content_type="image/jpeg")


def test_a_key_is_kept_as_its_digest_shown_once_and_revocable(observer, collect_key):
    from raqib.odk.models import CollectKey

    live = CollectKey.objects.get(user=observer, revoked_at__isnull=True)
    assert collect_key not in {live.digest, live.hint}
    assert live.digest == services.key_digest(collect_key)
    assert key_user(collect_key) == observer
    new = services.collect_key_create(actor=observer)  # the old one stops working
    with pytest.raises(Http404):
        key_user(collect_key)
    assert key_user(new) == observer
    assert services.collect_key_revoke(actor=observer)
    with pytest.raises(Http404):
        key_user(new)
    events = AuditEvent.objects.filter(action__startswith="collect_key.")
    actions = list(events.values_list("action", flat=True))
    assert actions.count("collect_key.create") == 2
    assert actions.count("collect_key.revoke") == 2


def test_a_deactivated_observer_s_key_stops_working(observer, collect_key, admin_user):
    from raqib.accounts.services import user_deactivate

    user_deactivate(actor=admin_user, user=observer, reason="left the team")
    with pytest.raises(Http404):
        key_user(collect_key)


def test_only_the_observer_s_open_missions_are_offered(observer, odk_mission, coordinator):
    from raqib.missions.tests.factories import make_mission

    other = make_mission(observer=None)
    assert [f.mission for f in offered_forms(observer)] == [odk_mission]
    mission_cancel(actor=coordinator, mission=odk_mission)
    assert offered_forms(observer) == []
    assert other.observer is None


def test_one_post_with_everything_submits_the_report_and_a_resend_is_a_no_op(observer, odk_mission):
    instance_id = f"uuid:{uuid.uuid4()}"
    xml = instance(odk_mission, {**GOOD, "Q06": "a.jpg"}, instance_id)
    outcome = services.collect_submission_receive(
        actor=observer, xml=xml, files={"a.jpg": upload("a.jpg")}
    )
    assert outcome.status == 201
    report = Report.objects.get()
    assert report.uuid == report_uuid_of(instance_id)
    assert report.status == "submitted"
    assert report.answers["Q02"] == 12.5
    assert report.answers["Q05"] == 3
    assert report.answers["Q06"] == str(photo_uuid(report.uuid, "a.jpg"))
    assert Evidence.objects.get().criterion == "Q06"
    again = services.collect_submission_receive(
        actor=observer, xml=xml, files={"a.jpg": upload("a.jpg", "blue")}
    )
    assert again.status == 202
    assert Report.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_invalid_answers_are_refused_and_change_nothing(observer, odk_mission, client):
    client_xml = instance(odk_mission, {**GOOD, "Q05": "9"}, f"uuid:{uuid.uuid4()}")
    key = services.collect_key_create(actor=observer)
    url = reverse("openrosa:submission", kwargs={"key": key})
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = Client().post(
        url, {"xml_submission_file": SimpleUploadedFile("s.xml", client_xml, "text/xml")}
    )
    assert response.status_code == 400
    assert "Q05" in response.content.decode()
    assert Report.objects.count() == 0
    from raqib.odk.models import CollectSubmission

    assert CollectSubmission.objects.count() == 0


def test_a_number_that_is_not_one_is_named(observer, odk_mission):
    xml = instance(odk_mission, {**GOOD, "Q02": "ten"}, "uuid:x")
    with pytest.raises(ValidationError, match="Q02"):
        services.collect_submission_receive(actor=observer, xml=xml, files={})


def test_another_observer_cannot_reuse_an_instance_id_or_reach_a_mission(
    observer, odk_mission, make_observer
):
    instance_id = f"uuid:{uuid.uuid4()}"
    services.collect_submission_receive(
        actor=observer,
        xml=instance(odk_mission, {**GOOD, "Q06": "a.jpg"}, instance_id),
        files={},
    )
    intruder = make_observer("intruder")
    with pytest.raises(ValidationError) as refused:
        services.collect_submission_receive(
            actor=intruder,
            xml=instance(odk_mission, {**GOOD, "Q06": "a.jpg"}, instance_id),
            files={},
        )
    assert refused.value.code == "instance_conflict"
    with pytest.raises(Http404):
        services.collect_submission_receive(
            actor=intruder, xml=instance(odk_mission, GOOD, "uuid:other"), files={}
        )


def test_the_configuration_code_is_collect_s_format():
    packed = views.collect_settings("https://raqib.example/odk/KEY")
    settings = json.loads(zlib.decompress(base64.b64decode(packed)))
    assert settings["general"]["server_url"] == "https://raqib.example/odk/KEY"
    assert settings["admin"]["change_server"] is False


def test_the_observer_page_makes_shows_once_and_revokes(client, observer):
    client.force_login(observer)
    page = client.get(reverse("odk:settings"))
    assert page.status_code == 200
    made = client.post(reverse("odk:key_create"))
    text = made.content.decode()
    assert made["Cache-Control"] == "no-store"
    assert 'id="collect-qr"' in text
    assert "<svg" in text
    shown = text.split('id="collect-url">', 1)[1].split("<", 1)[0]
    key = shown.rstrip("/").rsplit("/", 1)[1]
    assert key_user(key) == observer
    again = client.get(reverse("odk:settings")).content.decode()
    assert key not in again  # shown once
    client.post(reverse("odk:key_revoke"))
    with pytest.raises(Http404):
        key_user(key)


@pytest.mark.parametrize(
    "title", ["Visite — مكتب البريد", "A & B <C> \"quoted\" 'single'", "]]> &amp; literal"]
)
def test_a_missions_xform_is_its_versions_with_its_id_and_title(title):
    """Built once per grid version, then written per mission: byte for byte what pyxform
    gives for that mission alone (Collect compares the hash of the list with the file)."""
    from raqib.grids.xlsform.writer import xform_export
    from raqib.odk import xform
    from raqib.odk.tests.conftest import publish_odk_grid

    version = publish_odk_grid()
    snapshot, sha = version.snapshot, version.content_hash
    for pk in (7, 123456):
        direct = xform_export(xform.collect_snapshot(snapshot, form=form_id(pk), title=title))
        kept = xform.mission_xform(mission_pk=pk, title=title, snapshot=snapshot, sha=sha)
        assert kept == direct
        assert xform.md5_hash(kept) == xform.md5_hash(direct)
