"""The inbox on a 360 px phone, in Arabic and French: no sideways scroll, axe-clean, and
marking a notification read lowers the header badge."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from raqib.core.tests.browser import axe_serious, ensure_territory, session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(tempfile.gettempdir()) / "raqib-shots"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_inbox_on_a_phone(browser, live_server, observer, coordinator, lang):
    ensure_territory()
    from raqib.missions import services
    from raqib.missions.tests.factories import make_mission

    first = make_mission(actor=coordinator, observer=observer)
    second = make_mission(actor=coordinator, observer=observer)
    services.mission_cancel(actor=coordinator, mission=second)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, bypass_csp=True, locale=f"{lang}-TN"
    )
    context.add_cookies([session_cookie(observer, live_server.url)])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{lang}/notifications/")
        assert page.locator(".inbox-badge").inner_text() == "3"
        assert page.locator(".inbox-item.unread").count() == 3
        assert first.code in page.locator(".inbox").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_serious(page) == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"notifications-inbox-{lang}.png"), full_page=True)
        page.locator(".inbox-read button").first.click()
        page.wait_for_load_state()
        assert page.locator(".inbox-badge").inner_text() == "2"
        page.goto(f"{live_server.url}/{lang}/notifications/preferences/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_serious(page) == []
        page.screenshot(path=str(SHOTS / f"notifications-preferences-{lang}.png"), full_page=True)
    finally:
        context.close()
