"""The referral letter: an Arabic PDF with embedded fonts, checked by rendering it to PNG."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse
from PIL import Image

from raqib.integrity import services
from raqib.integrity.models import CaseStatus
from raqib.integrity.tests.factories import assigned_case
from raqib.missions.tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_the_arabic_referral_letter_renders(client, coordinator, integrity_officer, tmp_path):
    case = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    observer = case.observer
    observer.first_name, observer.last_name = "Zeineb", "Ben Salah"
    observer.save(update_fields=["first_name", "last_name"])
    evidence = services.evidence_add(
        actor=integrity_officer,
        case=case,
        name="receipt.png",
        content=image_bytes("PNG"),
        content_type="image/png",
    )
    services.case_act(actor=integrity_officer, case=case, event="assess")
    services.case_act(
        actor=integrity_officer, case=case, event="refer", authority="inlucc", language="ar"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    referral = case.referrals.get()
    client.force_login(integrity_officer)
    response = client.get(
        reverse("integrity:referral_letter", kwargs={"pk": case.pk, "rid": referral.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    fonts = _run("pdffonts", str(pdf))
    assert "Amiri" in fonts
    assert " yes " in fonts  # embedded
    text = _run("pdftotext", "-layout", str(pdf), "-")
    assert case.reference in text
    assert evidence.sha256 in text
    assert observer.observer_profile.pseudonym in text
    assert "الهيئة الوطنية لمكافحة الفساد" in text or "الفساد" in text
    assert "Ben Salah" not in text
    assert "Zeineb" not in text
    # Rendered to PNG: a real page with ink on it.
    _run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    page = next(tmp_path.glob("page*.png"))
    with Image.open(page) as image:
        gray = image.convert("L")
        assert gray.getextrema()[0] < 100  # some dark pixels: text was drawn
        assert image.size[0] > 300
    # The bundle carries the letter too, and still verifies.
    bundle = client.get(reverse("integrity:case_bundle", kwargs={"pk": case.pk})).content
    zipped = tmp_path / "b.zip"
    zipped.write_bytes(bundle)
    from raqib.integrity.bundle import verify_bundle

    assert verify_bundle(str(zipped)) == []
    import zipfile

    with zipfile.ZipFile(zipped) as archive:
        assert "referral-1-inlucc.pdf" in archive.namelist()
