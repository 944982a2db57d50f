"""Sign-in throttling counts per client behind our reverse proxy, and never believes a client's
own X-Forwarded-For.

Behind nginx every request reaches gunicorn from 127.0.0.1: keyed on that address, five wrong
passwords from one person would lock every user out for five minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD
from raqib.accounts.adapter import AccountAdapter
from raqib.core.client import client_ip

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
CLIENT_A = "197.14.2.10"
CLIENT_B = "41.226.7.33"
ROOT = Path(__file__).resolve().parents[3]


def _login(client, username: str, password: str, **headers: str):
    with translation.override("fr"):
        url = reverse("account_login")
    return client.post(url, {"login": username, "password": password}, REMOTE_ADDR=PROXY, **headers)


def _throttled_text() -> str:
    with translation.override("fr"):
        return gettext("Too many failed login attempts. Try again later.")


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def behind_nginx(settings):
    # nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def test_one_clients_failures_do_not_lock_out_another_behind_the_proxy(
    client, behind_nginx, observer, focal_point
):
    for _attempt in range(6):
        response = _login(
            client, "observer", "not the right password", HTTP_X_FORWARDED_FOR=CLIENT_A
        )
    assert _throttled_text() in response.content.decode()
    # Client A stays blocked, even for another account...
    response = _login(client, "focal", PASSWORD, HTTP_X_FORWARDED_FOR=CLIENT_A)
    assert _throttled_text() in response.content.decode()
    assert not _signed_in(client)
    # ...while client B, through the same proxy, signs in at once.
    response = _login(client, "focal", PASSWORD, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert response.status_code == 302, response.content
    assert _signed_in(client)


def test_a_spoofed_left_part_of_x_forwarded_for_is_ignored_behind_the_proxy(
    client, behind_nginx, observer, focal_point
):
    # The client writes its own X-Forwarded-For; nginx appends the address it really saw.
    for n in range(6):
        _login(
            client,
            "observer",
            "not the right password",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {CLIENT_A}",
        )
    response = _login(client, "focal", PASSWORD, HTTP_X_FORWARDED_FOR=f"10.1.1.1, {CLIENT_A}")
    assert _throttled_text() in response.content.decode()
    assert not _signed_in(client)


def test_without_a_trusted_proxy_the_header_is_ignored(client, observer, focal_point, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the default: nothing believed
    for n in range(6):
        _login(client, "observer", "not the right password", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    # A fresh forged address does not buy a fresh counter: the peer address is what counts.
    response = _login(client, "focal", PASSWORD, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert _throttled_text() in response.content.decode()
    assert not _signed_in(client)


def test_a_trusted_client_ip_header_is_used_when_configured(
    client, observer, focal_point, settings
):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for _attempt in range(6):
        _login(client, "observer", "not the right password", HTTP_X_REAL_IP=CLIENT_A)
    response = _login(client, "focal", PASSWORD, HTTP_X_REAL_IP=CLIENT_B)
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.parametrize(
    ("count", "header", "meta", "expected"),
    [
        (0, None, {"HTTP_X_FORWARDED_FOR": CLIENT_A}, PROXY),
        (1, None, {"HTTP_X_FORWARDED_FOR": CLIENT_A}, CLIENT_A),
        (1, None, {"HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT_A}"}, CLIENT_A),
        (2, None, {"HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT_A}, 10.0.0.2"}, CLIENT_A),
        # Fewer entries than proxies: no server error, the first hop written by one of ours.
        (2, None, {"HTTP_X_FORWARDED_FOR": CLIENT_A}, CLIENT_A),
        (1, None, {}, PROXY),
        (1, None, {"HTTP_X_FORWARDED_FOR": "not an address"}, PROXY),
        (0, "X-Real-IP", {"HTTP_X_REAL_IP": CLIENT_B}, CLIENT_B),
        (0, "X-Real-IP", {}, PROXY),
        (1, None, {"HTTP_X_FORWARDED_FOR": "[2001:db8::1]:4711"}, "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, header, meta, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = header
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **meta)
    assert client_ip(request) == expected
    assert AccountAdapter(request).get_client_ip(request) == expected


def _production_settings(**env: str) -> str:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTED_")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "raqib.settings.production",
            "SECRET_KEY": "k" * 20 + "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e",
            "ALLOWED_HOSTS": "raqib.example.tn",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout.strip() or done.stderr


def test_production_reads_the_trusted_proxy_from_the_environment():
    assert _production_settings() == "0 None"  # not trusted unless said so
    assert _production_settings(TRUSTED_PROXY_COUNT="1") == "1 None"
    assert _production_settings(TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == "0 X-Real-IP"
    assert "TRUSTED_PROXY_COUNT" in _production_settings(TRUSTED_PROXY_COUNT="one")
    assert "TRUSTED_PROXY_COUNT" in _production_settings(TRUSTED_PROXY_COUNT="-1")
