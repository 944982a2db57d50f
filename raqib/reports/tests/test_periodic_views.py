"""Pages of the periodic reports: list, request form, progress (htmx), download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from raqib.reports.models import PeriodicReport, PeriodicReportStatus
from raqib.reports.tests.factories import make_point, validated_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(coordinator):
    validated_report(point=make_point(governorate="TN-41"), day=dt.date(2026, 2, 10))
    from raqib.reports.periodic.services import periodic_report_request
    from raqib.reports.periods import parse_period

    return periodic_report_request(
        actor=coordinator, period=parse_period("2026-Q1"), language="fr", fmt="xlsx"
    )


def test_request_builds_and_redirects_to_the_report(client, director):
    client.force_login(director)
    response = client.post(
        reverse("reports:periodic_create"),
        {"period": "2026-s1", "language": "ar", "format": "xlsx"},
    )
    report = PeriodicReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:periodic_detail", args=[report.uuid])
    assert report.status == PeriodicReportStatus.DONE
    assert report.created_by == director
    page = client.get(response["Location"])
    assert reverse("reports:periodic_download", args=[report.uuid]).encode() in page.content
    assert b"hx-trigger" not in page.content  # done: no more polling


@pytest.mark.parametrize(
    "data",
    [
        {"period": "2026-S9", "language": "ar", "format": "pdf"},
        {"period": "", "language": "ar", "format": "pdf"},
        {
            "period": "",
            "start": "2026-05-01",
            "end": "2026-01-01",
            "language": "ar",
            "format": "pdf",
        },
        {
            "period": "2026",
            "start": "2026-05-01",
            "end": "2026-06-01",
            "language": "fr",
            "format": "pdf",
        },
        {"period": "2026", "start": "nonsense", "language": "ar", "format": "pdf"},
        {"period": "2026", "language": "en", "format": "pdf"},
        {"period": "2026", "language": "ar", "format": "docx"},
    ],
)
def test_bad_input_gives_form_errors_not_a_report(client, coordinator, data):
    client.force_login(coordinator)
    response = client.post(reverse("reports:periodic_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not PeriodicReport.objects.exists()


def test_the_period_is_picked_from_the_dashboards_presets(client, coordinator):
    """One picker for both pages: the same options, the last ended semester chosen first."""
    from django.utils import timezone

    client.force_login(coordinator)
    year = timezone.localdate().year
    form_page = client.get(reverse("reports:periodic_create")).content.decode()
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    for value in (f"{year}", f"{year}-S1", f"{year}-Q3", f"{year - 1}-S2", f"{year}-09", "custom"):
        assert f'value="{value}"' in form_page
        assert f'value="{value}"' in dashboard
    response = client.post(
        reverse("reports:periodic_create"),
        {
            "period": "custom",
            "start": "2026-02-01",
            "end": "2026-02-28",
            "language": "ar",
            "format": "xlsx",
        },
    )
    assert response.status_code == 302
    assert PeriodicReport.objects.get().period_label == "custom"


def test_custom_dates(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:periodic_create"),
        {"start": "2026-02-01", "end": "2026-03-15", "language": "fr", "format": "xlsx"},
    )
    assert response.status_code == 302
    report = PeriodicReport.objects.get()
    assert (report.period_label, report.start, report.end) == (
        "custom",
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 15),
    )


def test_list_shows_reports_with_status_size_and_hash(client, director, report):
    client.force_login(director)
    response = client.get(reverse("reports:periodic_list"))
    assert response.status_code == 200
    assert report.sha256[:12].encode() in response.content
    assert b"<progress" in response.content


def test_detail_polls_while_queued_and_serves_a_partial_to_htmx(client, coordinator):
    queued = PeriodicReport.objects.create(
        period_label="2026",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        language="ar",
        format="pdf",
        progress=35,
        step="charts",
    )
    client.force_login(coordinator)
    url = reverse("reports:periodic_detail", args=[queued.uuid])
    page = client.get(url)
    assert b'hx-trigger="every 2s"' in page.content
    assert b"<html" in page.content
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in partial.content
    assert b"<html" not in partial.content
    assert b'value="35"' in partial.content
    # Not published: no download.
    download = client.get(reverse("reports:periodic_download", args=[queued.uuid]))
    assert download.status_code == 404


def test_download_serves_the_stored_file_with_a_clear_name(client, coordinator, report):
    client.force_login(coordinator)
    response = client.get(reverse("reports:periodic_download", args=[report.uuid]))
    assert response.status_code == 200
    assert "raqib-activity-report-2026-Q1-fr.xlsx" in response["Content-Disposition"]
    import hashlib

    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == report.sha256


@pytest.mark.parametrize(
    "persona", ["observer", "focal_point", "integrity_officer", "no_role_user"]
)
def test_other_roles_are_refused(client, request, report, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("reports:periodic_list"),
        reverse("reports:periodic_detail", args=[report.uuid]),
        reverse("reports:periodic_download", args=[report.uuid]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("reports:periodic_create"), {"period": "2026"}).status_code == 403


def test_unknown_report_is_404(client, coordinator):
    client.force_login(coordinator)
    url = reverse("reports:periodic_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404
