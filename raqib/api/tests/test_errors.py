"""Every API address answers JSON, errors included, and the schema documents those errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from raqib.api.schema import error_codes
from raqib.core.testing import PERSONAS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _schema(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield path, method, operation


def _is_json(response) -> bool:
    if not response["Content-Type"].startswith("application/json"):
        return False
    json.loads(response.content)
    return True


def test_every_operation_documents_its_error_answers(client, no_role_user):
    schema = _schema(client, no_role_user)
    operations = list(_operations(schema))
    assert len(operations) >= 10
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        documented = set(operation["responses"])
        params = operation.get("parameters", [])
        # Anybody may be refused; an id may name nothing; input may be wrong.
        assert "403" in documented, where
        if "{" in path:
            assert "404" in documented, where
        if "requestBody" in operation or any(p["in"] == "query" for p in params):
            assert "400" in documented, where
        assert error_codes(operation) <= documented, where
        for code, answer in operation["responses"].items():
            if code.startswith("4"):
                assert answer["description"], (where, code)
                assert "application/json" in answer["content"], (where, code)
    # The observer sync API's state conflicts stay documented where they can happen.
    report = schema["paths"]["/api/v1/observer/reports/{report_uuid}/"]
    assert {"409", "412"} <= set(report["put"]["responses"])


def test_the_schema_names_the_session_cookie_in_use(client, settings, no_role_user):
    settings.SESSION_COOKIE_NAME = "__Host-raqib_session"
    scheme = _schema(client, no_role_user)["components"]["securitySchemes"]["cookieAuth"]
    assert scheme == scheme | {"type": "apiKey", "in": "cookie", "name": "__Host-raqib_session"}


def test_the_production_schema_names_the_production_cookie():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "raqib.settings.production",
        "SECRET_KEY": "k" * 20 + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e",
        "ALLOWED_HOSTS": "raqib.example.tn",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--format", "openapi-json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    schemes = json.loads(done.stdout)["components"]["securitySchemes"]
    assert schemes["cookieAuth"]["name"] == "__Host-raqib_session"


def test_every_id_in_an_api_address_that_is_not_an_id_answers_json(client, personas):
    """Each operation with an id in its address, called with "abc", by every persona."""
    schema = _schema(client, personas["no_role"])
    walked = 0
    for path, method, operation in _operations(schema):
        if "{" not in path:
            continue
        url = re.sub(r"\{[^}]+\}", "abc", path)
        int_ids = any(
            p["in"] == "path" and p["schema"].get("type") == "integer"
            for p in operation["parameters"]
        )
        for persona in PERSONAS:
            client.logout()
            if personas[persona] is not None:
                client.force_login(personas[persona])
            if method == "get":
                response = client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
            else:
                response = getattr(client, method)(
                    url, data="{}", content_type="application/json", HTTP_ACCEPT=BROWSER_ACCEPT
                )
            where = f"{method.upper()} {url} as {persona}"
            assert _is_json(response), (where, response.content[:200])
            if int_ids:
                # Not an id at all: there is nothing there, whoever asks.
                assert response.status_code == 404, where
                assert response.json()["detail"]
            else:
                # A UUID route says why (400) to a caller allowed there, 403 to the others.
                assert str(response.status_code) in operation["responses"], where
            walked += 1
    assert walked >= 9 * len(PERSONAS)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/", 404),
        ("get", "/api/v1/", 404),
        ("get", "/api/v1/no-such-thing/", 404),
        ("get", "/api/v1/grids/versions/abc/", 404),
        ("get", "/api/v1/grids/versions/-1/", 404),
        ("get", "/api/v1/grids/versions/99999999/", 404),
        ("get", "/api/v1/surveys/waves/abc/indices/", 404),
        ("post", "/api/v1/grids/versions/abc/", 404),
        ("delete", "/api/v1/grids/versions/", 405),
        ("post", "/api/v1/grids/versions/", 405),
    ],
)
def test_api_errors_are_json_even_for_a_browser(client, director, method, url, status):
    client.force_login(director)
    response = getattr(client, method)(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == status
    assert _is_json(response), response.content[:200]
    assert response.json()["detail"]


def test_a_404_does_not_name_the_model(client, director):
    client.force_login(director)
    url = reverse("api:grid_version_detail", kwargs={"pk": 99999999})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "GridVersion" not in response.json()["detail"]


def test_a_malformed_json_body_is_a_json_400(client, observer):
    client.force_login(observer)
    url = reverse(
        "api:observer_report", kwargs={"report_uuid": "aaaaaaaa-0000-4000-8000-000000000001"}
    )
    response = client.put(url, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert _is_json(response)
    assert response.json()["detail"]


def test_an_address_without_its_slash_still_reaches_its_route(client, director):
    client.force_login(director)
    response = client.get("/api/v1/grids/versions")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/grids/versions/")
