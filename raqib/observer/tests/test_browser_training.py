"""Issue 16's must-show: an observer reads a course and takes its quiz with no network, comes
back online, and the certification appears in the app."""

from __future__ import annotations

import pytest

from raqib.observer.tests.helpers import VIEWPORT, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_course_and_quiz_taken_offline_certify_once_back_online(
    browser, live_server, observer, coordinator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from raqib.training.media import lesson_media_upload
    from raqib.training.models import Certification, CourseVersion, QuizAttempt
    from raqib.training.services import pledge_sign
    from raqib.training.tests.factories import png_bytes, requirement

    required = requirement(practice=False, draw=2)
    # The lesson shows an uploaded image: kept on the phone, shown offline.
    image = lesson_media_upload(
        actor=coordinator, upload=SimpleUploadedFile("desk.png", png_bytes(64, 48), "image/png")
    )
    content = required.course_version.content
    content["lessons"][0]["images"] = [{"src": image.url, "alt": {"ar": "شباك", "fr": "Guichet"}}]
    CourseVersion.objects.filter(pk=required.course_version.pk).update(content=content)
    pledge_sign(actor=observer)
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="block")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        page.click("#training-link")
        page.wait_for_selector("#no-certification")
        page.wait_for_selector(".course-link")  # the bundle is on the phone

        context.set_offline(True)
        page.click(".course-link")
        page.wait_for_selector(".lesson")
        assert "حسن الاستقبال" in page.inner_text(".lesson")
        picture = page.locator(".lesson-image img")
        picture.wait_for()
        assert picture.get_attribute("alt") == "شباك"
        assert picture.get_attribute("src").startswith("blob:")  # the phone's copy
        page.wait_for_function("document.querySelector('.lesson-image img').naturalWidth === 64")
        page.click("#take-quiz")
        page.wait_for_selector("#quiz-form")
        questions = page.locator("fieldset.question")
        assert questions.count() == 2  # the ticket's draw
        for radio in page.locator("input[type=radio][value=a]").all():
            radio.check()
        page.click("#send-quiz")
        page.wait_for_selector("#quiz-waiting")
        assert QuizAttempt.objects.count() == 0  # nothing reached the server yet

        context.set_offline(False)  # the app's "online" handler sends the answers
        page.evaluate("location.hash = '#/training'")
        page.wait_for_selector("#certifications .certification", timeout=20_000)
        assert "MISSIONTEST v1" in page.inner_text("#certifications")
    finally:
        context.close()
    attempt = QuizAttempt.objects.get()
    assert attempt.passed
    assert attempt.score == 100
    assert len(attempt.drawn) == 2
    assert Certification.objects.filter(
        observer=observer, grid_version=required.grid_version, revoked_at__isnull=True
    ).exists()


def test_remote_missions_are_flagged_in_the_mission_list(browser, live_server, observer):
    from raqib.missions.tests.factories import make_mission

    on_site = make_mission(observer=observer)
    by_phone = make_mission(observer=observer, channel="phone")
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="block")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, observer.username)
        page.wait_for_selector(f"[data-mission='{by_phone.pk}']")
        remote = page.locator(f"[data-mission='{by_phone.pk}'] .badge.remote")
        assert remote.inner_text() == "عن بُعد — من المنزل"
        assert page.locator(f"[data-mission='{on_site.pk}'] .badge.remote").count() == 0
    finally:
        context.close()
