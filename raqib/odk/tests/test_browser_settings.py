"""An observer makes an ODK Collect key on their page, reads its QR code and server address,
and revokes it; the address works for Collect's form list in between. Screenshots for
docs/odk-collect.md are written when RAQIB_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from raqib.observer.tests.helpers import VIEWPORT, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOC_SHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def test_observer_makes_reads_and_revokes_a_collect_key(browser, live_server, odk_mission):
    observer = odk_mission.observer
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="block")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        for lang in ("ar", "fr"):
            page.goto(f"{live_server.url}/{lang}/odk/")
            page.click("#make-key")
            page.wait_for_selector("#collect-qr svg")
            assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            if os.environ.get("RAQIB_UPDATE_SCREENSHOTS") == "1":
                page.screenshot(path=str(DOC_SHOTS / f"odk-collect-{lang}.png"), full_page=True)
        server_url = page.inner_text("#collect-url").strip()
        assert server_url.startswith(f"{live_server.url}/odk/")
        listing = page.request.get(f"{server_url}/formList")
        assert listing.status == 200
        assert odk_mission.code in listing.text()
        page.click("#revoke-key")
        page.wait_for_selector("#key-status")
        assert page.request.get(f"{server_url}/formList").status == 404
    finally:
        context.close()
