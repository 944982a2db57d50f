"""Chapters of the periodic report offered by other apps (raqib.reports.periodic.sections).

A test provider (activity_provider.py) stands in for ``raqib.<app>.selectors``; the report is
built through the real request service and read back from the stored PDF and XLSX.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from openpyxl import load_workbook

from raqib.core.activity import ActivityFilters, ActivitySection
from raqib.core.spreadsheets import sheet_title
from raqib.reports.models import PeriodicReport, PeriodicReportStatus
from raqib.reports.periodic import build as periodic_build
from raqib.reports.periodic import pdf, sections
from raqib.reports.periodic.services import periodic_report_request
from raqib.reports.periodic.summary import Extras
from raqib.reports.periods import parse_period
from raqib.reports.tests import activity_provider
from raqib.reports.tests.test_periodic_render import sample_dashboard

pytestmark = pytest.mark.django_db
poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
S1 = parse_period("2026-S1")
HERE = "raqib.reports.tests.activity_provider"
FILTERS = ActivityFilters(start=S1.start, end=S1.end)
SECTION = (("reports", f"{HERE}.periodic_report_section"),)  # "reports" is installed


@pytest.fixture
def provider(monkeypatch):
    monkeypatch.setattr(sections, "PROVIDERS", SECTION)
    activity_provider.CALLS.clear()
    return activity_provider


def _request(lang: str, fmt: str, **filters) -> PeriodicReport:
    report = periodic_report_request(
        actor=None, period=S1, language=lang, fmt=fmt, filters=filters or None
    )
    assert report.status == PeriodicReportStatus.DONE, report.error
    return report


def _content(report: PeriodicReport) -> bytes:
    with default_storage.open(report.file.name, "rb") as handle:
        return handle.read()


def _pdf_text(report: PeriodicReport, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(_content(report))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    # pdftotext wraps digit runs in bidi embedding marks and breaks lines: drop them.
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", out.stdout)


def test_the_providers_of_the_apps_in_order():
    assert [label for label, _path in sections.PROVIDERS] == [
        "followup",
        "compliance",
        "integrity",
        "planning",
        "training",
    ]
    for label, path in sections.PROVIDERS:
        assert path == f"raqib.{label}.selectors.periodic_report_section"


@poppler
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_pdf_has_a_chapter_per_section_after_the_surveys(provider, lang, tmp_path):
    report = _request(lang, "pdf")
    texts = provider.TEXTS[lang]
    text = _pdf_text(report, tmp_path)
    assert text.count(texts["title"]) >= 2  # the contents and the chapter heading
    for expected in (texts["paragraph"], texts["caption"], texts["body"], texts["note"]):
        assert expected in text
    assert "987" in text
    assert "12,75" in text
    assert provider.METHOD in text
    with translation.override(lang):
        surveys = translation.gettext("Citizen satisfaction surveys")
        annexes = translation.gettext("Grid versions used")  # an annex heading
    chapter = text.index(texts["caption"])
    assert text.rindex(surveys) < chapter < text.rindex(annexes)


def test_figures_are_printed_in_left_to_right_cells_and_none_as_a_dash(provider):
    found = sections.activity_sections(
        filters=sections.activity_filters(sample_dashboard().filters)
    )
    html = pdf.render_html(
        sample_dashboard(),
        lang="ar",
        meta={"title": "t", "uuid": "u"},
        extras=Extras(sections=tuple(found)),
    )
    assert '<td class="num" dir="ltr">987</td>' in html
    assert '<td class="num" dir="ltr">12,75</td>' in html
    assert '<td class="num" dir="ltr">—</td>' in html
    assert "<h2>9. " in html
    assert html.index('id="surveys"') < html.index('id="activity-0"') < html.index('id="annexes"')
    assert 'href="#activity-0"' in html  # in the contents


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_xlsx_has_a_sheet_per_section_with_numbers_as_numbers(provider, lang):
    report = _request(lang, "xlsx")
    texts = provider.TEXTS[lang]
    book = load_workbook(io.BytesIO(_content(report)))
    names = book.sheetnames
    sheet = book[sheet_title(texts["title"])]
    assert names.index(sheet.title) == len(names) - 2  # after the surveys, before the method
    assert sheet.sheet_view.rightToLeft is (lang == "ar")
    cells = {
        cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None
    }
    for expected in (texts["title"], texts["paragraph"], texts["caption"], texts["note"]):
        assert expected in cells
    assert cells[texts["body"]].data_type == "s"
    count = cells[987]
    assert type(count.value) is int
    rate = sheet.cell(row=count.row, column=count.column + 1)
    assert rate.value == pytest.approx(12.75)
    assert isinstance(rate.value, float)
    assert rate.number_format == "#,##0.00"
    assert sheet.cell(row=count.row, column=count.column + 2).value is None
    assert provider.METHOD in cells


def test_sections_are_frozen_as_json_and_a_published_report_never_changes(provider, monkeypatch):
    report = _request("fr", "xlsx", governorate_id=7, channel="in_person")
    assert len(provider.CALLS) == 1
    asked = provider.CALLS[0]
    assert (asked.start, asked.end) == (S1.start, S1.end)
    assert (asked.governorate_id, asked.channel, asked.body_id) == (7, "in_person", None)
    stored = report.parameters[sections.PARAMETER]
    with translation.override("fr"):
        expected = provider.periodic_report_section(filters=asked)
    assert stored == [expected.to_json()]
    report.refresh_from_db()
    again = sections.frozen(report.parameters)
    assert again == (expected,)
    assert ActivitySection.from_json(again[0].to_json()) == expected
    # Building a published report again: nothing is asked, nothing changes.
    monkeypatch.setattr(sections, "PROVIDERS", (("reports", f"{HERE}.exploding"),))
    sha256 = report.sha256
    rebuilt = periodic_build.periodic_report_build(report.pk)
    assert rebuilt.status == PeriodicReportStatus.DONE
    assert rebuilt.sha256 == sha256
    assert rebuilt.parameters[sections.PARAMETER] == stored


def test_a_provider_of_an_app_not_installed_is_skipped(provider, monkeypatch):
    monkeypatch.setattr(
        sections,
        "PROVIDERS",
        (
            ("nosuchapp", f"{HERE}.exploding"),
            *SECTION,
            ("nosuchapp", "raqib.nosuchapp.selectors.x"),
        ),
    )
    with translation.override("fr"):
        found = sections.activity_sections(filters=FILTERS)
    assert [section.key for section in found] == ["followup"]


def S1_FILTERS():
    return sample_dashboard().filters


def test_a_provider_with_nothing_to_say_adds_nothing(monkeypatch):
    monkeypatch.setattr(sections, "PROVIDERS", (("reports", f"{HERE}.nothing"),))
    assert sections.activity_sections(filters=FILTERS) == []
    report = _request("fr", "xlsx")
    assert report.parameters[sections.PARAMETER] == []
    book = load_workbook(io.BytesIO(_content(report)))
    assert len(book.sheetnames) == 10  # the sheets of the dashboard figures only


def test_a_provider_that_raises_fails_the_build(monkeypatch):
    monkeypatch.setattr(sections, "PROVIDERS", (("reports", f"{HERE}.exploding"),))
    report = periodic_report_request(actor=None, period=S1, language="ar", fmt="pdf")
    assert report.status == PeriodicReportStatus.FAILED
    assert "provider exploded" in report.error
    assert not report.file


@pytest.mark.parametrize(
    ("cell", "printed"),
    [
        (None, "—"),
        ("Tunis", "Tunis"),
        (1234567, "1\u202f234\u202f567"),
        (Decimal("1234.50"), "1\u202f234,50"),
        (Decimal("1E+3"), "1\u202f000"),
        (0, "0"),
    ],
)
def test_cells_are_printed_like_the_other_figures(cell, printed):
    assert sections.cell_text(cell) == printed
