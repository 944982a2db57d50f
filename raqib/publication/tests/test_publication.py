"""Published results per service point and open data, on a hand-computed fixture.

Point A: three validated visits scored 80.0, 70.5 and 60.0 → mean 70.1666… → published 70.2.
Point B: two validated visits → below the minimum of 3: the count is shown, no score.
A's survey wave (minimum sample 4): answers 5, 5, 4, 4 → rescaled 100, 100, 75, 75 →
index 87.5; s = √((4 × 12.5²) / 3) = 14.434, se = s / √4 = 7.217, t(0.975, 3) = 3.1824 →
half-width 22.967 → interval 64.5 – 100.0 (110.5 clipped to 100). B's wave has 3 answers:
below its minimum of 4, no index. A holds the Marhba label.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from raqib.compliance.models import LabelHolder
from raqib.followup.tests.factories import GOOD, validated_report
from raqib.missions.models import Report
from raqib.missions.tests.factories import make_point
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(coordinator):
    a = make_point(code="PUB-A", name_fr="Recette des finances A", name_ar="قباضة المالية أ")
    b = make_point(code="PUB-B", name_fr="Bureau B", name_ar="مكتب ب")
    reports = []
    for point, scores in ((a, ("80.0", "70.5", "60.0")), (b, ("90.0", "50.0"))):
        for score in scores:
            report = validated_report(coordinator=coordinator, point=point, answers=GOOD)
            Report.objects.filter(pk=report.pk).update(score_out_of_100=score)
            reports.append(report)
    today = timezone.localdate()
    wave_a = make_wave(points=[a], min_sample=4, starts_on=today - dt.timedelta(days=10))
    for value in (5, 5, 4, 4):
        submit(wave_a.points.get(), {"SAT_OVERALL": value})
    wave_b = make_wave(points=[b], min_sample=4, starts_on=today - dt.timedelta(days=10))
    for value in (5, 1, 3):
        submit(wave_b.points.get(), {"SAT_OVERALL": value})
    LabelHolder.objects.create(service_point=a, status="certified", certified_on=today)
    return {"a": a, "b": b, "reports": reports}


def _rows(client, period):
    url = reverse("open_data:dataset", kwargs={"period": period, "fmt": "json"})
    return {r["service_point_code"]: r for r in client.get(url).json()["rows"]}


def test_published_figures_match_the_hand_computation(client, published):
    year = str(timezone.localdate().year)
    rows = _rows(client, year)
    a, b = rows["PUB-A"], rows["PUB-B"]
    assert a["visits"] == 3
    assert a["visit_score_mean"] == "70.2"
    assert a["satisfaction_index"] == "87.5"
    assert a["satisfaction_low"] == "64.5"
    assert a["satisfaction_high"] == "100.0"
    assert a["survey_answers"] == 4
    assert a["marhba_label"] is True
    assert b["visits"] == 2
    assert b["visit_score_mean"] is None  # below 3 visits
    assert b["survey_answers"] == 3
    assert b["satisfaction_index"] is None  # below the wave's minimum of 4
    assert b["marhba_label"] is False


def test_no_open_data_file_holds_personal_data_or_a_figure_below_the_minimum(
    client, published, settings
):
    year = str(timezone.localdate().year)
    csv_url = reverse("open_data:dataset", kwargs={"period": year, "fmt": "csv"})
    response = client.get(csv_url)
    assert response["Cache-Control"].startswith("public")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    json_text = client.get(
        reverse("open_data:dataset", kwargs={"period": year, "fmt": "json"})
    ).content.decode()
    for report in published["reports"]:
        observer = report.observer
        for secret in (
            observer.username,
            observer.email,
            observer.observer_profile.pseudonym,
            report.mission.code,
        ):
            if secret:
                assert secret not in text
                assert secret not in json_text
    for row in rows:
        if row["visit_score_mean"]:
            assert int(row["visits"]) >= settings.RAQIB_PUBLICATION_MIN_VISITS
        if row["satisfaction_index"]:
            assert int(row["survey_answers"]) >= 4
    # The minimum is the department's: at 2, B's score is published too (mean of 90 and 50).
    settings.RAQIB_PUBLICATION_MIN_VISITS = 2
    assert _rows(client, year)["PUB-B"]["visit_score_mean"] == "70.0"


def test_public_pages_in_arabic_and_french_show_and_suppress(client, published, director):
    a = published["a"]
    for lang, words in (("ar", "قباضة المالية أ"), ("fr", "Recette des finances A")):
        page = client.get(f"/{lang}/results/points/{a.code}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert words in html
        assert "70,2" in html  # one decimal, the comma of both languages (core.bidi)
        assert "87,5" in html
        assert page["Cache-Control"].startswith("public")
    b_page = client.get(f"/fr/results/points/{published['b'].code}/").content.decode()
    assert "Trop peu de visites" in b_page or "too few" in b_page.lower()
    listing = client.get("/fr/results/", {"q": "Recette"})
    assert listing.context["page"].paginator.count == 1
    body = client.get(f"/fr/results/bodies/{a.body.code}/")
    assert body.status_code == 200
    signed_in = Client()
    signed_in.force_login(director)
    assert "private" in signed_in.get("/fr/results/")["Cache-Control"]
    assert client.get("/fr/results/points/NOPE/").status_code == 404


def test_the_catalogue_is_dcat_and_its_files_answer(client, published):
    response = client.get(reverse("open_data:catalogue"))
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    (dataset,) = catalogue["dcat:dataset"]
    assert {t["@language"] for t in dataset["dct:title"]} == {"ar", "fr"}
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert any(url.endswith(f"/{timezone.localdate().year}/service-points.csv") for url in urls)
    for url in urls[:4]:
        assert client.get(url.replace("http://testserver", "")).status_code == 200
    assert client.get("/open-data/1999-S3/service-points.csv").status_code == 404


def test_public_api_lists_reads_refuses_bad_input_and_throttles(client, published, settings):
    year = str(timezone.localdate().year)
    listing = client.get("/api/v1/public/service-points/", {"period": year, "q": "PUB-A"})
    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert row["visit_score_mean"] == "70.2"
    detail = client.get(f"/api/v1/public/service-points/{published['b'].code}/")
    assert detail.json()["visit_score_mean"] is None
    bad = client.get("/api/v1/public/service-points/", {"period": "last-week"})
    assert bad.status_code == 400
    assert "period" in bad.json()
    assert client.get("/api/v1/public/service-points/NOPE/").status_code == 404
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"public": "2/min"},
    }
    from django.core.cache import cache

    cache.clear()  # the calls above counted too
    statuses = [client.get("/api/v1/public/service-points/").status_code for _n in range(3)]
    assert statuses == [200, 200, 429]


def test_body_score_is_the_mean_of_every_visit_of_its_points(client, coordinator):
    """Visits 80.0, 70.5, 60.0 at A and 90.0, 50.0 at B, same body: 350.5 / 5 = 70.1 — B's
    two visits count for the body though B alone publishes no score."""
    from raqib.publication.figures import body_figures, rolling_period
    from raqib.registry.selectors import public_service_points

    a = make_point(code="BODY-A")
    b = make_point(code="BODY-B", body=a.body)
    for point, scores in ((a, ("80.0", "70.5", "60.0")), (b, ("90.0", "50.0"))):
        for score in scores:
            report = validated_report(coordinator=coordinator, point=point, answers=GOOD)
            Report.objects.filter(pk=report.pk).update(score_out_of_100=score)
    figures = body_figures(
        points=list(public_service_points(body_id=a.body_id)), period=rolling_period()
    )
    assert figures.visits == 5
    assert str(figures.score) == "70.1"
    assert [f.score for f in figures.points if f.point == b] == [None]
    page = client.get(f"/fr/results/bodies/{a.body.code}/")
    assert "70,1" in page.content.decode()
