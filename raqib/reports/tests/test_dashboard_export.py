"""The dashboard's XLSX export and the capped rankings on the page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from raqib.reports.dashboard import views as views_dashboard
from raqib.reports.tests.test_dashboard import YEAR, realistic_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(focal_body):
    return realistic_data(focal_body=focal_body)


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def _cells(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_export_has_the_dashboards_figures_right_to_left(client, director, data):
    client.force_login(director)
    page = client.get(url(), {"period": str(YEAR)})
    board = page.context["board"]
    book = _workbook(client.get(url("reports:dashboard_export"), {"period": str(YEAR)}))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    summary = _cells(book.worksheets[0])
    for figure in (board.planned, board.validated, board.coverage.covered, board.coverage.active):
        assert str(figure) in summary
    # The whole ranking of points, not the page's capped one.
    points = _cells(book.worksheets[5])
    assert all(row.code in points for row in board.points)


def test_export_is_scoped_for_a_focal_point_and_refuses_bad_filters(client, focal_point, data):
    client.force_login(focal_point)
    book = _workbook(client.get(url("reports:dashboard_export", lang="fr"), {"period": str(YEAR)}))
    assert not any(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    everything = [v for sheet in book.worksheets for v in _cells(sheet)]
    assert data.points[8].code in everything
    assert data.points[0].code not in everything
    for report in data.reports:
        assert report.mission.observer.get_username() not in everything
    other = data.bodies["post"]
    assert client.get(url("reports:dashboard_export"), {"body": other.pk}).status_code == 400
    assert client.get(url("reports:dashboard_export"), {"period": "2026-S9"}).status_code == 400


def test_rankings_on_the_page_show_the_best_and_the_worst(client, director, data, monkeypatch):
    monkeypatch.setattr(views_dashboard, "RANK_SHOWN", 2)
    client.force_login(director)
    response = client.get(url(), {"period": str(YEAR)})
    board = response.context["board"]
    ranked = response.context["points_ranked"]
    assert len(board.points) == 9
    assert [rank for rank, _row in ranked["top"]] == [1, 2]
    assert [rank for rank, _row in ranked["bottom"]] == [8, 9]
    assert ranked["hidden"] == 5
    html = response.content.decode()
    assert board.points[0].code in html
    assert board.points[-1].code in html
    assert board.points[4].code not in html.split('id="rank-title"', 1)[1]
    assert "XLSX" in html.split('class="rank-gap"', 1)[1].split("</td>", 1)[0]


def test_ranked_keeps_short_lists_whole():
    rows = list("abcde")
    assert views_dashboard.ranked(rows) == {
        "top": list(enumerate(rows, start=1)),
        "bottom": [],
        "hidden": 0,
        "total": 5,
    }
