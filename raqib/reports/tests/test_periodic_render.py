"""Rendering of activity reports from hand-built figures: PDF fonts, shaping, pages, XLSX."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest

from raqib.reports import formatting
from raqib.reports.figures import (
    CriticalRow,
    Dashboard,
    Filters,
    GovernorateRow,
    GridVersionRow,
    ItemScore,
    MonthRow,
    RankRow,
    Rate,
    SurveyFigure,
    SurveyRow,
)
from raqib.reports.periodic import pdf, xlsx

GOVERNORATES = [
    ("TN-11", "تونس", "Tunis", False),
    ("TN-12", "أريانة", "Ariana", False),
    ("TN-13", "بن عروس", "Ben Arous", False),
    ("TN-14", "منوبة", "Manouba", False),
    ("TN-21", "نابل", "Nabeul", False),
    ("TN-22", "زغوان", "Zaghouan", False),
    ("TN-23", "بنزرت", "Bizerte", False),
    ("TN-31", "باجة", "Béja", True),
    ("TN-32", "جندوبة", "Jendouba", True),
    ("TN-33", "الكاف", "Le Kef", True),
    ("TN-34", "سليانة", "Siliana", True),
    ("TN-41", "القيروان", "Kairouan", True),
    ("TN-42", "القصرين", "Kasserine", True),
    ("TN-43", "سيدي بوزيد", "Sidi Bouzid", True),
    ("TN-51", "سوسة", "Sousse", False),
    ("TN-52", "المنستير", "Monastir", False),
    ("TN-53", "المهدية", "Mahdia", False),
    ("TN-61", "صفاقس", "Sfax", False),
    ("TN-71", "قفصة", "Gafsa", True),
    ("TN-72", "توزر", "Tozeur", True),
    ("TN-73", "قبلي", "Kébili", True),
    ("TN-81", "قابس", "Gabès", False),
    ("TN-82", "مدنين", "Médenine", False),
    ("TN-83", "تطاوين", "Tataouine", True),
]


def sample_dashboard(n_points: int = 60, n_criteria: int = 7) -> Dashboard:
    """Plausible national figures, built by hand (no database)."""
    govs = []
    for i, (iso, ar, fr, interior) in enumerate(GOVERNORATES):
        active = 20 + i
        covered = (active * (30 + 3 * i)) // 100
        govs.append(
            GovernorateRow(i + 1, iso, ar, fr, interior, Rate(covered, active), 50 + i, covered)
        )
    covered = sum(g.coverage.covered for g in govs)
    active = sum(g.coverage.active for g in govs)
    ci = Rate(
        sum(g.coverage.covered for g in govs if g.interior),
        sum(g.coverage.active for g in govs if g.interior),
    )
    cr = Rate(covered - ci.covered, active - ci.active)
    criteria = [
        ItemScore(
            "criterion",
            f"Q{i:02d}",
            "S1" if i < 4 else "S2",
            f"معيار الاستقبال رقم {i}",
            f"Critère d'accueil n° {i}",
            40 + 7 * i,
            30 + i,
            i % 2,
        )
        for i in range(1, n_criteria + 1)
    ]
    sections = [
        ItemScore("section", "S1", "S1", "الاستقبال والإرشاد", "Accueil et orientation", 71.5, 120),
        ItemScore(
            "section", "S2", "S2", "النظافة والإتاحة", "Propreté et accessibilité", 58.25, 118
        ),
    ]
    points = [
        RankRow(
            i,
            f"SP-{i:04d}",
            f"مكتب بريد القيروان {i}",
            f"Bureau de poste {i}",
            95 - i * 0.7,
            1 + i % 5,
            i % 3,
            "TN-41",
        )
        for i in range(1, n_points + 1)
    ]
    bodies = [
        RankRow(1, "MIN-INT", "وزارة الداخلية", "Ministère de l'Intérieur", 74.2, 40, 2),
        RankRow(2, "CNSS", "الصندوق الوطني للضمان الاجتماعي", "CNSS", 61.0, 22, 1),
        RankRow(3, "=HYPERLINK(1)", '=HYPERLINK("x")', '=HYPERLINK("x")', 40.0, 2, 0),
    ]
    months = [dt.date(2026, m, 1) for m in range(1, 7)]
    trend = [MonthRow(m, 40 + 5 * i, 30 + 4 * i, 60 + 2 * i) for i, m in enumerate(months)]
    critical = [
        CriticalRow(
            "M-2026-0001",
            dt.date(2026, 3, 4),
            "SP-0001",
            "مكتب بريد القيروان",
            "Bureau de poste de Kairouan",
            "البريد التونسي",
            "La Poste tunisienne",
            (("Q04", "غياب مخرج الطوارئ", "Sortie de secours absente"),),
        ),
    ]
    surveys = [
        SurveyRow(
            1,
            "W-2026-1",
            "استبيان رضا المواطنين",
            "Enquête de satisfaction",
            dt.date(2026, 2, 1),
            dt.date(2026, 3, 31),
            1200,
            SurveyFigure(1150, 68.4, 66.1, 70.7),
            SurveyFigure(1150, 61.0),
            64.3,
        ),
    ]
    return Dashboard(
        filters=Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        target=80.0,
        planned=sum(t.planned for t in trend),
        done=sum(t.planned for t in trend) - 20,
        validated=sum(t.validated for t in trend),
        coverage=Rate(covered, active),
        coverage_interior=ci,
        coverage_rest=cr,
        governorates=govs,
        mean_score=64.7,
        critical_reports=1,
        sections=sections,
        criteria=criteria,
        strengths=sorted(criteria, key=lambda c: -(c.mean or 0))[:3],
        weaknesses=sorted(criteria, key=lambda c: c.mean or 0)[:3],
        bodies=bodies,
        points=points,
        critical=critical,
        trend=trend,
        surveys=surveys,
        grid_versions=[GridVersionRow(1, "MISSIONTEST", 1, "", "", "ab" * 32, 238)],
    )


META = {
    "title": "",
    "start": "01/01/2026",
    "end": "30/06/2026",
    "issued": "15/07/2026",
    "uuid": "00000000-0000-0000-0000-000000000001",
    "period_label": "2026-S1",
    "scope": "",
}


def _meta(lang):
    from django.utils import translation

    with translation.override(lang):
        return {
            **META,
            "title": formatting.report_title("2026-S1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        }


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")


def test_charts_are_shapes_only_and_mirrored_in_arabic():
    from raqib.reports import charts

    svg = charts.trend([1, 2, 3], [50.0, None, 70.0], rtl=True) + charts.bar(30.0, rtl=True)
    assert "<text" not in svg
    assert 'x="70" y="1" width="30"' in charts.bar(30.0, rtl=True)
    assert 'x="0" y="1" width="30"' in charts.bar(30.0, rtl=False)
    html = pdf.render_html(sample_dashboard(), lang="ar", meta=_meta("ar"))
    for block in html.split("<svg")[1:]:
        assert "<text" not in block.split("</svg>")[0]


def test_long_rankings_are_capped_in_the_pdf():
    from raqib.reports.periodic.summary import Extras

    html = pdf.render_html(
        sample_dashboard(n_points=300), lang="fr", meta=_meta("fr"), extras=Extras(ranking_min=1)
    )
    assert "SP-0020" in html
    assert "SP-0281" in html
    assert "SP-0150" not in html


def test_points_with_too_few_reports_are_not_ranked_and_counted():
    from raqib.reports.periodic.summary import Extras

    # n = 1 + i % 5: of 300 points, 120 have 1 or 2 reports (i % 5 in {0, 1}).
    html = pdf.render_html(
        sample_dashboard(n_points=300), lang="fr", meta=_meta("fr"), extras=Extras(ranking_min=3)
    )
    assert "SP-0020" not in html  # 1 report
    assert "SP-0002" in html  # 3 reports, among the best
    assert "1 organismes publics et 120 points de service" in html  # the =HYPERLINK body: 2


@pytest.mark.django_db
def test_xlsx_types_text_cells_as_text_never_formulas():
    from django.utils import translation
    from openpyxl import load_workbook

    with translation.override("ar"):
        data = xlsx.render_xlsx(sample_dashboard(), lang="ar", meta=_meta("ar"))
    book = load_workbook(io.BytesIO(data))
    bodies = book.worksheets[4]
    cells = [
        c for row in bodies.iter_rows() for c in row if c.value and str(c.value).startswith("=")
    ]
    assert cells
    assert all(c.data_type == "s" for c in cells)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    assert book.worksheets[1].cell(row=2, column=4).number_format == "#,##0"


@poppler
def test_national_scale_pdf_builds_fast(tmp_path):
    """2,500 ranked points, 45 criteria, 24 governorates: far under the 30 s budget."""
    import time

    figures = sample_dashboard(n_points=2500, n_criteria=45)
    started = time.monotonic()
    data = pdf.render_pdf(figures, lang="ar", meta=_meta("ar"))
    elapsed = time.monotonic() - started
    assert elapsed < 30, elapsed
    out = tmp_path / "national.pdf"
    out.write_bytes(data)
    pages = int(_run("pdfinfo", str(out)).split("Pages:")[1].split()[0])
    assert pages < 40
    text = _run("pdftotext", str(out), "-")
    assert "القيروان" in text
    assert "سيدي بوزيد" in text


def test_the_pdf_map_uses_the_dashboards_tile_layout():
    """One layout for the country: the PDF's grid is maps.TILES, cell for cell."""
    from raqib.reports import maps
    from raqib.reports.periodic import pdf as pdf_module

    rows = [{"iso": iso} for iso in maps.TILES]
    grid = pdf_module.tile_grid(rows)
    placed = {
        cell["iso"]: (c + 1, r + 1)
        for r, line in enumerate(grid)
        for c, cell in enumerate(line)
        if cell is not None
    }
    assert placed == maps.TILES
