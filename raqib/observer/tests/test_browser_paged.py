"""Must-show (issue 11): at 360 px, an observer fills a visit section by section, leaves,
comes back to the same section, finds the next unanswered required question, reviews and
submits; the server holds the submitted report. The app never scrolls sideways (ar, fr).

The test grid (raqib/grids/tests/factories.py) has two sections: "reception" (Q01–Q03) and
"integrity" (Q04–Q05), every question required.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from raqib.observer.tests.helpers import VIEWPORT, sign_in, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# docs/screenshots/ only when asked (RAQIB_UPDATE_SCREENSHOTS=1), as the other browser tests.
DOC_SHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def shown_section(page) -> str:
    return page.evaluate(
        """() => {
          const open = [...document.querySelectorAll('fieldset.grid-section')]
            .filter((el) => !el.hidden);
          if (!document.getElementById('review').hidden) open.push({dataset: {section: 'review'}});
          return open.map((el) => el.dataset.section).join(',');
        }"""
    )


def focused_section(page) -> str:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el.tagName !== 'H2') return '';
          if (el.id === 'review-heading') return 'review';
          return el.closest('fieldset.grid-section').dataset.section;
        }"""
    )


def progress(page) -> tuple[str | None, str | None, str]:
    bar = page.locator("#progress [role=progressbar]")
    return (
        bar.get_attribute("aria-valuenow"),
        bar.get_attribute("aria-valuemax"),
        page.inner_text("#progress-label"),
    )


def shot(page, name: str) -> None:
    if os.environ.get("RAQIB_UPDATE_SCREENSHOTS") == "1":
        page.screenshot(path=str(DOC_SHOTS / name))


def test_paged_visit_leave_come_back_review_and_submit(browser, live_server, observer):
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="allow")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")

        # One section at a time, with the progress of the required answers.
        assert shown_section(page) == "reception"
        assert progress(page)[:2] == ("0", "5")
        assert page.is_disabled("#pager-prev")
        assert (
            page.locator("fieldset[data-section=reception] .section-step").inner_text()
            == "القسم 1 من 2"
        )
        page.check("#q-Q01 input[value=yes]")
        page.fill("#q-Q02-input", "5")
        page.wait_for_function(
            "() => document.querySelector('#progress [role=progressbar]').ariaValueNow === '2'"
        )
        assert page.evaluate(NO_SIDEWAYS)
        page.evaluate("() => window.scrollTo(0, 0)")
        shot(page, "observer-paged-form-ar.png")

        # Next: the second section, focus on its heading.
        page.click("#pager-next")
        assert shown_section(page) == "integrity"
        assert focused_section(page) == "integrity"
        assert page.get_attribute("#pager-next", "hidden") is None  # "Next: review"
        page.check("#q-Q04 input[value=no]")

        # The index: each section's completion, and a jump back to the first one.
        page.click("#section-index > summary")
        reception = page.locator(".index-link[data-section=reception]")
        assert reception.get_attribute("data-missing") == "1"
        assert "2 من 3" in reception.inner_text()
        assert (
            page.locator(".index-link[data-section=integrity]").get_attribute("aria-current")
            == "step"
        )
        reception.click()
        assert shown_section(page) == "reception"
        assert focused_section(page) == "reception"
        assert not page.locator("#section-index").get_attribute("open")

        # Leave for the mission list and come back: the same section opens.
        page.click("a.back")
        page.wait_for_selector(f"a.mission-card[data-mission='{mission.pk}']")
        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")
        assert shown_section(page) == "reception"
        # Another section, then a reload: still that section.
        page.click("#pager-next")
        assert shown_section(page) == "integrity"
        page.wait_for_timeout(300)  # the page is remembered in IndexedDB
        page.reload()
        page.wait_for_selector("form.report-form")
        assert shown_section(page) == "integrity"

        # "Next unanswered required question": Q05 here, then (wrapping round) Q03.
        page.click("#next-unanswered")
        assert page.evaluate("() => document.activeElement.name") == "q-Q05"
        page.check("#q-Q05 input[value='4']")
        page.click("#next-unanswered")
        assert shown_section(page) == "reception"
        assert page.evaluate("() => document.activeElement.name") == "q-Q03"

        # The review page: per section counts, the missing answer linked to its question.
        page.click("#section-index > summary")
        page.click(".index-link[data-section=review]")
        assert shown_section(page) == "review"
        assert focused_section(page) == "review"
        row = page.locator(".review-section[data-section=reception]")
        assert (row.get_attribute("data-answered"), row.get_attribute("data-total")) == ("2", "3")
        assert row.get_attribute("data-missing") == "1"
        assert (
            page.locator(".review-section[data-section=integrity]").get_attribute("data-missing")
            == "0"
        )
        row.locator("a[data-code=Q03]").click()
        assert shown_section(page) == "reception"
        assert page.evaluate("() => document.activeElement.name") == "q-Q03"
        page.check("#q-Q03 input[value=good]")
        page.wait_for_function(
            "() => document.querySelector('#progress [role=progressbar]').ariaValueNow === '5'"
        )
        page.click("#pager-next")
        page.click("#pager-next")
        assert shown_section(page) == "review"
        assert page.locator(".review-section.incomplete").count() == 0
        assert (
            page.locator(".review-section[data-section=reception]").get_attribute("data-answered")
            == "3"
        )
        page.fill("#report-notes", "زيارة عادية.")
        assert page.evaluate(NO_SIDEWAYS)
        page.evaluate("() => document.getElementById('review').scrollIntoView()")
        shot(page, "observer-review-ar.png")
        page.click("#submit-report")
        page.wait_for_url("**/observer/#/outbox")
        wait_until(page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
        page.wait_for_selector(f".outbox-item[data-mission='{mission.pk}'][data-state=sent]")
        # The outbox after sync: no literal "null" (issue 11).
        assert "null" not in page.inner_text("#main")

        report = Report.objects.get(mission=mission)
        assert report.status == "submitted"
        assert report.answers == {"Q01": "yes", "Q02": 5, "Q03": "good", "Q04": "no", "Q05": 4}
        assert report.notes == "زيارة عادية."
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_paged_form_never_scrolls_sideways(browser, live_server, observer, lang):
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = browser.new_context(viewport=VIEWPORT, locale=f"{lang}-TN")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        page.goto(f"{live_server.url}/{lang}/observer/#/")
        page.wait_for_selector(f"a.mission-card[data-mission='{mission.pk}']")
        assert page.evaluate(NO_SIDEWAYS)
        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")
        # Previous / next arrows follow the reading direction.
        arrows = page.evaluate(
            """() => [
              getComputedStyle(document.getElementById('pager-prev'), '::before').content,
              getComputedStyle(document.getElementById('pager-next'), '::after').content,
            ]"""
        )
        back, forward = ("→", "←") if lang == "ar" else ("←", "→")
        assert back in arrows[0], arrows
        assert forward in arrows[1], arrows
        page.click("#section-index > summary")
        assert page.evaluate(NO_SIDEWAYS)
        page.click(".index-link[data-section=integrity]")
        assert page.evaluate(NO_SIDEWAYS)
        page.click("#pager-next")
        assert shown_section(page) == "review"
        assert page.evaluate(NO_SIDEWAYS)
        page.click("#submit-report")
        page.wait_for_selector(".error-summary:not([hidden])")
        assert page.evaluate(NO_SIDEWAYS)
        page.goto(f"{live_server.url}/{lang}/observer/#/outbox")
        page.wait_for_selector("#outbox-summary")
        assert page.evaluate(NO_SIDEWAYS)
        if lang == "fr":
            page.goto(f"{live_server.url}/fr/observer/#/m/{mission.pk}")
            page.wait_for_selector("#review:not([hidden])")
            page.evaluate("() => document.getElementById('review').scrollIntoView()")
            shot(page, "observer-review-fr.png")
    finally:
        context.close()


def test_a_section_hidden_by_relevance_is_skipped(browser, live_server, observer):
    """A third section asked only when a payment was requested (Q04 = yes): next and previous
    skip it while it is hidden, and the index leaves it out."""
    from raqib.grids import services as grids
    from raqib.grids.tests.factories import make_draft
    from raqib.missions.tests.factories import make_mission

    version = make_draft("PAGED")
    followup = grids.section_create(
        actor=None, version=version, code="followup", label_ar="متابعة", label_fr="Suivi"
    )
    grids.criterion_create(
        actor=None,
        section=followup,
        code="Q06",
        label_ar="كم طُلب؟",
        label_fr="Combien a-t-on demandé ?",
        answer_type="number",
        relevant="${Q04} = 'yes'",
    )
    mission = make_mission(
        observer=observer, grid_version=grids.grid_version_publish(actor=None, version=version)
    )
    context = browser.new_context(viewport=VIEWPORT, locale="fr-TN")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        page.goto(f"{live_server.url}/fr/observer/#/")
        page.click(f"a.mission-card[data-mission='{mission.pk}']")
        page.wait_for_selector("form.report-form")
        assert (
            page.locator("fieldset[data-section=reception] .section-step").inner_text()
            == "Section 1 sur 2"
        )
        page.click("#pager-next")
        assert shown_section(page) == "integrity"
        assert page.inner_text("#pager-next") == "Suivant : relecture"
        assert page.locator("#section-index li:has(.index-link[data-section=followup])").is_hidden()

        page.check("#q-Q04 input[value=yes]")  # the follow-up section appears
        page.wait_for_function(
            "() => document.querySelector('#pager-next').textContent === 'Suivant'"
        )
        assert (
            page.locator("fieldset[data-section=integrity] .section-step").inner_text()
            == "Section 2 sur 3"
        )
        page.click("#pager-next")
        assert shown_section(page) == "followup"
        assert progress(page)[:2] == ("1", "6")

        page.click("#pager-prev")
        page.check("#q-Q04 input[value=no]")  # hidden again: skipped both ways
        page.wait_for_function(
            "() => document.querySelector('#pager-next').textContent !== 'Suivant'"
        )
        page.click("#pager-next")
        assert shown_section(page) == "review"
        assert page.locator(".review-section[data-section=followup]").count() == 0
        page.click("#pager-prev")
        assert shown_section(page) == "integrity"
    finally:
        context.close()
