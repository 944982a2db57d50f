"""Compliance of a governorate / category / channel, and the trend by quarter (the
hand-computed fixture of docs/compliance.md)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from raqib.compliance import selectors
from raqib.compliance.tests.factories import hand_computed

pytestmark = pytest.mark.django_db


def test_quarters():
    assert selectors.quarter_start(dt.date(2026, 12, 5)) == dt.date(2026, 10, 1)
    assert selectors.quarter_start(dt.date(2026, 3, 31)) == dt.date(2026, 1, 1)


def test_scope_page_and_trend(client, coordinator):
    fx = hand_computed(coordinator=coordinator)
    client.force_login(coordinator)
    today = timezone.localdate()
    query = {
        "start": (today - dt.timedelta(days=60)).isoformat(),
        "end": today.isoformat(),
        "governorate": fx.point.governorate_id,
    }
    page = client.get(reverse("compliance:scope_compliance"), query)
    assert page.status_code == 200
    html = page.content.decode()
    # The three reports of the fixture: (1/3 + 1) / 2 = 66.7 %.
    assert "66,7" in html or "66.7" in html
    assert 'id="compliance-trend"' in html
    phone = client.get(reverse("compliance:scope_compliance"), {**query, "channel": "phone"})
    assert phone.status_code == 200
    assert "66,7" not in phone.content.decode()
    bad = client.get(reverse("compliance:scope_compliance"), {**query, "channel": "pigeon"})
    assert bad.status_code == 400
    trend = selectors.compliance_trend(
        referential=fx.referential,
        scope_kwargs={"governorate_id": fx.point.governorate_id},
        end=today,
    )
    assert len(trend) == 4
    assert trend[-1].end == today
    assert trend[-1].start == selectors.quarter_start(today)
    for earlier, later in itertools.pairwise(trend):
        assert later.start == earlier.end + dt.timedelta(days=1)
    # The fixture's three reports were visited 10 days ago: all in that day's quarter.
    visited = today - dt.timedelta(days=10)
    holding = next(row for row in trend if row.start <= visited <= row.end)
    assert holding.reports == 3
    assert str(holding.percent) == "66.7"
    assert sum(row.reports for row in trend) == 3


def test_a_follow_up_visit_targets_the_labels_requirements(client, coordinator):
    from raqib.audit.models import AuditEvent
    from raqib.compliance import services
    from raqib.compliance.models import LabelStatus
    from raqib.missions.models import Mission

    fx = hand_computed(coordinator=coordinator)
    holder = services.label_holder_create(
        actor=coordinator, service_point=fx.point, scope=["face_to_face"]
    )
    client.force_login(coordinator)
    url = reverse("compliance:label_follow_up_mission", kwargs={"pk": holder.pk})
    start = timezone.localtime() + dt.timedelta(days=3)
    data = {
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
    }
    refused = client.post(url, data)  # a candidate: no follow-up visit
    assert refused.status_code == 400
    assert not Mission.objects.filter(campaign=f"marhba-{holder.pk}").exists()
    services.label_holder_transition(
        actor=coordinator,
        holder=holder,
        to_status=LabelStatus.CERTIFIED,
        certified_on=timezone.localdate() - dt.timedelta(days=30),
        certificate_number="MRH-T-9",
    )
    answer = client.post(url, data)
    assert answer.status_code == 302
    mission = Mission.objects.get(campaign=f"marhba-{holder.pk}")
    assert answer["Location"].endswith(f"/missions/{mission.pk}/")
    assert mission.service_point_id == fx.point.pk
    # The grid whose criteria are mapped to the referential (the test grid: Q01, Q03).
    assert mission.grid_version.grid.code == "MISSIONTEST"
    assert AuditEvent.objects.filter(action="label_holder.follow_up_mission").count() == 1
    reversed_window = {"window_start": data["window_end"], "window_end": data["window_start"]}
    assert client.post(url, reversed_window).status_code == 400


def test_label_documents_are_sniffed_and_scoped(client, coordinator, focal_point):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from raqib.compliance import services
    from raqib.compliance.models import LabelDocument
    from raqib.missions.tests.factories import image_bytes, make_point

    holder = services.label_holder_create(
        actor=coordinator, service_point=make_point(), scope=["face_to_face"]
    )
    client.force_login(coordinator)
    url = reverse("compliance:label_document_add", kwargs={"pk": holder.pk})
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    ok = client.post(
        url, {"title": "Certificat", "file": SimpleUploadedFile("c.pdf", pdf, "application/pdf")}
    )
    assert ok.status_code == 302
    fake = client.post(
        url, {"title": "Faux", "file": SimpleUploadedFile("x.pdf", b"<html>hi</html>", "text/html")}
    )
    assert fake.status_code == 400
    photo = image_bytes("JPEG") + b"<script>alert(1)</script>"
    assert (
        client.post(
            url, {"title": "Photo", "file": SimpleUploadedFile("p.jpg", photo, "image/jpeg")}
        ).status_code
        == 302
    )
    assert LabelDocument.objects.count() == 2
    stored = LabelDocument.objects.get(title="Photo")
    assert b"<script>" not in stored.file.open("rb").read()
    document = LabelDocument.objects.get(title="Certificat")
    download = client.get(reverse("compliance:label_document", kwargs={"uuid": document.uuid}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    # A focal point of another body: 404, as for the holder.
    client.force_login(focal_point)
    assert (
        client.get(reverse("compliance:label_document", kwargs={"uuid": document.uuid})).status_code
        == 404
    )
