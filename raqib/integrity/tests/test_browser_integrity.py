"""Must-show (issue 14) in the browser: a validated report with a bribe asked opens a case;
the assigned integrity officer adds a file, refers the case, downloads the Arabic letter and
records the acknowledgement; an administrator and a coordinator get 404 on the case; the
director reads the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from raqib.core.tests.browser import ensure_territory, session_cookie
from raqib.followup.tests.factories import BRIBE, validated_report
from raqib.integrity import services
from raqib.integrity.models import Case, CaseStatus
from raqib.missions.tests.factories import image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _url(live_server, name, **kwargs):
    with translation.override("ar"):
        return live_server.url + reverse(name, kwargs=kwargs or None)


def _page(browser, live_server, user):
    context = browser.new_context(locale="ar-TN", viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(user, live_server.url)])
    return context, context.new_page()


def test_bribe_report_to_acknowledged_referral(browser, live_server, personas, tmp_path):
    ensure_territory()
    coordinator, director = personas["coordinator"], personas["director"]
    integrity_officer = personas["integrity_officer"]
    report = validated_report(coordinator=coordinator, answers=BRIBE)
    case = Case.objects.get(origin_report=report)
    services.case_assign(actor=director, case=case, officer=integrity_officer)
    detail = _url(live_server, "integrity:case_detail", pk=case.pk)

    context, page = _page(browser, live_server, integrity_officer)
    page.goto(_url(live_server, "core:home"))
    assert case.reference in page.inner_text("main")
    page.goto(detail)
    assert case.reference in page.inner_text("h1")
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(image_bytes("PNG"))
    page.set_input_files("#evidence-file", str(receipt))
    page.click("form[action$='/evidence/'] button[type=submit]")
    page.wait_for_load_state()
    assert "receipt.png" in page.inner_text("main")
    page.click("form:has(input[value=assess]) button[type=submit]")
    page.wait_for_load_state()
    page.select_option("#authority", "inlucc")
    page.select_option("#language", "ar")
    page.click("form:has(input[value=refer]) button[type=submit]")
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    referral = case.referrals.get()
    letter = context.request.get(
        _url(live_server, "integrity:referral_letter", pk=case.pk, rid=referral.pk)
    )
    assert letter.status == 200
    assert letter.body().startswith(b"%PDF")
    page.fill(f"#ack-on-{referral.pk}", timezone.localdate().isoformat())
    page.click("form:has(input[name=step][value=ack]) button[type=submit]")
    page.wait_for_load_state()
    referral.refresh_from_db()
    assert referral.acknowledged_on == timezone.localdate()
    context.close()

    for person in (personas["administrator"], coordinator):
        other, other_page = _page(browser, live_server, person)
        assert other_page.goto(detail).status == 404
        other.close()

    context, page = _page(browser, live_server, director)
    page.goto(detail)
    log = page.inner_text("#custody-title + div")
    assert integrity_officer.username in log
    context.close()
