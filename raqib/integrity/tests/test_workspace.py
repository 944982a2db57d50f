"""The integrity officer's workspace on the home page: their cases only, counts, due referrals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from raqib.integrity import services
from raqib.integrity.models import Referral
from raqib.integrity.tests.factories import NARRATIVE, assigned_case, officer

pytestmark = pytest.mark.django_db


@override_settings(RAQIB_INTEGRITY_ACK_DAYS=5)
def test_the_officer_home_shows_their_cases_counts_and_due_referrals(
    client, coordinator, integrity_officer, focal_point
):
    mine = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    mine.facts = NARRATIVE
    mine.save(update_fields=["facts"])
    referred = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    services.case_act(actor=integrity_officer, case=referred, event="assess")
    services.case_act(
        actor=integrity_officer, case=referred, event="refer", authority="inlucc", language="fr"
    )
    Referral.objects.filter(case=referred).update(created_at=timezone.now() - dt.timedelta(days=6))
    other = assigned_case(coordinator=coordinator, officers=[officer()])
    client.force_login(integrity_officer)
    html = client.get(reverse("core:home")).content.decode()
    assert "ملفات النزاهة المسندة إليّ" in html
    assert mine.reference in html
    assert referred.reference in html
    assert "لم يصل الإشعار بالاستلام بعد" in html
    assert other.reference not in html
    assert "NARRATIVE-7f3a" not in html  # references and statuses only
    # A focal point's home says nothing of cases.
    client.force_login(focal_point)
    html = client.get(reverse("core:home")).content.decode()
    assert mine.reference not in html
    assert "ملفات النزاهة المسندة إليّ" not in html
    assert reverse("integrity:case_list") not in html


@override_settings(RAQIB_INTEGRITY_MIN_COUNT=2)
def test_the_director_dashboard_shows_suppressed_counts_and_nobody_else_sees_them(client, personas):
    coordinator, director = personas["coordinator"], personas["director"]
    integrity_officer = personas["integrity_officer"]
    first = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    assigned_case(coordinator=coordinator, officers=[integrity_officer], point=first.service_point)
    url = reverse("reports:dashboard")
    client.force_login(director)
    html = client.get(url).content.decode()
    assert 'id="integrity-title"' in html
    # Two extortion cases, one body: 2 ≥ the minimum, printed.
    assert "<bdi>2</bdi>" in html
    for role in ("focal_point", "administrator", "coordinator", "integrity_officer"):
        person = personas[role]
        client.force_login(person)
        assert 'id="integrity-title"' not in client.get(url).content.decode()


@override_settings(RAQIB_INTEGRITY_MIN_COUNT=5)
def test_counts_below_the_minimum_are_not_printed(client, coordinator, director, integrity_officer):
    assigned_case(coordinator=coordinator, officers=[integrity_officer])
    client.force_login(director)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "&lt; 5" in html
    assert "<bdi>1</bdi>" not in html
