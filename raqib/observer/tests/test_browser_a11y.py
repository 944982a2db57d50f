"""axe-core (WCAG 2.1 A/AA) on the observer app's screens, in Arabic and French, at 360 px."""

from __future__ import annotations

import pytest

from raqib.core.tests.browser import axe_serious
from raqib.observer.tests.helpers import PASSWORD, VIEWPORT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_observer_screens_pass_axe(browser, live_server, observer, lang):
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    # bypass_csp: only so that axe-core can be injected into the page.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True, locale=f"{lang}-TN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{lang}/accounts/login/?next=/{lang}/observer/")
        page.fill("input[name=login]", observer.username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("form:has(input[name=login]) button[type=submit]").first.click()
        page.wait_for_url(f"{live_server.url}/{lang}/observer/")
        page.wait_for_selector(f"a.mission-card[data-mission='{mission.pk}']")
        assert axe_serious(page) == []

        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")
        # The paged form: progress bar, section index (opened) and previous / next.
        page.click("#section-index > summary")
        page.wait_for_selector("#section-index[open]")
        assert axe_serious(page) == []
        page.click("#section-index .index-link[data-section=review]")
        page.wait_for_selector("#review:not([hidden])")
        assert axe_serious(page) == []
        page.click("#submit-report")  # nothing answered: the error summary shows
        page.wait_for_selector(".error-summary:not([hidden])")
        assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
        assert axe_serious(page) == []
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

        page.goto(f"{live_server.url}/{lang}/observer/#/outbox")
        page.wait_for_selector("#outbox-summary")
        assert axe_serious(page) == []
    finally:
        context.close()
