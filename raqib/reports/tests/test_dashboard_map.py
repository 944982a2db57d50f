"""Boundary files over HTTP: upload (good and bad), drawing, deactivation, audit."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.reports.models import MapBoundary
from raqib.reports.tests.test_maps import CODES, geojson

pytestmark = pytest.mark.django_db


def url(name, lang="ar", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def upload(client, data: bytes, name="Tunisie 2024", lang="ar"):
    return client.post(
        url("reports:map_boundaries", lang=lang),
        {"name": name, "file": SimpleUploadedFile("gov.geojson", data, "application/geo+json")},
    )


def test_a_good_file_is_stored_simplified_audited_and_drawn(client, admin_user, director):
    client.force_login(admin_user)
    response = upload(client, geojson(key="shapeISO"))
    assert response.status_code == 302
    boundary = MapBoundary.objects.get()
    assert boundary.is_active
    assert set(boundary.shapes) == set(CODES)
    assert boundary.uploaded_by == admin_user
    assert len(boundary.sha256) == 64
    event = AuditEvent.objects.get(action="map_boundary.upload")
    assert event.object_id == str(boundary.pk)
    assert event.changes["governorates"] == 24

    # A second upload replaces the first (which is kept, out of use).
    assert upload(client, geojson(key="ISO"), name="v2").status_code == 302
    assert MapBoundary.objects.filter(is_active=True).get().name == "v2"
    assert MapBoundary.objects.count() == 2

    client.force_login(director)
    html = client.get(url("reports:dashboard"), {"period": "2026"}).content.decode()
    svg = html.split('<svg class="boundary-map"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<path ") == 24
    # Only digits inside SVG text: names are HTML (WeasyPrint reverses Arabic in SVG).
    assert re.findall(r"<text[^>]*>([^<]*)</text>", svg) == [str(n) for n in range(1, 25)]
    assert 'class="tilemap"' not in html
    assert html.count('class="map-key-name"') == 24
    assert "تونس" in html.split('class="map-key"', 1)[1]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"not json at all", "JSON"),
        (geojson(CODES[:-2]), "TN-82, TN-83"),
        (geojson(extra=[{"type": "Feature", "properties": {"iso_code": "TN-99"}}]), "TN-99"),
        (
            geojson(geometry={"type": "LineString", "coordinates": [[9, 34], [10, 35]]}),
            "LineString",
        ),
        (
            geojson(
                geometry={
                    "type": "Polygon",
                    "coordinates": [[[9, 34], [200, 35], [10, 35], [9, 34]]],
                }
            ),
            "200",
        ),
    ],
)
def test_bad_files_are_refused_precisely_and_nothing_is_stored(client, admin_user, data, fragment):
    client.force_login(admin_user)
    response = upload(client, data)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(fragment in e for e in errors), errors
    assert fragment in response.content.decode()
    assert not MapBoundary.objects.exists()
    assert not AuditEvent.objects.filter(action="map_boundary.upload").exists()


def test_a_file_over_the_size_limit_is_refused(client, admin_user, settings):
    settings.RAQIB_MAP_MAX_BYTES = 1000
    client.force_login(admin_user)
    response = upload(client, geojson(), lang="fr")
    assert response.status_code == 400
    assert "trop volumineux" in str(response.context["form"].errors["file"])
    assert not MapBoundary.objects.exists()


def test_deactivating_goes_back_to_tiles(client, admin_user):
    client.force_login(admin_user)
    upload(client, geojson())
    boundary = MapBoundary.objects.get()
    page = client.get(url("reports:map_boundaries")).content.decode()
    assert url("reports:map_boundary_deactivate", pk=boundary.pk) in page
    response = client.post(url("reports:map_boundary_deactivate", pk=boundary.pk))
    assert response.status_code == 302
    boundary.refresh_from_db()
    assert not boundary.is_active
    assert AuditEvent.objects.filter(action="map_boundary.deactivate").count() == 1
    # Twice is harmless and writes nothing more.
    client.post(url("reports:map_boundary_deactivate", pk=boundary.pk))
    assert AuditEvent.objects.filter(action="map_boundary.deactivate").count() == 1
    html = client.get(url("reports:dashboard")).content.decode()
    assert html.count('<li class="tile ') == 24
    assert client.post(url("reports:map_boundary_deactivate", pk=999999)).status_code == 404


def test_only_administrators_upload(client, director):
    client.force_login(director)
    assert upload(client, geojson()).status_code == 403
    assert not MapBoundary.objects.exists()
