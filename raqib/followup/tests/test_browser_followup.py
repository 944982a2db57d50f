"""Must-show (issue 12): from a critical finding to "you said, we did", in the browser.

A coordinator turns a critical finding into a recommendation and sends it; the body's focal
point (in Arabic, on a phone) acknowledges and proposes a plan; the coordinator accepts it;
the focal point claims implementation with a file; the coordinator creates the verification
visit in one click; the observer fills it offline and it syncs; the coordinator validates it;
the recommendation becomes "verified effective" with before/after scores, and the public page
shows it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from raqib.core.tests.browser import ensure_territory, session_cookie
from raqib.followup.models import Recommendation, RecommendationStatus
from raqib.followup.tests.factories import BRIBE, validated_report
from raqib.missions.models import Report
from raqib.missions.tests.factories import make_point
from raqib.observer.tests.helpers import VIEWPORT, sign_in, wait_until
from raqib.observer.tests.test_browser_offline import fill_mission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(live_server, name, **kwargs):
    with translation.override("ar"):
        return live_server.url + reverse(name, kwargs=kwargs or None)


def _staff_page(browser, live_server, user):
    context = browser.new_context(locale="ar-TN", viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(user, live_server.url)])
    return context, context.new_page()


def _click_event(page, event):
    page.click(f"button[data-event={event}]")
    page.wait_for_load_state()


def test_critical_finding_to_verified_effective_and_public(
    browser, live_server, coordinator, focal_point, observer
):
    ensure_territory()
    body = focal_point.focal_bodies.get()
    point = make_point(body=body, name_ar="قباضة المالية بالقصرين", name_fr="Recette de Kasserine")
    finding = validated_report(coordinator=coordinator, point=point, answers=BRIBE)
    assert finding.critical

    # 1. The coordinator drafts from the finding and sends it.
    staff, page = _staff_page(browser, live_server, coordinator)
    focal_ctx = browser.new_context(locale="ar-TN", viewport=VIEWPORT)
    focal_ctx.add_cookies([session_cookie(focal_point, live_server.url)])
    focal = focal_ctx.new_page()
    phone = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="allow")
    obs = phone.new_page()
    try:
        page.goto(_url(live_server, "followup:recommendation_create") + f"?report={finding.pk}")
        assert page.input_value("input[name=points]") == point.code
        assert "Q04" in page.input_value("input[name=criteria]")
        page.fill("input[name=title]", "منع طلب مقابل غير مستحق عند الشبّاك")
        page.fill("textarea[name=text]", "تعليق لافتة تذكّر بمجانية الخدمة وتكوين الأعوان.")
        page.click("main form[method=post] button.primary")
        page.wait_for_selector("button[data-event=send]")
        rec = Recommendation.objects.get()
        assert rec.status == RecommendationStatus.DRAFT
        _click_event(page, "send")
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.SENT

        # 2. The focal point, in Arabic on a phone, acknowledges and proposes a plan.
        focal.goto(_url(live_server, "followup:recommendation_detail", pk=rec.pk))
        assert focal.get_attribute("html", "dir") == "rtl"
        assert "منع طلب مقابل" in focal.inner_text("h1")
        _click_event(focal, "acknowledge")
        focal.click("#propose-plan")
        focal.fill("textarea[name=a-0-description]", "تكوين أعوان الشبّاك في النزاهة")
        focal.fill("input[name=a-0-owner]", "رئيس المكتب")
        focal.fill(
            "input[name=a-0-due_date]", (timezone.localdate() + dt.timedelta(days=20)).isoformat()
        )
        focal.click("main form[method=post] button.primary")
        focal.wait_for_selector("#plan-title")
        assert focal.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        # 3. The coordinator accepts the plan.
        page.reload()
        _click_event(page, "accept_plan")
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.PLAN_ACCEPTED

        # 4. The focal point claims implementation with a file.
        focal.reload()
        focal.fill("#claim-title ~ form textarea[name=text]", "عُلّقت اللافتة وتكوّن الأعوان.")
        focal.set_input_files(
            "#claim-title ~ form input[name=file]",
            files=[{"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        focal.click("#claim")
        focal.wait_for_load_state()
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.IMPLEMENTED
        assert focal.locator("a[href*='/followup/files/']").count() == 1

        # 5. One click creates the verification visit, given to the observer.
        page.reload()
        page.select_option("select[name=observer]", str(observer.pk))
        page.click("#create-verification")
        page.wait_for_load_state()
        mission = rec.verifications.get().mission
        assert mission.observer_id == observer.pk
        assert mission.campaign == rec.ref

        # 6. The observer fills it offline; it syncs when the network is back.
        sign_in(obs, live_server.url, observer.username)
        obs.wait_for_selector(f"a.mission-card[data-mission='{mission.pk}']")
        obs.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
        phone.set_offline(True)
        obs.wait_for_selector("#connection[data-online=false]")
        fill_mission(obs, mission.pk)
        obs.click("#submit-report")
        obs.wait_for_url("**/observer/#/outbox")
        wait_until(obs, lambda s: s["reports"] and s["reports"][0]["state"] == "queued")
        phone.set_offline(False)
        wait_until(obs, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
        report = Report.objects.get(mission=mission)

        # 7. The coordinator validates it: the recommendation is settled.
        page.goto(_url(live_server, "missions:report_review", pk=report.pk))
        page.click(".decision form button.primary")
        page.wait_for_load_state()
        rec.refresh_from_db()
        assert rec.status == RecommendationStatus.VERIFIED_EFFECTIVE
        checks = {c["code"]: c for c in rec.verification["criteria"]}
        assert (checks["Q03"]["before"], checks["Q03"]["after"]) == ("50.0", "100.0")
        assert (checks["Q04"]["before"], checks["Q04"]["after"]) == ("0.0", "100.0")

        focal.reload()
        text = focal.inner_text("main")
        assert "ثبتت نجاعتها" in text  # verified effective, in Arabic
        assert "50,0" in text

        # 8. The coordinator writes the texts for citizens and publishes; anyone sees it.
        page.goto(_url(live_server, "followup:recommendation_detail", pk=rec.pk))
        page.click("#publish")
        page.fill("input[name=public_title_ar]", "لا مقابل لخدمة مجانية")
        page.fill("input[name=public_title_fr]", "Plus rien à payer pour un service gratuit")
        page.fill("textarea[name=public_summary_ar]", "عُلّقت لافتة المجانية وتكوّن الأعوان.")
        page.fill(
            "textarea[name=public_summary_fr]", "La gratuité est affichée, les agents formés."
        )
        page.click("main form[method=post] button.primary")
        page.wait_for_selector("#publish")
        public = browser.new_context(locale="fr-FR").new_page()
        with translation.override("fr"):
            public.goto(
                live_server.url + reverse("followup:public_body", kwargs={"code": body.code})
            )
        shown = public.inner_text("main")
        assert "Plus rien à payer pour un service gratuit" in shown
        assert "منع طلب مقابل" not in shown  # the text for the body stays internal
        assert "100" in shown
        assert "50" in shown
        assert observer.observer_profile.pseudonym not in public.content()
        public.context.close()
    finally:
        staff.close()
        focal_ctx.close()
        phone.close()
