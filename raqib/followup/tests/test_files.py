"""Files in a recommendation's thread: sniffed, bounded, photos re-encoded to pixels only."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from raqib.followup import services
from raqib.followup.models import RecommendationFile
from raqib.followup.tests.factories import sent
from raqib.missions.tests.factories import image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def rec(coordinator, focal_point):
    return sent(coordinator=coordinator, body=focal_point.focal_bodies.get())


def _comment(focal_point, rec, upload):
    return services.recommendation_comment(
        actor=focal_point, recommendation=rec, text="See attached", uploads=[upload]
    )


def test_a_photo_with_html_after_it_is_stored_as_pixels_only(focal_point, rec):
    polyglot = image_bytes("JPEG", exif_gps=True) + b"<html><script>alert(1)</script></html>"
    entry = _comment(focal_point, rec, SimpleUploadedFile("sign.jpg", polyglot))
    stored = entry.files.get()
    data = stored.file.open("rb").read()
    assert b"<script>" not in data
    assert b"PhoneMaker" not in data
    assert Image.open(io.BytesIO(data)).size == (16, 16)
    assert stored.sha256 == hashlib.sha256(polyglot).hexdigest()  # what was sent, for the record


def test_a_pdf_is_kept_as_sent(focal_point, rec):
    entry = _comment(focal_point, rec, SimpleUploadedFile("plan.pdf", PDF))
    stored = entry.files.get()
    assert stored.content_type == "application/pdf"
    assert stored.file.open("rb").read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 200, "Only PDF documents"),
        ("plan.pdf", image_bytes("PNG"), "The file name says"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(focal_point, rec, name, content, message):
    before = rec.entries.count()
    with translation.override("en"), pytest.raises(ValidationError) as err:
        _comment(focal_point, rec, SimpleUploadedFile(name, content))
    assert message in str(err.value)
    assert rec.entries.count() == before
    assert RecommendationFile.objects.count() == 0


def test_a_file_over_the_limit_is_refused(focal_point, rec, settings):
    settings.RAQIB_FOLLOWUP_FILE_MAX_BYTES = 100
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        _comment(focal_point, rec, SimpleUploadedFile("plan.pdf", PDF * 10))


def test_a_palette_photo_keeps_its_colours(focal_point, rec):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).convert("P").save(out, format="PNG")
    entry = _comment(focal_point, rec, SimpleUploadedFile("scan.png", out.getvalue()))
    stored = Image.open(io.BytesIO(entry.files.get().file.open("rb").read())).convert("RGB")
    red, green, blue = stored.getpixel((4, 4))
    assert red > 150
    assert green < 80
    assert blue < 80
