"""Links, QR codes, posters (embedded Arabic font), ZIP, anonymised exports and the API."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from raqib.exports.testing import exported
from raqib.surveys import posters
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db


def _rev(name, **kwargs):
    with translation.override("ar"):
        return reverse(name, kwargs=kwargs)


def test_public_link_uses_the_configured_base_and_language(settings):
    settings.RAQIB_PUBLIC_BASE_URL = "https://raqib.example.tn/"
    wp = make_wave().points.get()
    assert posters.public_url(wp, "ar") == f"https://raqib.example.tn/ar/s/{wp.token}/"
    assert posters.public_url(wp, "fr") == f"https://raqib.example.tn/fr/s/{wp.token}/"


def test_qr_code_is_svg(client, coordinator):
    wp = make_wave().points.get()
    client.force_login(coordinator)
    response = client.get(_rev("surveys:point_qr", pk=wp.pk))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize(("lang", "size"), [("ar", "a4"), ("fr", "a5")])
def test_poster_embeds_the_arabic_font(client, coordinator, tmp_path, lang, size):
    wp = make_wave().points.get()
    client.force_login(coordinator)
    response = client.get(_rev("surveys:point_poster", pk=wp.pk) + f"?lang={lang}&size={size}")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    amiri = [line for line in fonts.splitlines() if "Amiri" in line]
    assert amiri
    assert all(" yes " in line for line in amiri)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    expected = r"595\.2\d* x 841\.8\d*" if size == "a4" else r"419\.5\d* x 595\.2\d*"
    assert re.search(expected, info)


def test_posters_zip_holds_one_pdf_per_point_and_language(client, coordinator):
    wave = make_wave(n_points=2)
    client.force_login(coordinator)
    response = exported(
        client, client.get(_rev("surveys:wave_posters_zip", pk=wave.pk) + "?size=a5")
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 4
    assert all(n.endswith("-a5.pdf") for n in names)
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_response_exports_are_anonymised(client, coordinator):
    wp = make_wave().points.get()
    kept = submit(wp, {"SAT_OVERALL": 4, "COMMENT": "=HYPERLINK(1)"}).response
    submit(wp, {"SAT_OVERALL": 1}, honeypot="bot")
    client.force_login(coordinator)
    body = exported(
        client, client.get(_rev("surveys:responses_export", pk=wp.wave_id, fmt="csv"))
    ).content
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert "SAT_OVERALL" in header
    # Headers and values in the reader's language (Arabic here); item codes as they are.
    assert "أسباب العزل" in header
    for secret in (kept.device_hash, kept.network_hash, str(kept.client_uuid)):
        assert secret not in text
    assert not any("hash" in h or "uuid" in h or h == "interviewer" for h in header)
    assert rows[1][header.index("COMMENT")] == "'=HYPERLINK(1)"  # no formula injection
    assert [r[header.index("محتسبة")] for r in rows[1:]] == ["نعم", "لا"]
    assert rows[2][header.index("أسباب العزل")] == "حقل مخفي معبّأ (آلة)"
    xlsx = exported(
        client, client.get(_rev("surveys:responses_export", pk=wp.wave_id, fmt="xlsx"))
    ).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]] == header
    assert sheet.title == "الإجابات"
    assert sheet.sheet_view.rightToLeft
    assert client.get(_rev("surveys:responses_export", pk=wp.wave_id, fmt="pdf")).status_code == 404


def test_indices_xlsx_never_shows_a_number_below_the_minimum(client, coordinator):
    wp = make_wave(min_sample=3).points.get()
    submit(wp, {"SAT_OVERALL": 5})
    client.force_login(coordinator)
    content = client.get(_rev("surveys:indices_export", pk=wp.wave_id)).content
    book = load_workbook(io.BytesIO(content))
    sheets = {"الموجة", "نقاط الخدمة", "الهياكل العمومية", "الأصناف", "الولايات", "الجهات"}
    assert sheets <= set(book.sheetnames)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    row = [c.value for c in book["الموجة"][2]]
    assert row[2] == 1
    assert row[4] == "إجابات غير كافية"


def test_api_indices_for_staff_only(client, coordinator, focal_point):
    wp = make_wave(min_sample=2).points.get()
    for v in (5, 4, 3):
        submit(wp, {"SAT_OVERALL": v, "DRV_COURTESY": v, "IMP_COURTESY": 5})
    submit(wp, {"SAT_OVERALL": 1}, honeypot="bot")
    url = f"/api/v1/surveys/waves/{wp.wave_id}/indices/"
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    data = client.get(url).json()
    assert data["wave"]["min_sample"] == 2
    overall = data["overall"]
    assert overall["responses"] == 3
    assert overall["quarantined"] == 1
    assert overall["index"]["value"] == pytest.approx(75.0)
    assert overall["importance"]["TIMELINESS"]["value"] is None
    assert data["groups"]["point"][0]["code"] == wp.service_point.code
    assert client.get("/api/v1/surveys/waves/999999/indices/").status_code == 404
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/surveys/waves/{id}/indices/" in schema


def test_staff_screens_render(client, coordinator, director, focal_point):
    wp = make_wave(min_sample=2).points.get()
    for v in (5, 4):
        submit(wp, {"SAT_OVERALL": v})
    client.force_login(coordinator)
    for name in ("surveys:wave_detail", "surveys:wave_results", "surveys:wave_quarantine"):
        assert client.get(_rev(name, pk=wp.wave_id)).status_code == 200
    results = client.get(_rev("surveys:wave_results", pk=wp.wave_id)).content.decode()
    assert "87,5" in results  # dd/mm/yyyy locale: decimal comma
    wave2 = make_wave(min_sample=5)
    submit(wave2.points.get(), {"SAT_OVERALL": 5})
    small = client.get(_rev("surveys:wave_results", pk=wave2.pk)).content.decode()
    assert "إجابات غير كافية" in small
    client.force_login(director)
    assert client.get(_rev("surveys:wave_quarantine", pk=wp.wave_id)).status_code == 403
    assert client.get(_rev("surveys:wave_results", pk=wp.wave_id)).status_code == 200


def test_focal_point_sees_only_their_bodies_results(client, focal_point, focal_body):
    from raqib.registry.tests.factories import ServicePointFactory

    mine = ServicePointFactory(body=focal_body, code="MINE-1")
    other = ServicePointFactory(code="OTHER-1")
    wave = make_wave(points=[mine, other], min_sample=2)
    for v in (5, 5):
        submit(wave.points.get(service_point=other), {"SAT_OVERALL": v})
    client.force_login(focal_point)
    page = client.get(_rev("surveys:wave_results", pk=wave.pk)).content.decode()
    assert "MINE-1" not in page or "OTHER-1" not in page
    assert "OTHER-1" not in page
    detail = client.get(_rev("surveys:wave_detail", pk=wave.pk)).content.decode()
    assert "MINE-1" in detail
    assert "OTHER-1" not in detail
    assert mine.name_ar in detail
    assert "/s/" not in detail  # no links, tokens or device data for focal points


def test_create_wave_and_targets_through_http(client, coordinator):
    from raqib.registry.tests.factories import ServicePointFactory
    from raqib.surveys.models import SurveyWave
    from raqib.surveys.services import survey_default_questionnaire_load

    version = survey_default_questionnaire_load(actor=None)
    point = ServicePointFactory(code="HTTP-1")
    client.force_login(coordinator)
    response = client.post(
        _rev("surveys:wave_create"),
        {
            "code": "w-http",
            "title_ar": "موجة",
            "title_fr": "Vague",
            "grid_version": version.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-31",
            "target_responses": 40,
            "min_sample": 30,
        },
    )
    wave = SurveyWave.objects.get(code="w-http")
    assert response.status_code == 302
    bad = client.post(_rev("surveys:wave_targets", pk=wave.pk), {"codes": "NOPE-9"}, follow=True)
    assert "NOPE-9" in bad.content.decode()
    client.post(_rev("surveys:wave_targets", pk=wave.pk), {"codes": "HTTP-1"})
    assert list(wave.points.values_list("service_point", flat=True)) == [point.pk]
    client.post(_rev("surveys:wave_transition", pk=wave.pk, action="open"))
    wave.refresh_from_db()
    assert wave.status == "open"
