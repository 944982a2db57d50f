"""The dashboard in a real browser: Arabic and French, phone and desktop, axe-core clean.

Screenshots for docs/dashboard.md land in docs/screenshots/ only with
RAQIB_UPDATE_SCREENSHOTS=1 (an ordinary run keeps them in a temporary folder), but every run
asserts that the page renders, the map has its 24 tiles and the direction is right.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from raqib.core.tests.browser import axe_serious, ensure_territory, session_cookie
from raqib.reports.tests.test_dashboard import YEAR, realistic_data

UPDATE = os.environ.get("RAQIB_UPDATE_SCREENSHOTS") == "1"
SHOTS = (
    Path(settings.BASE_DIR) / "docs" / "screenshots"
    if UPDATE
    else Path(tempfile.gettempdir()) / "raqib-screenshots" / "dashboard"
)
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1366, "height": 900}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shoot(page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True)
    if UPDATE:
        # Tracked files: a 256-colour palette keeps them a few hundred kB smaller.
        from PIL import Image

        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256).save(path, optimize=True)


def test_dashboard_screenshots_in_arabic_and_french_on_phone_and_desktop(
    browser, live_server, director
):
    data = realistic_data()
    SHOTS.mkdir(parents=True, exist_ok=True)
    cookie = session_cookie(director, live_server.url)
    for lang, direction in (("ar", "rtl"), ("fr", "ltr")):
        for size, viewport in VIEWPORTS.items():
            # bypass_csp: only so that axe-core can be injected; the page runs no inline code.
            context = browser.new_context(viewport=viewport, bypass_csp=True, locale=f"{lang}-TN")
            context.add_cookies([cookie])
            page = context.new_page()
            try:
                page.goto(f"{live_server.url}/{lang}/reports/?period={YEAR}")
                page.locator("#map .tilemap").wait_for()
                assert page.get_attribute("html", "dir") == direction
                assert page.get_attribute("html", "lang") == lang
                assert page.locator("#map .tile").count() == 24
                assert page.locator(".kpi").count() == 6
                # Bizerte's tile is above Tataouine's, and the map is not mirrored in Arabic:
                # Nabeul (coast) is right of Jendouba (west) in both languages.
                box = {
                    iso: page.locator(f".tile-{iso}").bounding_box()
                    for iso in ("TN-23", "TN-83", "TN-21", "TN-32")
                }
                assert box["TN-23"]["y"] < box["TN-83"]["y"]
                assert box["TN-21"]["x"] > box["TN-32"]["x"]
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                # The table alternative appears on request.
                # The table alternative is there for screen readers (clipped to one pixel)
                # and shown on request.
                assert page.locator(".map-table").bounding_box()["width"] <= 1
                assert page.locator(".map-table tbody tr").count() == 24
                page.locator("#map-table-toggle").check()
                assert page.locator(".map-table").bounding_box()["width"] > 200
                page.locator("#map-table-toggle").uncheck()
                _shoot(page, SHOTS / f"dashboard-{lang}-{size}.png")
                if size == "desktop":
                    assert axe_serious(page) == [], lang
            finally:
                context.close()

    # The printable scorecard of one body (kept out of docs/).
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ar-TN")
    context.add_cookies([cookie])
    page = context.new_page()
    try:
        body = data.bodies["health"]
        page.goto(f"{live_server.url}/ar/reports/bodies/{body.pk}/?period={YEAR}")
        page.locator("#map .tilemap").wait_for()
        assert "وزارة الصحة" in page.locator("h1").inner_text()
        page.emulate_media(media="print")
        assert not page.locator(".dash-filters").is_visible()
        scratch = Path(tempfile.gettempdir()) / "raqib-screenshots" / "dashboard"
        scratch.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(scratch / "scorecard-ar-print.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture(autouse=True)
def territory():
    ensure_territory()
