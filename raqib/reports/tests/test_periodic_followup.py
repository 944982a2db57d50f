"""The follow-up chapter of the periodic report, with the figures of docs/followup.md."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from raqib.followup.tests.factories import hand_computed_recommendations
from raqib.reports.models import PeriodicReportStatus
from raqib.reports.periodic.services import periodic_report_request
from raqib.reports.periods import parse_period

pytestmark = pytest.mark.django_db


def _build(lang: str, fmt: str):
    report = periodic_report_request(
        actor=None, period=parse_period("2026-S1"), language=lang, fmt=fmt
    )
    assert report.status == PeriodicReportStatus.DONE, report.error
    with default_storage.open(report.file.name, "rb") as handle:
        return report, handle.read()


def test_the_arabic_pdf_has_the_follow_up_chapter(coordinator, tmp_path):
    hand_computed_recommendations(coordinator)
    report, content = _build("ar", "pdf")
    frozen = report.parameters["activity_sections"]
    assert [s["key"] for s in frozen] == ["followup"]
    path = tmp_path / "report.pdf"

    path.write_bytes(content)
    if keep := os.environ.get("RAQIB_KEEP_PDF"):  # to look at the pages (pdftoppm -png)
        Path(keep).write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)
    assert "متابعة التوصيات" in text
    assert "تنفيذ التوصيات حسب الهيكل العمومي" in text
    # The total row: 4 due, 1 effective, 25.0 %, medians 4.0 and 75.5 days, 2 overdue.
    for figure in ("25,0", "75,5", "4,0"):
        assert figure in text, figure
    # The fonts are embedded (Arabic shaping needs them in the file).
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:] if line)


def test_the_french_workbook_has_the_follow_up_sheet(coordinator):
    hand_computed_recommendations(coordinator)
    _report, content = _build("fr", "xlsx")
    book = load_workbook(io.BytesIO(content))
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("Suivi"))
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Tous les organismes" in values
    assert 25.0 in values
    assert 75.5 in values
