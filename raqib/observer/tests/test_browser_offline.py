"""Must-show: the observer app works offline, keeps everything, and syncs exactly once.

Headless Chromium (Debian's) against pytest-django's live server, through the real sign-in
page, the real service worker and the real sync API (raqib/missions/API.md). Screenshots at
360×740 in Arabic land in docs/img/observer/ for the observer's guide.
"""

from __future__ import annotations

import pytest

from raqib.observer.tests.helpers import (
    READ_IDB,
    REQUEUE,
    SHOTS,
    VIEWPORT,
    jpeg_bytes,
    sign_in,
    wait_until,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_mission(page, mission_id: int, shots: bool = False) -> None:
    """Fills the test grid section by section; ends on the review page (Submit is there)."""
    page.click(f"a.mission-card[data-mission='{mission_id}']")
    page.wait_for_selector("form.report-form")
    # Q01 "no" makes the grid ask for a photo as evidence.
    page.check("#q-Q01 input[value=no]")
    page.wait_for_selector("#q-Q01 .photo-hint")
    page.fill("#q-Q02-input", "5")
    page.check("#q-Q03 input[value=good]")
    page.set_input_files(
        "#q-Q01-photo",
        files=[{"name": "sign.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}],
    )
    page.wait_for_selector("#q-Q01 .photo-preview img")
    if shots:
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "form-ar.png"))
        page.evaluate("() => document.querySelector('#q-Q01 .photo-field').scrollIntoView()")
        page.screenshot(path=str(SHOTS / "form-photo-ar.png"))
    page.click("#pager-next")
    page.check("#q-Q04 input[value=no]")
    page.check("#q-Q05 input[value='4']")
    page.click("#pager-next")
    page.wait_for_selector("#review:not([hidden])")
    page.fill("#report-notes", "استقبال لائق، لكن لا توجد لافتة.")


def test_offline_fill_submit_reload_sync_and_replay(browser, live_server, observer):
    from raqib.missions.models import Evidence, Report
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="allow")
    page = context.new_page()
    api_calls: list[str] = []
    page.on(
        "request",
        lambda request: (
            api_calls.append(f"{request.method} {request.url}")
            if "/api/v1/observer/reports/" in request.url or "/observer/status/" in request.url
            else None
        ),
    )
    try:
        sign_in(page, live_server.url, observer.username)
        assert page.get_attribute("html", "dir") == "rtl"
        page.wait_for_selector(f"a.mission-card[data-mission='{mission.pk}']")
        # The service worker has stored the shell, JS, CSS and catalogue when it controls us.
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(SHOTS / "missions-ar.png"))

        context.set_offline(True)
        page.wait_for_selector("#connection[data-online=false]")
        fill_mission(page, mission.pk, shots=True)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        page.click("#submit-report")
        page.wait_for_url("**/observer/#/outbox")
        state = wait_until(page, lambda s: s["reports"] and s["reports"][0]["state"] == "queued")
        assert state["outbox"] == 1

        # Reloaded while still offline: the service worker serves the app, the work is there.
        page.reload()
        page.wait_for_selector(f".outbox-item[data-mission='{mission.pk}'][data-state=queued]")
        assert page.get_attribute("#outbox-summary", "data-pending") == "1"
        page.screenshot(path=str(SHOTS / "outbox-waiting-ar.png"))
        state = page.evaluate(READ_IDB)
        assert state["outbox"] == 1
        assert state["reports"][0]["answers"]["Q01"] == "no"
        assert state["reports"][0]["answers"]["Q01__photo"] == state["photos"][0]["uuid"]
        assert 0 < state["photos"][0]["size"] < 200_000
        page.goto(f"{live_server.url}/ar/observer/#/m/{mission.pk}")
        page.wait_for_selector("#q-Q01 .photo-preview img")
        assert page.is_checked("#q-Q03 input[value=good]")
        assert page.input_value("#q-Q02-input") == "5"
        assert page.is_disabled("#q-Q03 input[value=good]")  # queued: read-only
        assert Report.objects.count() == 0

        # Back online: the outbox empties by itself.
        page.goto(f"{live_server.url}/ar/observer/#/outbox")
        page.wait_for_selector(".outbox-item")
        context.set_offline(False)
        state = wait_until(page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
        assert state["photos"][0]["uploaded"] is True
        page.wait_for_selector(f".outbox-item[data-mission='{mission.pk}'][data-state=sent]")
        page.screenshot(path=str(SHOTS / "outbox-sent-ar.png"))

        report = Report.objects.get()
        assert str(report.uuid) == state["reports"][0]["uuid"]
        assert report.status == "submitted"
        assert report.answers["Q01"] == "no"
        assert report.notes == "استقبال لائق، لكن لا توجد لافتة."
        assert Evidence.objects.count() == 1
        evidence = Evidence.objects.get()
        assert str(evidence.uuid) == state["photos"][0]["uuid"]
        assert evidence.criterion == "Q01"

        # A crash between the server's answer and the phone's bookkeeping (report back in
        # the outbox, photo not marked as sent): the phone asks the server for the state of
        # its outbox (issue 19) and, finding its own content submitted there, shows "sent"
        # without sending anything again. The server still holds one report and one photo.
        api_calls.clear()
        page.evaluate(REQUEUE, mission.pk)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        state = wait_until(page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
        assert any("/observer/status/?uuid=" in call for call in api_calls), api_calls
        assert not [c for c in api_calls if "/photos/" in c or c.startswith("PUT")], api_calls
        assert Report.objects.count() == 1
        assert Evidence.objects.count() == 1
        assert Report.objects.get().status == "submitted"

        # Signing out on purpose forgets the stored app (the next person cannot open it).
        page.click("#logout-form button[type=submit]")
        page.wait_for_url("**/accounts/login/**")
        keys = page.evaluate("async () => await caches.keys()")
        assert not [key for key in keys if key.startswith("raqib-observer-")], keys
    finally:
        context.close()
