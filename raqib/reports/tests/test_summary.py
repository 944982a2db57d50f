"""Executive summary, previous comparable period, ranking minimum and the map's classes.

Hand-computed fixtures: S1 2026 has 2 validated reports at 2 of 3 active points; S2 2025 (the
previous comparable period) has 1 validated report at 1 of the same 3 points.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from raqib.reports import maps
from raqib.reports.models import PeriodicReport
from raqib.reports.periodic import summary
from raqib.reports.tests.factories import make_point, validated_report

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        (D(2026, 7, 1), D(2026, 12, 31), (D(2026, 1, 1), D(2026, 6, 30))),  # S2 → S1
        (D(2026, 1, 1), D(2026, 6, 30), (D(2025, 7, 1), D(2025, 12, 31))),  # S1 → S2 before
        (D(2026, 1, 1), D(2026, 12, 31), (D(2025, 1, 1), D(2025, 12, 31))),  # year → year
        (D(2026, 1, 1), D(2026, 3, 31), (D(2025, 10, 1), D(2025, 12, 31))),  # Q1 → Q4
        (D(2026, 3, 1), D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),  # month → month
        (D(2026, 1, 1), D(2026, 9, 30), (D(2025, 4, 1), D(2025, 12, 31))),  # 9 months
        (D(2026, 3, 5), D(2026, 3, 14), (D(2026, 2, 23), D(2026, 3, 4))),  # 10 days
    ],
)
def test_previous_comparable_period(start, end, previous):
    assert summary.previous_period(start, end) == previous


@given(
    st.dates(min_value=D(2001, 1, 1), max_value=D(2099, 1, 1)),
    st.integers(min_value=0, max_value=800),
)
def test_previous_period_ends_the_day_before_and_has_the_same_length(start, days):
    end = start + dt.timedelta(days=days)
    prev_start, prev_end = summary.previous_period(start, end)
    assert prev_end == start - dt.timedelta(days=1)
    assert prev_start <= prev_end
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = lambda a, b: (b.year - a.year) * 12 + b.month - a.month + 1  # noqa: E731
        assert months(prev_start, prev_end) == months(start, end)
        assert prev_start.day == 1
    else:
        assert (prev_end - prev_start).days == days


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.sampled_from(maps.MODES))
def test_every_value_falls_in_exactly_one_of_five_classes(value, mode):
    cls = maps.class_of(value, mode)
    index = int(cls[1:])
    assert 0 <= index < 5 == len(maps.COLOURS)
    bounds = (float("-inf"), *maps.BOUNDS[mode], float("inf"))
    assert bounds[index] <= value < bounds[index + 1]


@given(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_classes_are_monotone(a, b):
    low, high = sorted((a, b))
    assert maps.class_of(low, "coverage") <= maps.class_of(high, "coverage")


class _Row:
    def __init__(self, n):
        self.n = n


@pytest.mark.parametrize(("minimum", "kept", "excluded"), [(1, 4, 0), (3, 2, 2), (6, 0, 4)])
def test_ranking_minimum_keeps_rows_with_enough_reports(minimum, kept, excluded):
    rows = [_Row(5), _Row(3), _Row(2), _Row(1)]
    ranked, out = summary.ranked(rows, minimum)
    assert (len(ranked), out) == (kept, excluded)
    assert all(row.n >= minimum for row in ranked)


def _figures(**values):
    base = {
        "planned": 10,
        "done": 8,
        "validated": 6,
        "covered": 3,
        "active": 4,
        "coverage": 75.0,
        "coverage_interior": 50.0,
        "coverage_rest": 100.0,
        "mean_score": 62.5,
        "critical_reports": 1,
        "survey_waves": 0,
        "survey_responses": 0,
    }
    return summary.KeyFigures(**{**base, **values})


def _strip(text):
    return re.sub("[\u2066-\u2069]", "", text)


def test_summary_sentences_with_the_changes_in_both_languages():
    previous = summary.Previous(
        start=D(2025, 7, 1),
        end=D(2025, 12, 31),
        figures=_figures(validated=4, coverage=50.0, mean_score=65.0),
    )
    now = _figures()
    with translation.override("fr"):
        text = _strip(
            " ".join(
                summary.executive_summary(
                    now, previous, target=80.0, start=D(2026, 1, 1), end=D(2026, 6, 30)
                )
            )
        )
        assert "l’équipe a réalisé 8 des 10 missions programmées ; 6 rapports" in text
        assert "3 des 4 points de service actifs" in text
        assert "75,0\u00a0%" in text
        assert "rapports validés en hausse de 2 (4 alors)" in text
        assert "couverture en hausse de 25,0 points (50,0\u00a0% alors)" in text
        assert "score moyen en baisse de 2,5 points (65,0 alors)" in text
    with translation.override("ar"):
        sentences = summary.executive_summary(
            now, previous, target=80.0, start=D(2026, 1, 1), end=D(2026, 6, 30)
        )
        text = " ".join(sentences)
        assert "أنجز الفريق 8 من أصل 10" in text
        # no sign in a sentence (the PDF engine would misplace it in Arabic): words say it
        assert "انخفض متوسّط العدد بـ 2,5 نقطة" in text
        assert "ارتفعت التغطية بـ 25,0 نقطة" in text
        assert "-" not in text.replace(" – ", "")


def test_no_change_is_claimed_without_a_previous_activity():
    empty = summary.Previous(
        start=D(2025, 7, 1),
        end=D(2025, 12, 31),
        figures=_figures(planned=0, done=0, validated=0, mean_score=None, coverage=0.0),
    )
    with translation.override("fr"):
        text = " ".join(
            summary.executive_summary(
                _figures(), empty, target=80.0, start=D(2026, 1, 1), end=D(2026, 6, 30)
            )
        )
    assert "Aucune comparaison avec la période précédente" in text
    assert "alors" not in text


def test_comparison_rows_in_points_and_units():
    previous = summary.Previous(
        D(2025, 7, 1), D(2025, 12, 31), _figures(validated=4, coverage=50.0)
    )
    with translation.override("fr"):
        rows = {row.label: row for row in summary.comparison(_figures(), previous)}
    assert rows["Rapports validés"].change == "+2"
    assert rows["Taux de couverture (%)"].change == "+25,0"
    assert rows["Score moyen de qualité (sur 100)"].change == "0,0"


def test_without_a_computed_previous_period_the_summary_claims_nothing():
    """The dashboard's export has no previous period: no sentence about one, true or false."""
    with translation.override("fr"):
        text = " ".join(
            summary.executive_summary(
                _figures(), None, target=80.0, start=D(2026, 1, 1), end=D(2026, 6, 30)
            )
        )
    assert "période précédente" not in text
    assert "alors" not in text


def test_signed_changes_sit_in_left_to_right_cells_of_the_pdf():
    """WeasyPrint ignores Unicode isolates: the change cell's own direction keeps "-60"."""
    from raqib.reports.periodic import pdf
    from raqib.reports.tests.test_periodic_render import sample_dashboard

    previous = summary.Previous(D(2025, 7, 1), D(2025, 12, 31), _figures(validated=10**6))
    with translation.override("ar"):
        html = pdf.render_html(
            sample_dashboard(),
            lang="ar",
            meta={"title": "t"},
            extras=summary.Extras(previous=previous),
        )
    assert re.search(r'<td class="num" dir="ltr">-\d', html)
    assert "\u2066" not in html


@pytest.fixture
def two_periods():
    """S2 2025: one validated report (Kairouan); S1 2026: two (Kairouan, Tunis); 3 points."""
    kairouan = make_point(governorate="TN-41")
    tunis = make_point(governorate="TN-11")
    make_point(governorate="TN-11")
    validated_report(point=kairouan, day=D(2025, 10, 6))
    validated_report(point=kairouan, day=D(2026, 2, 10))
    validated_report(point=tunis, day=D(2026, 3, 5))


def _build(tmp_path, lang, fmt):
    out = tmp_path / f"r.{fmt}"
    call_command(
        "build_report",
        "--period",
        "2026-S1",
        "--lang",
        lang,
        "--format",
        fmt,
        "--output",
        str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return out


@pytest.mark.django_db
@override_settings(RAQIB_RANKING_MIN_REPORTS=2)
def test_a_built_report_freezes_the_previous_period_and_the_ranking_minimum(two_periods, tmp_path):
    out = _build(tmp_path, "fr", "xlsx")
    report = PeriodicReport.objects.get()
    previous = report.parameters["previous"]
    assert (previous["start"], previous["end"]) == ("2025-07-01", "2025-12-31")
    assert previous["validated"] == 1
    assert report.figures["validated"] == 2
    assert report.parameters["ranking_min_reports"] == 2
    book = load_workbook(out)
    cells = [
        c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None
    ]
    text = _strip(" ".join(str(c) for c in cells))
    assert "rapports validés en hausse de 1 (1 alors)" in text
    assert "Synthèse" in text
    # Points sheet: 2 points with one report each in S1 2026, none ranked with a minimum of 2.
    points = list(book.worksheets[5].iter_rows(min_row=2, values_only=True))
    assert len(points) == 2
    assert all(row[0] in (None, "") for row in points)
    method = [row[0] for row in book.worksheets[-1].iter_rows(values_only=True)]
    assert "start" not in method
    assert "Début de la période" in method


@pytest.mark.django_db
def test_the_arabic_pdf_has_the_summary_the_comparison_and_five_classes(two_periods, tmp_path):
    out = _build(tmp_path, "ar", "pdf")
    assert out.read_bytes().startswith(b"%PDF")
    from raqib.reports.figures import Dashboard
    from raqib.reports.periodic import pdf

    report = PeriodicReport.objects.get()
    extras = summary.Extras(
        previous=summary.Previous.from_dict(report.parameters["previous"]), ranking_min=3
    )
    with translation.override("ar"):
        html = pdf.render_html(
            Dashboard.from_dict(report.figures), lang="ar", meta={"title": "t"}, extras=extras
        )
    assert "ملخّص تنفيذي" in html
    assert "المقارنة مع الفترة السابقة" in html
    assert all(f'class="swatch q{i}"' in html for i in range(5))
    assert "غير مرتَّبة لقلّة التقارير" in html  # every point has fewer than 3 reports
