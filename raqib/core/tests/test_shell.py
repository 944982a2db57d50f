"""The shell every page shares: language, direction, landmarks, menu per role, dates."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from raqib.core import navigation
from raqib.core.roles import Role

pytestmark = pytest.mark.django_db

NAV = re.compile(r'data-nav="([^"]+)"')
EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
# The menu entries known today, and who must see them. Entries registered later by other apps
# are covered by test_menu_matches_the_registry.
KNOWN_ENTRIES = {
    "registry:service_point_list": {
        Role.ADMINISTRATOR,
        Role.DIRECTOR,
        Role.COORDINATOR,
        Role.INTEGRITY_OFFICER,
        Role.FOCAL_POINT,
    },
    "accounts:user_list": {Role.ADMINISTRATOR},
    "audit:event_list": {Role.ADMINISTRATOR, Role.DIRECTOR},
}


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_arabic_is_right_to_left(client):
    html = _html(client.get("/ar/"))
    assert '<html lang="ar" dir="rtl">' in html


def test_french_is_left_to_right(client):
    html = _html(client.get("/fr/"))
    assert '<html lang="fr" dir="ltr">' in html


def test_root_goes_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_language_switch_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/ar/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert settings.LANGUAGE_COOKIE_NAME == "raqib_language"
    assert cookie.value == "fr"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    # The next visit to the bare address follows the remembered choice.
    assert client.get("/")["Location"] == "/fr/"
    assert "Se connecter" in _html(client.get("/fr/"))


def test_language_switch_offers_the_other_language(client):
    html = _html(client.get("/ar/"))
    assert 'name="language" value="fr" lang="fr"' in html
    assert 'value="ar"' not in html
    assert 'name="next" type="hidden" value="/ar/"' in html


def test_anonymous_visitor_gets_the_public_landing_page(client):
    html = _html(client.get("/fr/"))
    assert 'href="/fr/accounts/login/"' in html
    assert "<nav" not in html  # no menu before sign-in
    assert 'id="landing-title"' in html
    assert "Se connecter" in html


def test_landmarks_and_skip_link(client, coordinator):
    client.force_login(coordinator)
    html = _html(client.get("/ar/"))
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert re.search(r'<nav [^>]*aria-label="[^"]+"', html)
    assert 'aria-controls="main-menu"' in html
    assert 'aria-current="page"' in html


def test_each_persona_sees_exactly_its_menu(client, personas):
    for persona, user in personas.items():
        if user is None:
            continue
        client.force_login(user)
        shown = set(NAV.findall(_html(client.get("/ar/"))))
        expected = {"core:home"} | {
            name for name, roles in KNOWN_ENTRIES.items() if user.role_codes & roles
        }
        known = set(KNOWN_ENTRIES) | {"core:home"}
        assert shown & known == expected, persona
        client.logout()


def test_menu_matches_the_registry(client, personas):
    """Whatever other apps register, a user sees the entries their roles allow, and no more."""
    for user in personas.values():
        if user is None:
            continue
        client.force_login(user)
        shown = set(NAV.findall(_html(client.get("/fr/"))))
        expected = {item["url_name"] for item in navigation.items_for(user)} | {"core:home"}
        assert shown == expected, user.username
        client.logout()


def test_dates_are_day_first_with_western_digits(client, director):
    director.date_joined = dt.datetime(2026, 3, 5, 9, 30, tzinfo=ZoneInfo("Africa/Tunis"))
    director.save(update_fields=["date_joined"])
    client.force_login(director)
    for lang in ("ar", "fr"):
        html = _html(client.get(f"/{lang}/"))
        assert '<dd data-date="joined">05/03/2026</dd>' in html
        assert re.search(r'data-date="last-login">\d\d/\d\d/\d{4} \d\d:\d\d<', html)
        assert not EASTERN_DIGITS.search(html)


def test_demo_banner_and_badge(client, settings, coordinator):
    from django.template.loader import render_to_string

    settings.RAQIB_DEMO = True
    client.force_login(coordinator)
    assert 'class="demo-banner"' in _html(client.get("/ar/"))

    class Record:
        is_demo = True

    badge = render_to_string("core/_demo_badge.html", {"object": Record()})
    assert 'class="badge demo"' in badge
    Record.is_demo = False
    assert render_to_string("core/_demo_badge.html", {"object": Record()}).strip() == ""


def test_no_demo_banner_on_a_real_instance(client, settings):
    settings.RAQIB_DEMO = False
    assert 'class="demo-banner"' not in _html(client.get("/ar/"))


def test_a_menu_entry_without_url_does_not_break_pages(client, coordinator, monkeypatch):
    broken = navigation.NavItem("nowhere:page", "Nowhere", frozenset({Role.COORDINATOR}))
    monkeypatch.setattr(navigation, "_ITEMS", [*navigation._ITEMS, broken])
    client.force_login(coordinator)
    html = _html(client.get("/ar/"))
    assert 'data-nav="nowhere:page"' not in html


def test_a_french_browser_still_lands_in_arabic_until_the_user_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    client.cookies["raqib_language"] = "fr"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/fr/"


def test_health_says_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import DatabaseError, connection

    assert client.get("/healthz").json() == {"status": "ok"}

    def broken():
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
