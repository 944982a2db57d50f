"""Security headers on every response, HttpOnly session cookie, CSRF on every form."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Sign-in throttling counts in the cache; other tests on this worker may have signed in.
    cache.clear()
    yield
    cache.clear()


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def signed_in(client, observer):
    client.force_login(observer)
    return client


def test_content_security_policy_is_strict(signed_in):
    response = signed_in.get(reverse("core:home"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    directives = _directives(policy)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_sign_in_page_carries_the_same_headers(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_framing_and_sniffing_are_refused(signed_in):
    response = signed_in.get(reverse("core:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_http_only(client, observer):
    response = client.post(reverse("account_login"), {"login": "observer", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_pages_contain_no_inline_script_or_style(signed_in):
    html = signed_in.get(reverse("core:home")).content.decode()
    assert "style=" not in html
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag, f"inline <script{tag}>"


def test_csrf_is_enforced_on_the_sign_in_form(observer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "observer", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced_on_a_signed_in_form(admin_user, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = reverse("accounts:user_deactivate", kwargs={"pk": coordinator.pk})
    response = client.post(url, {"reason": "Left the department"})
    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_csrf_token_from_the_form_is_accepted(admin_user, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = reverse("accounts:user_deactivate", kwargs={"pk": coordinator.pk})
    page = client.get(url)
    token = page.context["csrf_token"]
    response = client.post(url, {"reason": "Left the department", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.is_active
