"""Evidence photos are stored as re-encoded pixels only: nothing the phone sent besides the
picture (trailing bytes of a polyglot, EXIF, comments) is kept or served back."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart
from django.urls import reverse
from PIL import Image

from raqib.missions import services
from raqib.missions.models import Evidence

from .factories import VALID_ANSWERS, image_bytes, make_mission

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}


@pytest.fixture
def report(coordinator, observer):
    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=VALID_ANSWERS
    )
    return report


@pytest.fixture
def api(observer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(observer)
    token = client.get(reverse("api:observer_session")).json()["csrf_token"]
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def _upload(api, report, content: bytes, name: str = "p.jpg", photo_uuid: str | None = None):
    url = reverse(
        "api:observer_report_photo",
        kwargs={"report_uuid": str(report.uuid), "photo_uuid": photo_uuid or str(uuid.uuid4())},
    )
    upload = SimpleUploadedFile(name, content)
    return api.put(
        url,
        encode_multipart("BoUnDaRy", {"file": upload, "criterion": "Q01"}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )


def _stored(evidence: Evidence) -> bytes:
    with evidence.file.open("rb") as handle:
        return handle.read()


def _served(client, coordinator, evidence: Evidence) -> bytes:
    client.force_login(coordinator)
    response = client.get(reverse("missions:evidence_file", kwargs={"uuid": evidence.uuid}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", TYPES)
def test_a_polyglot_photo_is_stored_and_served_as_pixels_only(
    api, client, coordinator, report, fmt
):
    content_type, ext = TYPES[fmt]
    polyglot = image_bytes(fmt) + HTML
    response = _upload(api, report, polyglot, name="p" + ext)
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    stored = _stored(evidence)
    served = _served(client, coordinator, evidence)
    assert served == stored
    for data in (stored, served):
        assert b"<script" not in data
        assert b"<html" not in data
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == fmt
    assert picture.size == (16, 16)
    if fmt == "JPEG":
        assert stored.endswith(b"\xff\xd9")  # nothing after the end-of-image marker
    # The record keeps what the phone sent: its hash and size, and the sniffed type.
    assert evidence.sha256 == hashlib.sha256(polyglot).hexdigest()
    assert response.json()["sha256"] == evidence.sha256
    assert evidence.size == len(polyglot)
    assert evidence.content_type == content_type


def test_exif_is_stripped_from_the_stored_photo(api, report):
    assert _upload(api, report, image_bytes(exif_gps=True)).status_code == 201
    stored = Image.open(io.BytesIO(_stored(Evidence.objects.get())))
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825)  # no GPS
    assert 0x010F not in exif  # no phone maker
    assert "exif" not in stored.info


def test_orientation_is_applied_to_the_pixels(api, report):
    # A phone held upright saves a landscape sensor image with "rotate 90°" in EXIF.
    image = Image.new("RGB", (40, 20), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert _upload(api, report, out.getvalue()).status_code == 201
    stored = Image.open(io.BytesIO(_stored(Evidence.objects.get())))
    assert stored.size == (20, 40)
    assert 0x0112 not in stored.getexif()


def test_the_stored_photo_is_bounded_in_size(api, report):
    out = io.BytesIO()
    Image.new("RGB", (5000, 50), "green").save(out, format="PNG")
    assert _upload(api, report, out.getvalue(), name="wide.png").status_code == 201
    stored = Image.open(io.BytesIO(_stored(Evidence.objects.get())))
    assert stored.size == (services.evidence.EVIDENCE_MAX_SIDE, 41)


def test_a_decompression_bomb_is_refused_before_decoding(api, report):
    out = io.BytesIO()
    Image.new("1", (9000, 8000)).save(out, format="PNG")  # 72 megapixels in a few kilobytes
    response = _upload(api, report, out.getvalue(), name="bomb.png")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Evidence.objects.exists()


def test_a_file_that_only_starts_like_a_jpeg_is_refused(api, report):
    response = _upload(api, report, image_bytes()[:40] + HTML)
    assert response.status_code == 400
    assert response.json()["file"]
    assert not Evidence.objects.exists()


def test_resending_the_same_photo_uuid_stays_idempotent(api, report):
    photo = str(uuid.uuid4())
    first = _upload(api, report, image_bytes() + HTML, photo_uuid=photo)
    assert first.status_code == 201
    stored = _stored(Evidence.objects.get())
    again = _upload(api, report, image_bytes() + HTML, photo_uuid=photo)
    assert again.status_code == 200
    assert again.json() == first.json()
    other = _upload(api, report, image_bytes(color="blue"), photo_uuid=photo)
    assert other.status_code == 200  # the first file wins
    assert Evidence.objects.count() == 1
    assert _stored(Evidence.objects.get()) == stored
