"""The read-only grid versions API used by the offline observer app."""

from __future__ import annotations

import pytest

from raqib.grids import services
from raqib.grids.tests.factories import make_draft, make_published

pytestmark = pytest.mark.django_db


def test_list_shows_published_versions_only(client, observer):
    published = make_published("ONE")
    draft = make_draft("TWO")
    retired = make_published("THREE")
    services.grid_version_retire(actor=None, version=retired)
    client.force_login(observer)
    response = client.get("/api/v1/grids/versions/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": published.pk,
            "grid_code": "ONE",
            "channel": "in_person",
            "number": 1,
            "status": "published",
            "content_hash": published.content_hash,
            "published_at": response.json()[0]["published_at"],
        }
    ]
    assert draft.pk not in [row["id"] for row in response.json()]


def test_detail_gives_the_snapshot_and_hides_drafts(client, observer):
    version = make_published()
    client.force_login(observer)
    body = client.get(f"/api/v1/grids/versions/{version.pk}/").json()
    assert body["snapshot"] == version.snapshot
    assert body["content_hash"] == version.content_hash
    draft = services.grid_version_clone(actor=None, version=version)
    assert client.get(f"/api/v1/grids/versions/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/grids/versions/999999/").status_code == 404


def test_focal_points_and_anonymous_are_refused(client, focal_point):
    version = make_published()
    assert client.get(f"/api/v1/grids/versions/{version.pk}/").status_code == 403
    client.force_login(focal_point)
    assert client.get("/api/v1/grids/versions/").status_code == 403


def test_openapi_schema_lists_the_routes(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/grids/versions/"]) == {"get"}
    assert set(paths["/api/v1/grids/versions/{id}/"]) == {"get"}
    detail = response.json()["components"]["schemas"]["GridVersionDetail"]
    assert "snapshot" in detail["properties"]
