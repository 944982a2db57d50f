"""The holders vs non-holders table in the Arabic activity report (PDF), checked in the text
of the file and by rendering its pages (RAQIB_UPDATE_SCREENSHOTS=1 keeps the page in docs/)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from raqib.compliance import services
from raqib.compliance.models import LabelStatus
from raqib.compliance.tests.factories import make_referential
from raqib.followup.tests.factories import GOOD, POOR, validated_report
from raqib.missions.tests.factories import make_point
from raqib.registry.tests.factories import ServiceCategoryFactory

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db
def test_the_arabic_pdf_has_the_holders_table(coordinator, settings, tmp_path):
    settings.RAQIB_COMPLIANCE_MIN_REPORTS = 2
    referential = make_referential(actor=coordinator)
    services.referential_publish(actor=coordinator, referential=referential)
    category = ServiceCategoryFactory()
    holder_point, other = make_point(category=category), make_point(category=category)
    for answers, point in (
        (GOOD, holder_point),
        (GOOD, holder_point),
        (POOR, other),
        (GOOD, other),
    ):
        validated_report(coordinator=coordinator, point=point, answers=answers)
    holder = services.label_holder_create(
        actor=coordinator, service_point=holder_point, scope=["face_to_face"]
    )
    services.label_holder_transition(
        actor=coordinator,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=timezone.localdate() - dt.timedelta(days=200),
        certificate_number="MRH-TEST-1",
    )
    today = timezone.localdate()
    out = tmp_path / "report.pdf"
    call_command(
        "build_report",
        "--from",
        (today - dt.timedelta(days=60)).isoformat(),
        "--to",
        today.isoformat(),
        "--lang",
        "ar",
        "--output",
        str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert "Amiri" in _run("pdffonts", str(out)) or "Noto" in _run("pdffonts", str(out))
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", _run("pdftotext", str(out), "-"))
    assert "الحاصلون على العلامة مقارنة بغير الحاصلين المماثلين" in text
    assert "غير الحاصلين المماثلون" in text
    # Render the pages and keep the one with the table (looked at by a person, see docs/).
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(out))).group(1))
    for page in range(1, pages + 1):
        page_text = _run("pdftotext", "-f", str(page), "-l", str(page), str(out), "-")
        if "غير الحاصلين المماثلون" in re.sub(
            "[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", page_text
        ):
            _run(
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(out),
                str(tmp_path / "holders"),
            )
            break
    png = tmp_path / "holders.png"
    assert png.exists()
    assert png.stat().st_size > 10_000
    if os.environ.get("RAQIB_UPDATE_SCREENSHOTS"):
        shutil.copy(png, DOCS / "periodic-ar-marhba.png")
