"""Schemathesis against the API, once per persona, on a short budget.

Each operation of the published schema gets generated requests — valid ones and deliberately
invalid ones — signed in as every persona (and anonymous). None may be a server error, and
every status code answered must be one the schema documents for that operation.
"""

from __future__ import annotations

import contextlib
import json

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from raqib.core.testing import PERSONAS

pytestmark = pytest.mark.django_db

# Examples per operation, per generation mode and per persona: a smoke budget (about a
# thousand requests in all), not a fuzzing campaign.
EXAMPLES = 3
CSRF = "raqibschemathesis0000000000000000"[:32]  # a well-formed token, sent as cookie and header
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@contextlib.contextmanager
def _keeping_the_test_connection():
    """Django's WSGI application is called in-process, inside the test's transaction: as
    Django's test client does, keep the end of a request from closing the connection that
    holds the test's (uncommitted) data. (The test client reconnects the handler after each of
    its own requests, so this wraps only schemathesis's calls.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _published_schema(user) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _session_cookie(user) -> dict[str, str]:
    if user is None:
        return {}
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def _exercise(operation, mode, cookies: dict[str, str]) -> int:
    calls = 0

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        nonlocal calls
        calls += 1
        case.call_and_validate(
            headers={"X-CSRFToken": CSRF},
            cookies={**cookies, settings.CSRF_COOKIE_NAME: CSRF},
            checks=CHECKS,
        )

    run()
    return calls


@pytest.mark.parametrize("persona", PERSONAS)
def test_schemathesis_per_persona(personas, persona):
    schema = schemathesis.openapi.from_dict(_published_schema(personas["no_role"]))
    schema.app = WSGIHandler()
    cookies = _session_cookie(personas[persona])
    calls = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    with _keeping_the_test_connection():
        for operation in operations:
            for mode in schemathesis.GenerationMode:
                calls += _exercise(operation, mode, cookies)
    assert calls >= len(operations)
