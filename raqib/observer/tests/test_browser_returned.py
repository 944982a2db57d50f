"""A report returned by the coordinator comes back to the phone, is corrected and resent.

Also: a mission withdrawn from the observer keeps the local work and says why.
"""

from __future__ import annotations

import uuid

import pytest

from raqib.observer.tests.helpers import (
    PASSWORD,
    READ_IDB,
    SHOTS,
    VIEWPORT,
    open_page,
    sign_in,
    wait_until,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_returned_report_is_corrected_and_resubmitted(
    browser,
    live_server,
    observer,
    coordinator,
):
    from raqib.missions import services
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import VALID_ANSWERS, make_mission

    mission = make_mission(observer=observer)
    report_uuid = uuid.uuid4()
    services.report_upsert(
        actor=observer, report_uuid=report_uuid, mission_id=mission.pk, answers=VALID_ANSWERS
    )
    report = services.report_submit(actor=observer, report_uuid=report_uuid)
    services.report_return(
        actor=coordinator, report=report, comment="Q03 : الاستقبال كان مقبولًا فقط، يُرجى التصحيح."
    )

    context = browser.new_context(
        viewport=VIEWPORT,
        locale="ar-TN",
        geolocation={"latitude": 36.8065, "longitude": 10.1815, "accuracy": 20},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        card = f"a.mission-card[data-mission='{mission.pk}']"
        page.wait_for_selector(f"{card} [data-state=returned]")
        page.click(card)
        page.wait_for_selector(".notice.comment")
        assert "مقبولًا" in page.inner_text(".notice.comment")
        assert page.is_checked("#q-Q03 input[value=good]")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "returned-ar.png"))

        page.check("#q-Q03 input[value=fair]")
        open_page(page, "review")  # notes, location and Submit are on the review page
        # Location only with explicit consent: the button is off until the box is ticked.
        assert page.is_disabled("#locate")
        page.check("#location-consent")
        page.click("#locate")
        page.wait_for_selector(".location-status:has-text('20')")
        page.click("#submit-report")
        state = wait_until(page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
        assert state["reports"][0]["uuid"] == str(report_uuid)

        # The coordinator validates: after an update the phone shows it, read-only.
        services.report_validate(actor=coordinator, report=Report.objects.get())
        page.goto(f"{live_server.url}/ar/observer/#/")
        page.click("#refresh")
        page.wait_for_selector(f"{card} [data-state=validated]")
        page.click(card)
        page.wait_for_selector("form.report-form")
        assert page.is_disabled("#q-Q03 input[value=fair]")
        assert page.locator("#submit-report").count() == 0
    finally:
        context.close()

    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert report.status == "validated"
    assert report.answers["Q03"] == "fair"
    assert report.location_consent is True
    assert float(report.latitude) == pytest.approx(36.8065)
    assert report.location_accuracy == pytest.approx(20)


def test_a_cancelled_mission_keeps_the_local_work_and_says_why(
    browser,
    live_server,
    observer,
    coordinator,
):
    from raqib.missions import services
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = browser.new_context(viewport=VIEWPORT, locale="fr-TN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/fr/accounts/login/?next=/fr/observer/")
        page.fill("input[name=login]", observer.username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("form:has(input[name=login]) button[type=submit]").first.click()
        page.wait_for_url(f"{live_server.url}/fr/observer/")
        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")
        page.check("#q-Q01 input[value=yes]")
        # The waiting-time timer keeps running through a reload (its start is stored).
        page.click("#q-Q02 .timer-button")
        page.wait_for_selector("#q-Q02 .timer-button[aria-pressed=true]")
        page.reload()
        page.wait_for_selector("#q-Q02 .timer-button[aria-pressed=true]")
        assert page.is_checked("#q-Q01 input[value=yes]")
        page.click("#q-Q02 .timer-button")
        page.wait_for_selector("#q-Q02 .timer-button[aria-pressed=false]")
        assert page.input_value("#q-Q02-input") == "0"
        page.fill("#q-Q02-input", "5")
        page.check("#q-Q03 input[value=good]")
        page.click("#pager-next")
        page.check("#q-Q04 input[value=no]")
        page.check("#q-Q05 input[value='4']")
        # Required checks on the phone: nothing is queued while an answer is missing.
        open_page(page, "reception")
        page.fill("#q-Q02-input", "")
        open_page(page, "review")
        page.click("#submit-report")
        page.wait_for_selector(".error-summary:not([hidden])")
        assert page.get_attribute("#q-Q02-input", "aria-invalid") == "true"
        page.screenshot(path=str(SHOTS / "errors-fr.png"))
        assert page.evaluate(READ_IDB)["outbox"] == 0
        page.click(".error-summary a[href='#q-Q02']")  # back to the question's section
        page.fill("#q-Q02-input", "٥")  # an Arabic keyboard's digit five
        open_page(page, "review")

        # The coordinator cancels the mission meanwhile.
        services.mission_cancel(actor=coordinator, mission=mission)
        page.click("#submit-report")
        state = wait_until(
            page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "refused"
        )
        assert state["reports"][0]["answers"]["Q03"] == "good"  # the local copy stays
        assert state["reports"][0]["answers"]["Q02"] == 5
        page.goto(f"{live_server.url}/fr/observer/#/m/{mission.pk}")
        page.wait_for_selector(".notice.error")
        # The server's reason, in the app's language.
        assert "annulée" in page.inner_text(".notice.error")
        page.wait_for_selector("[data-state=refused]")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / "refused-fr.png"))
    finally:
        context.close()
    assert Report.objects.count() == 0
