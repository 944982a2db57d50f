"""The one typed Dashboard: JSON snapshots read back; HTML and PDF share the trend geometry."""

from __future__ import annotations

import json

from raqib.reports import charts
from raqib.reports.dashboard.views import trend_chart
from raqib.reports.figures import Dashboard
from raqib.reports.tests.test_periodic_render import sample_dashboard


def test_a_snapshot_reads_back_as_the_same_dashboard():
    board = sample_dashboard(n_points=12)
    stored = json.loads(json.dumps(board.as_dict()))
    assert Dashboard.from_dict(stored) == board
    assert Dashboard.from_dict(stored).as_dict() == stored


def test_an_older_snapshot_still_reads():
    stored = json.loads(json.dumps(sample_dashboard(n_points=3).as_dict()))
    # Written before surveys and grid versions were frozen, and with the derived rates.
    del stored["surveys"]
    del stored["grid_versions"]
    stored["points"][0].pop("governorate_iso")
    board = Dashboard.from_dict(stored)
    assert board.surveys == []
    assert board.grid_versions == []
    assert board.points[0].governorate_iso == ""
    assert board.coverage.rate == stored["coverage"]["rate"]


def test_dashboard_page_and_pdf_draw_the_trend_with_one_geometry():
    rows = sample_dashboard().trend
    page = trend_chart(rows)["chart"]
    svg = charts.trend([r.validated for r in rows], [r.mean for r in rows])
    pdf = charts.trend_geometry(
        [r.validated for r in rows], [r.mean for r in rows], width=600.0, height=160.0, pad=4.0
    )
    # Same colours, and the same shape up to the scale of each drawing.
    assert (page.bar_colour, page.line_colour) == (charts.BAR, charts.LINE)
    assert f'fill="{charts.BAR}"' in svg
    assert f'stroke="{charts.LINE}"' in svg
    for a, b in zip(page.points, pdf.points, strict=True):
        assert round(a.x / page.width, 6) == round(b.x / pdf.width, 6)
        assert round(a.bar_h / (page.height - 2), 6) == round(b.bar_h / (pdf.height - 8), 6)
    # The busiest month fills the plot; a mean of 100 would touch its top.
    top = max(rows, key=lambda r: r.validated)
    assert max(p.bar_h for p in page.points) == page.height - 2 * page.pad
    assert rows.index(top) == [p.bar_h for p in page.points].index(
        max(p.bar_h for p in page.points)
    )
