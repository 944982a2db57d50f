"""Periodic activity reports through the real selectors, with data made by the real services."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from raqib.audit.models import AuditEvent
from raqib.reports import formatting
from raqib.reports.models import PeriodicReport, PeriodicReportStatus
from raqib.reports.models.periodic import PublishedReportError
from raqib.reports.periodic import build as periodic_build
from raqib.reports.periodic import pdf as pdf_module
from raqib.reports.periodic.services import periodic_report_request
from raqib.reports.periods import parse_period
from raqib.reports.tests.factories import (
    make_point,
    planned_mission,
    report_answers,
    validated_report,
)

pytestmark = pytest.mark.django_db
poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
S1 = parse_period("2026-S1")


@pytest.fixture
def activity():
    """Kairouan (interior) and Tunis: 3 active points, 2 covered; one critical finding."""
    kairouan = make_point(governorate="TN-41")
    tunis = make_point(governorate="TN-11")
    make_point(governorate="TN-11")  # active, never visited
    validated_report(point=kairouan, day=dt.date(2026, 2, 10))
    validated_report(point=tunis, day=dt.date(2026, 3, 5), answers=report_answers(q04="yes"))
    planned_mission(point=tunis, day=dt.date(2026, 4, 2))
    return {"kairouan": kairouan, "tunis": tunis}


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def _footers(text: str) -> list[str]:
    """The page footers « صفحة X من Y », in logical order.

    pdftotext prints a right-to-left line that mixes Arabic words and digits in visual order
    (left to right, with embedding marks): "Y من X صفحة". Read right to left, it is the footer.
    """
    found = []
    for line in text.splitlines():
        tokens = re.sub("[\u200e\u200f\u202a-\u202e\x0c]", " ", line).split()
        for candidate in (tokens, tokens[::-1]):
            if len(candidate) == 4 and candidate[0] == "صفحة" and candidate[2] == "من":
                found.append(" ".join(candidate))
                break
    return found


def _build(tmp_path, *, period="2026-S1", lang="ar", fmt="pdf"):
    out = tmp_path / f"report-{lang}.{fmt}"
    stdout = io.StringIO()
    call_command(
        "build_report",
        "--period",
        period,
        "--lang",
        lang,
        "--format",
        fmt,
        "--output",
        str(out),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    return out, stdout.getvalue()


@poppler
def test_build_report_writes_an_arabic_pdf_with_embedded_font_and_shaped_text(activity, tmp_path):
    out, printed = _build(tmp_path)
    report = PeriodicReport.objects.get()
    assert report.status == PeriodicReportStatus.DONE
    assert printed.split()[0] == report.sha256
    assert out.read_bytes().startswith(b"%PDF")
    # An Arabic font, embedded.
    fonts = [line for line in _run("pdffonts", str(out)).splitlines() if "Amiri" in line]
    assert fonts
    assert all(" yes " in line for line in fonts)
    # Text in logical order, shaped: the title, a governorate, the footer.
    # pdftotext wraps digit runs in bidi embedding marks: drop them before comparing.
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", _run("pdftotext", str(out), "-"))
    with translation.override("ar"):
        title = formatting.report_title("2026-S1", S1.start, S1.end)
    assert title in text
    assert "القيروان" in text
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(out)))[1])
    footers = _footers(_run("pdftotext", "-raw", str(out), "-"))
    assert footers[0] == f"صفحة 1 من {pages}"
    assert footers[-1] == f"صفحة {pages} من {pages}"
    assert len(footers) == pages
    # Pages render and are not blank.
    _run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "4", str(out), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 4
    for image in images:
        low, high = Image.open(image).convert("L").getextrema()
        assert low < 128 < high  # ink on paper


@poppler
def test_french_pdf(activity, tmp_path):
    out, _printed = _build(tmp_path, lang="fr", period="2026")
    text = _run("pdftotext", str(out), "-")
    assert "Page 1 sur" in text
    assert "Kairouan" in text


def test_xlsx_has_the_figures_totals_and_right_to_left_sheets(activity, tmp_path):
    out, _printed = _build(tmp_path, fmt="xlsx")
    report = PeriodicReport.objects.get()
    figures = report.figures
    assert figures["planned"] == 3
    assert figures["validated"] == 2
    assert figures["coverage"]["covered"] == 2
    assert figures["coverage"]["active"] == 3
    book = load_workbook(out)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)}
    values = list(summary.values())
    assert figures["planned"] in values
    assert figures["validated"] in values
    assert pytest.approx(figures["coverage"]["rate"]) in values
    coverage = book.worksheets[1]
    rows = list(coverage.iter_rows(min_row=2, values_only=True))
    per_governorate = [r for r in rows if r[0]]
    assert sum(r[3] for r in per_governorate) == figures["coverage"]["covered"]
    assert sum(r[4] for r in per_governorate) == figures["coverage"]["active"]
    points = book.worksheets[5]
    assert points.max_row == 1 + len(figures["points"])


def test_french_xlsx_is_left_to_right(activity, tmp_path):
    out, _printed = _build(tmp_path, lang="fr", fmt="xlsx")
    assert not any(s.sheet_view.rightToLeft for s in load_workbook(out).worksheets)


def test_a_published_report_is_immutable_and_a_rebuild_is_a_new_snapshot(activity, tmp_path):
    first = periodic_report_request(actor=None, period=S1, language="ar", fmt="xlsx")
    assert first.status == PeriodicReportStatus.DONE
    frozen = dict(first.figures)
    with pytest.raises(PublishedReportError):
        first.save()
    with pytest.raises(PublishedReportError):
        first.delete()
    with pytest.raises(PublishedReportError):
        PeriodicReport.objects.filter(pk=first.pk).update(progress=3)
    with pytest.raises(PublishedReportError):
        PeriodicReport.objects.all().delete()
    # New data, then the same period again: a new report; the old one has not moved.
    validated_report(point=activity["tunis"], day=dt.date(2026, 5, 20))
    second = periodic_report_request(actor=None, period=S1, language="ar", fmt="xlsx")
    assert second.pk != first.pk
    assert second.uuid != first.uuid
    assert second.figures["validated"] == 3
    first.refresh_from_db()
    assert first.figures == frozen
    assert first.figures["validated"] == 2


def test_progress_goes_through_the_steps(activity, monkeypatch):
    seen = []
    original = periodic_build._progress

    def spy(report, step, **fields):
        original(report, step, **fields)
        row = PeriodicReport.objects.get(pk=report.pk)
        seen.append((row.status, row.step, row.progress))

    monkeypatch.setattr(periodic_build, "_progress", spy)
    report = periodic_report_request(actor=None, period=S1, language="fr", fmt="pdf")
    assert [step for _s, step, _p in seen] == ["figures", "figures", "charts", "render", "store"]
    assert all(status == PeriodicReportStatus.RUNNING for status, _st, _p in seen)
    progress = [p for _s, _st, p in seen]
    assert progress == sorted(progress)
    assert report.status == PeriodicReportStatus.DONE
    assert report.progress == 100
    assert report.finished_at
    assert report.size
    assert len(report.sha256) == 64
    assert report.file.name == f"reports/{report.uuid}.pdf"


def test_a_failing_render_marks_the_report_failed(activity, monkeypatch, coordinator):
    def boom(html):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(pdf_module, "html_to_pdf", boom)
    report = periodic_report_request(actor=coordinator, period=S1, language="ar", fmt="pdf")
    assert report.status == PeriodicReportStatus.FAILED
    assert "renderer exploded" in report.error
    assert report.finished_at
    assert not report.sha256
    assert not report.file
    assert AuditEvent.objects.filter(
        action="periodic_report.fail", object_id=str(report.uuid)
    ).exists()
    assert AuditEvent.objects.filter(
        action="periodic_report.request", object_id=str(report.uuid)
    ).exists()
    report.save()  # a failed report is not published: it may still be changed


@pytest.mark.parametrize(
    "args",
    [
        ["--period", "2026-S3"],
        ["--period", "2026-S1", "--lang", "en"],
        ["--period", "2026-S1", "--format", "docx"],
        ["--from", "2026-05-01"],
        ["--from", "2026-05-01", "--to", "2026-04-01"],
        ["--from", "2026-13-01", "--to", "2026-04-01"],
        ["--period", "2026", "--from", "2026-01-01", "--to", "2026-02-01"],
    ],
)
def test_build_report_refuses_bad_arguments(args, tmp_path):
    with pytest.raises(CommandError):
        call_command("build_report", *args, "--output", str(tmp_path / "x.pdf"))
    assert not PeriodicReport.objects.exists()


def test_custom_period_from_the_command(activity, tmp_path):
    out = tmp_path / "custom.xlsx"
    call_command(
        "build_report",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "--lang",
        "fr",
        "--format",
        "xlsx",
        "--output",
        str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    report = PeriodicReport.objects.get()
    assert report.period_label == "custom"
    assert report.figures["validated"] == 1
