"""Must-show: a phone answers through a poster's link in Arabic and the answer counts; axe-core
finds no serious or critical violation on the answering page in Arabic and in French."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.core.tests.browser import axe_serious, ensure_territory
from raqib.surveys import posters
from raqib.surveys.models import SurveyResponse
from raqib.surveys.selectors import wave_indices
from raqib.surveys.tests.factories import make_wave

PHONE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone(browser):
    # bypass_csp: only so that axe-core can be injected; the page itself runs no script.
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="ar-TN")
    page = context.new_page()
    yield page
    context.close()


def test_phone_answers_in_arabic_through_the_poster_link_and_it_counts(
    live_server, phone, settings
):
    settings.RAQIB_SURVEY_MIN_SECONDS = 0  # a robot-fast test must not trip the rule
    settings.RAQIB_PUBLIC_BASE_URL = live_server.url
    wave = make_wave(min_sample=2)
    wave_point = wave.points.get()
    link = posters.public_url(wave_point, "ar")  # the very link printed on the poster
    assert link.startswith(live_server.url)
    assert "/ar/s/" in link

    phone.goto(link)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Keyboard and labels: pick answers by their visible Arabic labels.
    phone.get_by_role("radio", name="4 — راضٍ", exact=True).first.check()
    phone.get_by_role("group", name="حسن الاستقبال ولباقة الأعوان").get_by_role(
        "radio", name="5 — راضٍ جدًّا"
    ).check()
    phone.get_by_role("radio", name="نعم").check()
    phone.get_by_label("هل لديك ملاحظة أو اقتراح لتحسين الخدمة؟").fill("استقبال جيّد")
    phone.get_by_role("button", name="إرسال إجاباتي").click()
    phone.wait_for_url("**/thanks/")
    assert "شكرًا" in phone.locator("h1").inner_text()

    stored = SurveyResponse.objects.get(wave=wave)
    assert stored.answers["SAT_OVERALL"] == 4
    assert stored.answers["DRV_COURTESY"] == 5
    assert not stored.quarantined
    assert stored.language == "ar"
    # A second citizen (another phone) so that the minimum sample of 2 is reached.
    other = phone.context.browser.new_context(viewport=PHONE)
    page2 = other.new_page()
    page2.goto(link)
    page2.get_by_role("radio", name="2 — غير راضٍ", exact=True).first.check()
    page2.get_by_role("button", name="إرسال إجاباتي").click()
    page2.wait_for_url("**/thanks/")
    other.close()

    result = wave_indices(wave=wave, kinds=["point"])["wave"].result
    assert result.responses == 2
    assert result.index.value == pytest.approx(50.0)  # (75 + 25) / 2


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_answering_page_has_no_serious_accessibility_violation(live_server, phone, lang):
    wave_point = make_wave().points.get()
    with translation.override(lang):
        path = reverse("surveys_public:answer", kwargs={"token": wave_point.token})
    phone.goto(live_server.url + path)
    assert phone.locator("html").get_attribute("lang") == lang
    assert axe_serious(phone) == []
    # The error state too: the summary is announced and links to the fields.
    phone.get_by_role("button").last.click()
    alert = phone.get_by_role("alert")
    # The summary arrives with the server's answer to the submission: wait for it.
    alert.wait_for(state="visible", timeout=15_000)
    alert.get_by_role("link").first.click()
    assert phone.evaluate("document.activeElement.id") == "q_SAT_OVERALL-1"
    assert axe_serious(phone) == []


@pytest.fixture(autouse=True)
def territory():
    ensure_territory()
