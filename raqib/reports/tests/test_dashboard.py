"""Dashboard and body scorecard over HTTP: filters, focal scope, bad input, query count.

The data is made through the real services (raqib/reports/tests/factories.py): validated
reports fire the rollups the selectors read.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.registry.models import Governorate
from raqib.registry.tests.factories import PublicBodyFactory, ServiceCategoryFactory
from raqib.reports.tests.factories import (
    make_point,
    planned_mission,
    report_answers,
    validated_report,
)

pytestmark = pytest.mark.django_db

YEAR = 2026
# (governorate, body key, point name ar, point name fr, answers of its reports by month)
POINTS = [
    (
        "TN-11",
        "post",
        "مكتب بريد تونس المركزي",
        "Bureau de poste Tunis Centre",
        [(1, {}), (4, {"q02": 4})],
    ),
    (
        "TN-23",
        "health",
        "المستشفى الجهوي ببنزرت",
        "Hôpital régional de Bizerte",
        [(2, {"q03": "fair"}), (6, {})],
    ),
    (
        "TN-41",
        "cnam",
        "مكتب الكنام بالقيروان",
        "Bureau CNAM de Kairouan",
        [(3, {"q01": "no"}), (7, {"q04": "yes"})],
    ),
    (
        "TN-42",
        "health",
        "المستشفى الجهوي بالقصرين",
        "Hôpital régional de Kasserine",
        [(5, {"q05": 2}), (8, {})],
    ),
    ("TN-61", "post", "مكتب بريد صفاقس", "Bureau de poste de Sfax", [(3, {}), (9, {"q02": 3})]),
    (
        "TN-83",
        "cnam",
        "مكتب الكنام بتطاوين",
        "Bureau CNAM de Tataouine",
        [(6, {"q01": "no", "q04": "yes"})],
    ),
    (
        "TN-32",
        "health",
        "المستشفى الجهوي بجندوبة",
        "Hôpital régional de Jendouba",
        [(4, {"q03": "poor"})],
    ),
    ("TN-51", "post", "مكتب بريد سوسة", "Bureau de poste de Sousse", [(2, {}), (10, {})]),
    (
        "TN-71",
        "focal",
        "قباضة مالية بقفصة",
        "Recette des finances de Gafsa",
        [(5, {"q05": 5}), (9, {})],
    ),
    # Active but never visited: coverage below 100 % in these governorates.
    ("TN-11", "post", "مكتب بريد باب سويقة", "Bureau de poste Bab Souika", []),
    ("TN-42", "cnam", "مكتب الكنام بسبيطلة", "Bureau CNAM de Sbeïtla", []),
    ("TN-71", "focal", "قباضة مالية بالمتلوي", "Recette des finances de Metlaoui", []),
]
BODIES = {
    "post": ("البريد التونسي", "La Poste tunisienne"),
    "health": ("وزارة الصحة", "Ministère de la Santé"),
    "cnam": ("الصندوق الوطني للتأمين على المرض", "Caisse nationale d'assurance maladie"),
}


def realistic_data(focal_body=None) -> SimpleNamespace:
    """Twelve points in nine governorates, sixteen validated reports in YEAR, two critical."""
    bodies = {
        key: PublicBodyFactory(code=f"dash-{key}", name_ar=ar, name_fr=fr)
        for key, (ar, fr) in BODIES.items()
    }
    bodies["focal"] = focal_body or PublicBodyFactory(
        code="dash-finance", name_ar="وزارة المالية", name_fr="Ministère des Finances"
    )
    category = ServiceCategoryFactory()
    points, reports = [], []
    for iso, body, name_ar, name_fr, visits in POINTS:
        point = make_point(
            governorate=iso, body=bodies[body], category=category, name_ar=name_ar, name_fr=name_fr
        )
        points.append(point)
        for month, answers in visits:
            reports.append(
                validated_report(
                    point=point, day=dt.date(YEAR, month, 10), answers=report_answers(**answers)
                )
            )
    # A point closed in March still counts as active in the year (it was, for a while).
    closed = make_point(
        governorate="TN-83",
        body=bodies["cnam"],
        category=category,
        deactivated_on=dt.date(YEAR, 3, 31),
        name_ar="مكتب مغلق",
        name_fr="Bureau fermé",
    )
    planned_mission(point=points[1], day=dt.date(YEAR, 11, 20))
    wave = _survey_wave([points[0], points[4], points[7]])
    return SimpleNamespace(bodies=bodies, points=points, reports=reports, closed=closed, wave=wave)


def _survey_wave(points):
    """A satisfaction wave (October–November) at three post offices, 12 answers."""
    from raqib.surveys.tests.factories import make_wave, submit

    wave = make_wave(points=points, min_sample=10, starts_on=dt.date(YEAR, 10, 1))
    wave_points = list(wave.points.order_by("pk"))
    for n, rating in enumerate([5, 4, 4, 3, 5, 4, 2, 4, 5, 3, 4, 4]):
        submit(wave_points[n % len(wave_points)], {"SAT_OVERALL": rating})
    return wave


def url(name="reports:dashboard", lang="ar", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def tiles(html: str) -> list[str]:
    return re.findall(r'<li class="tile (q\d|nodata) tile-(TN-\d\d)"', html)


@pytest.fixture
def data(focal_body):
    return realistic_data(focal_body=focal_body)


def test_director_sees_every_figure_in_arabic(client, director, data):
    client.force_login(director)
    response = client.get(url(), {"period": str(YEAR)})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert len(tiles(html)) == 24
    board = response.context["board"]
    assert board.validated == 16
    assert board.planned == 17
    # 9 of 13 points active in the year are covered (the closed one was not visited).
    assert (board.coverage.covered, board.coverage.active) == (9, 13)
    assert "69,2&nbsp;%" in html  # 9/13, decimal comma, digits 0-9
    assert "مكتب بريد تونس المركزي" in html
    assert "01/01/2026" in html
    assert "31/12/2026" in html
    for body in data.bodies.values():
        if body.code != "focal-body":
            assert url("reports:scorecard", pk=body.pk) in html
    # Every section of the page, with its caption.
    for title in (
        "kpi-title",
        "coverage-title",
        "scores-title",
        "sw-title",
        "rank-title",
        "critical-title",
        "trend-title",
        "surveys-title",
    ):
        assert f'id="{title}"' in html
    assert html.count("<caption>") >= 8
    assert "TN-41" in html  # the critical finding's governorate tile, and
    assert "Q04" in html  # the critical criterion
    # The survey wave beside the mission scores of the same points in its months.
    (survey,) = board.surveys
    assert survey.responses == 12
    assert survey.index.n == 12
    assert survey.index.value is not None
    assert survey.mystery_mean is not None
    assert data.wave.code in html


def test_french_page_is_left_to_right_with_french_names(client, director, data):
    client.force_login(director)
    response = client.get(url(lang="fr"), {"period": f"{YEAR}-S1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html
    assert "Bureau de poste Tunis Centre" in html
    assert "30/06/2026" in html
    assert response.context["board"].validated == 11  # January–June


def test_filters_narrow_the_figures(client, coordinator, data):
    client.force_login(coordinator)
    tunis = Governorate.objects.get(iso_code="TN-11")
    board = client.get(url(), {"period": str(YEAR), "governorate": tunis.pk}).context["board"]
    assert board.validated == 2
    assert (board.coverage.covered, board.coverage.active) == (1, 2)
    assert [p.code for p in board.points] == [data.points[0].code]

    board = client.get(url(), {"period": str(YEAR), "region": "interior"}).context["board"]
    interior = {"TN-41", "TN-42", "TN-83", "TN-32", "TN-71"}
    assert {p.governorate_iso for p in board.points} <= interior

    board = client.get(url(), {"period": str(YEAR), "body": data.bodies["health"].pk}).context[
        "board"
    ]
    assert board.validated == 5

    board = client.get(
        url(), {"period": "custom", "start": f"{YEAR}-03-01", "end": f"{YEAR}-03-31"}
    ).context["board"]
    assert board.validated == 2
    assert len(board.trend) == 1

    board = client.get(url(), {"period": f"{YEAR}-Q3", "channel": "phone"}).context["board"]
    assert board.validated == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"governorate": "abc"}, "governorate"),
        ({"governorate": "999999"}, "governorate"),
        ({"period": "2026-S9"}, "period"),
        ({"period": "1999"}, "period"),
        ({"period": "2026-13"}, "period"),
        ({"period": "custom", "start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"period": "custom", "start": "2026-05-01"}, "end"),
        ({"period": "custom", "start": "2026-02-30", "end": "2026-04-01"}, "start"),
        ({"channel": "pigeon"}, "channel"),
        ({"region": "nowhere"}, "region"),
        ({"body": "x"}, "body"),
    ],
)
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_bad_filters_are_form_errors_never_a_crash(client, director, query, field, lang):
    client.force_login(director)
    response = client.get(url(lang=lang), query)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="field-error" role="alert"' in html
    assert response.context["board"] is None


def test_the_map_toggle_colours_by_score(client, director, data):
    client.force_login(director)
    html = client.get(url(), {"period": str(YEAR), "map": "score"}).content.decode()
    assert 'aria-current="true"' in html
    assert "map=coverage" in html
    classes = {iso: cls for cls, iso in tiles(html)}
    assert classes["TN-83"] != "nodata"
    assert classes["TN-13"] == "nodata"
    # An unknown mode falls back to coverage.
    html = client.get(url(), {"period": str(YEAR), "map": "<script>"}).content.decode()
    assert len(tiles(html)) == 24
    assert "<script>" not in html.split("<main", 1)[1]


def test_no_data_shows_empty_states(client, director):
    client.force_login(director)
    response = client.get(url(), {"period": "2024"})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(tiles(html)) == 24
    assert {c for c, _ in tiles(html)} == {"nodata"}
    assert html.count('class="empty"') >= 4


def test_focal_point_sees_only_their_bodies_and_no_observer(client, focal_point, focal_body, data):
    client.force_login(focal_point)
    response = client.get(url(), {"period": str(YEAR)})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.validated == 2
    assert {p.code for p in board.points} == {data.points[8].code}
    html = response.content.decode()
    assert "مكتب بريد تونس المركزي" not in html
    # The body filter offers their tree only.
    options = re.findall(
        r'<option value="(\d+)"', html.split('id="filter-body"', 1)[1].split("</select>")[0]
    )
    assert options == [str(focal_body.pk)]
    for report in data.reports:
        observer = report.mission.observer
        assert observer.get_username() not in html
        assert observer.observer_profile.pseudonym not in html
    # Another body: refused as a filter, and its scorecard does not exist for them.
    other = data.bodies["post"]
    assert client.get(url(), {"body": other.pk}).status_code == 400
    assert client.get(url("reports:scorecard", pk=other.pk)).status_code == 404
    assert client.get(url("reports:scorecard", pk=999999)).status_code == 404
    own = client.get(url("reports:scorecard", pk=focal_body.pk), {"period": str(YEAR)})
    assert own.status_code == 200
    html = own.content.decode()
    assert "قباضة مالية بقفصة" in html
    assert "rollups-observer" not in html
    assert len(tiles(html)) == 24


def test_scorecard_shows_one_body(client, director, data):
    client.force_login(director)
    body = data.bodies["health"]
    response = client.get(url("reports:scorecard", lang="fr", pk=body.pk), {"period": str(YEAR)})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.validated == 5
    assert {p.code for p in board.points} == {data.points[i].code for i in (1, 3, 6)}
    html = response.content.decode()
    assert "Ministère de la Santé" in html
    assert 'id="rank-title"' in html
    assert "Public bodies, best mean score first" not in html  # no body ranking on a scorecard
    bad = client.get(url("reports:scorecard", pk=body.pk), {"period": "2026-S9"})
    assert bad.status_code == 400


def _count_queries(client, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(), {"period": str(YEAR)})
    assert response.status_code == 200
    assert len(captured) <= limit, [q["sql"][:120] for q in captured]
    return len(captured)


# Session and roles, the filter form's four lists, the boundary file, the selector, and the
# director's integrity panel (categories, bodies, governorates, referrals: one query each), and
# the campaigns under way (planning: one query when none runs); the survey waves' sums, their
# points and the waves themselves (three).
LIMIT = 34


def test_dashboard_query_count_is_bounded_and_does_not_grow_with_data(client, director, data):
    client.force_login(director)
    client.get(url(), {"period": str(YEAR)})  # warm the session and caches
    before = _count_queries(client, LIMIT)
    for iso in ("TN-12", "TN-13", "TN-22"):
        point = make_point(governorate=iso, body=data.bodies["post"])
        validated_report(point=point, day=dt.date(YEAR, 5, 5))
    after = _count_queries(client, LIMIT)
    assert after == before


@pytest.mark.parametrize(
    "query",
    [
        {"period": "custom", "start": "9999-12-01", "end": "9999-12-31"},
        {"start": "9999-12-31", "end": "9999-12-31"},
        {"period": "custom", "start": "0001-01-01", "end": "0001-12-31"},
        {"period": "custom", "start": "1999-12-01", "end": "2000-01-31"},
    ],
)
def test_dates_outside_2000_2100_are_refused_not_a_crash(client, director, query):
    client.force_login(director)
    for name in ("reports:dashboard", "reports:dashboard_export"):
        response = client.get(url(name), query)
        assert response.status_code == 400
        assert "2000" in response.content.decode()
