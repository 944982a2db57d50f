"""Must-show checks in a real browser: every demo account signs in and sees its own shell.

Chromium runs against pytest-django's live server. The demo dataset is seeded through its
function (the same code `manage.py seed_demo` runs); `serialized_rollback` keeps the
territorial data the migrations load, which a transactional test would otherwise flush.
Screenshots land in /tmp/raqib-shots for a human to look at.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from raqib.accounts.models import User
from raqib.core import navigation
from raqib.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, MFA_ROLES, seed_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(tempfile.gettempdir()) / "raqib-shots"


def current_totp(secret: str) -> str:
    # A code read in the last seconds of its 30-second step may reach the server in the next
    # one: wait for a fresh step instead of failing at the boundary.
    into_step = time.time() % 30
    if into_step > 24:
        time.sleep(30.5 - into_step)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def expected_menu(username: str) -> set[str]:
    user = User.objects.get(username=username)
    return {"core:home"} | {item["url_name"] for item in navigation.items_for(user)}


def sign_in(page, base_url: str, username: str, role: str) -> None:
    page.goto(f"{base_url}/ar/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").first.click()
    page.wait_for_load_state()
    if role in MFA_ROLES:
        page.wait_for_selector("input[name=code]")
        page.fill("input[name=code]", current_totp(DEMO_TOTP_SECRET))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
        page.wait_for_load_state()


def menu_entries(page) -> set[str]:
    return set(page.eval_on_selector_all("nav [data-nav]", "els => els.map(e => e.dataset.nav)"))


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_demo_role_signs_in_and_sees_its_menu(browser, live_server):
    seed_demo()
    SHOTS.mkdir(exist_ok=True)
    for username, role in DEMO_USERS:
        expected = expected_menu(username)
        context = browser.new_context(locale="ar-TN", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            sign_in(page, live_server.url, username, role)
            assert page.url == f"{live_server.url}/ar/", (username, page.url)
            assert page.get_attribute("html", "dir") == "rtl"
            assert page.get_attribute("html", "lang") == "ar"
            assert menu_entries(page) == expected, username
            assert page.inner_text("[data-nav='core:home']") == "الرئيسية"
            page.screenshot(path=str(SHOTS / f"home-{username}-ar.png"), full_page=True)

            page.click("button[data-lang=fr]")
            page.wait_for_url(f"{live_server.url}/fr/")
            assert page.get_attribute("html", "dir") == "ltr"
            assert page.get_attribute("html", "lang") == "fr"
            assert page.inner_text("[data-nav='core:home']") == "Accueil"
            assert menu_entries(page) == expected, username
            # The choice is remembered: the bare address now opens the French pages.
            page.goto(f"{live_server.url}/")
            assert page.url == f"{live_server.url}/fr/"
            page.screenshot(path=str(SHOTS / f"home-{username}-fr.png"), full_page=True)
        finally:
            context.close()


def test_shell_fits_a_360px_screen(browser, live_server):
    seed_demo()
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar-TN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ar/")
        assert page.get_attribute("html", "dir") == "rtl"
        assert no_horizontal_scroll(page)
        page.screenshot(path=str(SHOTS / "landing-360-ar.png"), full_page=True)

        sign_in(page, live_server.url, "admin", "administrator")
        assert page.url == f"{live_server.url}/ar/"
        assert no_horizontal_scroll(page)
        # The menu folds behind a labelled button, and unfolds without overflowing.
        toggle = page.locator(".nav-toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator("#main-menu").is_visible()
        toggle.click()
        page.locator("[data-nav='accounts:user_list']").wait_for(state="visible", timeout=5_000)
        assert toggle.get_attribute("aria-expanded") == "true"
        assert no_horizontal_scroll(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(SHOTS / "home-admin-360-ar.png"), full_page=True)

        page.click("button[data-lang=fr]")
        page.wait_for_url(f"{live_server.url}/fr/")
        assert no_horizontal_scroll(page)
        page.screenshot(path=str(SHOTS / "home-admin-360-fr.png"), full_page=True)
    finally:
        context.close()


def test_skip_link_is_first_and_focus_is_visible(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ar/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#main"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        box = page.locator(".skip-link").bounding_box()
        assert box is not None
        assert box["y"] >= 0  # it comes on screen when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        context.close()
