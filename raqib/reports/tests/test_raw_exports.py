"""Raw data exports (issue 17 item 3): the rows equal the database's on a fixture, the long
format has one row per answer, a focal point's export holds no pseudonym and only their
bodies, survey answers are all there; started through HTTP, built in the background."""

from __future__ import annotations

import csv
import datetime as dt
import io
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from raqib.accounts.models import ObserverProfile
from raqib.exports.testing import exported
from raqib.missions.models import Report
from raqib.reports.tests.factories import make_point, validated_report

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def H(text: str) -> str:
    """A header as the Arabic file writes it."""
    with translation.override("ar"):
        return gettext(text)


@pytest.fixture
def fixture(focal_body):
    other = make_point()
    own = make_point(body=focal_body)
    reports = [
        validated_report(point=other, day=DAY),
        validated_report(point=other, day=DAY + dt.timedelta(days=1)),
        validated_report(point=own, day=DAY + dt.timedelta(days=2)),
    ]
    validated_report(point=own, day=dt.date(2025, 12, 31))  # outside the period
    return {"reports": reports, "own": own, "other": other}


def _start(client, kind, fmt="csv", **filters):
    data = {"kind": kind, "format": fmt, "period": "2026", **filters}
    return exported(client, client.post(reverse("reports:raw_export"), data))


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_report_rows_equal_the_database(client, coordinator, fixture):
    client.force_login(coordinator)
    file = _start(client, "raw_reports")
    assert file.content.startswith(b"\xef\xbb\xbf")
    rows = _rows(file.content)
    expected = Report.objects.filter(
        is_active=True, mission__window_start__year=2026
    ).select_related("mission__service_point", "observer__observer_profile")
    assert len(rows) == expected.count() == 3
    by_uuid = {row[H("report")]: row for row in rows}
    for report in expected:
        row = by_uuid[str(report.uuid)]
        assert row[H("mission")] == report.mission.code
        assert row[H("service point")] == report.mission.service_point.code
        assert float(row[H("score out of 100")]) == float(report.score_out_of_100)
        assert row[H("observer (pseudonym)")] == report.observer.observer_profile.pseudonym
        for section in report.score["sections"]:
            assert float(row[H("section %(code)s (%%)") % {"code": section["code"]}]) == float(
                section["percent"]
            )
            for criterion in section["criteria"]:
                column = H("criterion %(code)s (%%)") % {"code": criterion["code"]}
                if criterion["percent"] is None:
                    assert row[column] == ""
                else:
                    assert float(row[column]) == float(criterion["percent"])
        for code, value in report.answers.items():
            assert row[H("answer %(code)s") % {"code": code}] == str(value)
    # No name, no e-mail, no user name of an observer anywhere.
    text = file.content.decode("utf-8-sig")
    for report in expected:
        for identity in (report.observer.username, report.observer.email):
            assert not identity or identity not in text


def test_long_format_has_one_row_per_answer(client, coordinator, fixture):
    client.force_login(coordinator)
    rows = _rows(_start(client, "raw_answers").content)
    expected = sum(
        len(c)
        for r in fixture["reports"]
        for c in [[cr for s in r.score["sections"] for cr in s["criteria"]]]
    )
    assert len(rows) == expected
    # The criterion scores of the long format add up to the frozen score, section by section.
    report = fixture["reports"][0]
    mine = [row for row in rows if row[H("report")] == str(report.uuid)]
    for section in report.score["sections"]:
        in_section = [r for r in mine if r[H("section")] == section["code"]]
        assert {r[H("section score (%)")] for r in in_section} == {str(float(section["percent"]))}
    assert sum(Fraction(s["contribution"]) for s in report.score["sections"]) > 0


def test_focal_point_export_holds_no_pseudonym_and_only_their_bodies(client, focal_point, fixture):
    client.force_login(focal_point)
    for kind in ("raw_reports", "raw_answers"):
        content = _start(client, kind).content
        text = content.decode("utf-8-sig")
        for pseudonym in ObserverProfile.objects.values_list("pseudonym", flat=True):
            assert pseudonym not in text
        rows = _rows(content)
        assert rows
        assert {row[H("service point")] for row in rows} == {fixture["own"].code}
        assert H("observer (pseudonym)") not in rows[0]
    # Another body's filter is refused, not silently widened or emptied.
    other_body = fixture["other"].body_id
    response = client.post(
        reverse("reports:raw_export"),
        {"kind": "raw_reports", "format": "csv", "period": "2026", "body": other_body},
    )
    assert response.status_code in (400, 404)


def test_observers_get_no_raw_export(client, observer):
    client.force_login(observer)
    assert client.get(reverse("reports:raw_export")).status_code == 403


def test_xlsx_is_right_to_left_with_translated_headers(client, coordinator, fixture):
    client.force_login(coordinator)
    sheet = load_workbook(io.BytesIO(_start(client, "raw_reports", fmt="xlsx").content)).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(1, 1).value == H("report")
    assert sheet.max_row == 4
    client.get("/fr/")  # the French interface
    response = client.post(
        "/fr" + reverse("reports:raw_export")[3:],
        {"kind": "raw_reports", "format": "xlsx", "period": "2026"},
    )
    sheet = load_workbook(io.BytesIO(exported(client, response).content)).active
    assert not sheet.sheet_view.rightToLeft


def test_filters_are_the_dashboards(client, coordinator, fixture):
    client.force_login(coordinator)
    rows = _rows(_start(client, "raw_reports", body=fixture["own"].body_id).content)
    assert {row[H("service point")] for row in rows} == {fixture["own"].code}
    rows = _rows(_start(client, "raw_reports", period="2025").content)
    assert len(rows) == 1


def test_survey_rows_equal_the_database(client, coordinator):
    from django.utils import timezone

    from raqib.surveys.models import SurveyResponse
    from raqib.surveys.tests.factories import make_wave, submit

    wp = make_wave().points.get()
    submit(wp, {"SAT_OVERALL": 4})
    submit(wp, {"SAT_OVERALL": 2})
    year = timezone.localdate().year
    client.force_login(coordinator)
    rows = _rows(_start(client, "raw_survey_responses", period=str(year)).content)
    assert len(rows) == SurveyResponse.objects.count() == 2
    assert sorted(row["SAT_OVERALL"] for row in rows) == ["2", "4"]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_no_raw_token_in_the_translated_columns(client, coordinator, fixture, lang):
    """Review states, channels, criterion statuses and headers are words, never codes (the
    raw-token walk's rule); the grid's own codes (criteria, sections) stay, as column keys."""
    from raqib.core.tests.test_raw_tokens import known_tokens, raw_tokens_in

    client.force_login(coordinator)
    url = f"/{lang}" + reverse("reports:raw_export")[3:]
    for kind in ("raw_reports", "raw_answers"):
        response = client.post(url, {"kind": kind, "format": "csv", "period": "2026"})
        rows = list(csv.reader(io.StringIO(exported(client, response).content.decode("utf-8-sig"))))
        header = rows[0]
        with translation.override(lang):
            words = [gettext("review state"), gettext("channel")]
            if kind == "raw_answers":
                words.append(gettext("criterion status"))
        columns = [header.index(w) for w in words]
        texts = [" ".join(header), *(" ".join(row[i] for i in columns) for row in rows[1:])]
        grid_codes = {
            c["code"]
            for r in fixture["reports"]
            for s in r.score["sections"]
            for c in [s, *s["criteria"]]
        }
        assert not raw_tokens_in(texts, known_tokens()) - grid_codes, kind
