"""The compliance pages: figures for everyone allowed, evidence for the department only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from raqib.compliance.tests.factories import hand_computed

pytestmark = pytest.mark.django_db


@pytest.fixture
def fx(coordinator, focal_point):
    return hand_computed(coordinator=coordinator, body=focal_point.focal_bodies.get())


def test_department_sees_levels_and_evidence(client, coordinator, fx):
    client.force_login(coordinator)
    page = client.get(reverse("compliance:point_compliance", args=[fx.point.pk])).content.decode()
    assert 'data-requirement="R1" data-level="partly"' in page
    assert 'data-requirement="R3" data-level="not_observed"' in page
    report_url = reverse("missions:report_review", args=[fx.reports[0].pk])
    assert report_url in page


def test_focal_point_sees_figures_only(client, focal_point, fx):
    client.force_login(focal_point)
    page = client.get(reverse("compliance:body_compliance", args=[fx.body.pk])).content.decode()
    assert 'data-requirement="R1" data-level="partly"' in page
    assert "/missions/reports/" not in page


def test_bad_period_is_a_400_with_the_reason(client, coordinator, fx):
    client.force_login(coordinator)
    response = client.get(
        reverse("compliance:point_compliance", args=[fx.point.pk]),
        {"start": "2026-05-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_referential_export_is_xlsx(client, coordinator, fx):
    client.force_login(coordinator)
    response = client.get(reverse("compliance:referential_export", args=[fx.referential.pk]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_label_register_pages(client, coordinator, focal_point, fx):
    client.force_login(coordinator)
    response = client.post(
        reverse("compliance:label_create"),
        {"service_point": fx.point.pk, "scope": ["telephone", "face_to_face"]},
    )
    assert response.status_code == 302
    detail = response["Location"]
    bad = client.post(
        detail.rstrip("/") + "/status/",
        {"to_status": "certified"},
    )
    assert bad.status_code == 400  # no date nor number: the reason is shown, nothing changes
    assert 'role="alert"' in bad.content.decode()
    ok = client.post(
        detail.rstrip("/") + "/status/",
        {"to_status": "certified", "certified_on": "2026-01-15", "certificate_number": "M-77"},
    )
    assert ok.status_code == 302
    client.force_login(focal_point)
    page = client.get(detail).content.decode()
    assert "M-77" in page
    assert "/status/" not in page  # bodies read the register, never change it
