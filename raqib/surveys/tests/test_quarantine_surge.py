"""The operator alert when a wave's quarantine rate jumps (surveys/services/surge.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from raqib.notifications.models import Notification
from raqib.surveys import abuse
from raqib.surveys.services.surge import Surge, surge_detected
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db

KIND = "survey_quarantine_surge"


def test_a_flood_of_quarantined_answers_alerts_the_operators_once(
    coordinator, admin_user, observer, django_capture_on_commit_callbacks
):
    point = make_wave().points.get()
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(5):
            submit(point, {"SAT_OVERALL": 4})  # genuine: nothing to say
        for _n in range(19):
            submit(point, {"SAT_OVERALL": 1}, honeypot="bot")
    assert not Notification.objects.filter(kind=KIND).exists()  # 19 < 20
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(10):
            submit(point, {"SAT_OVERALL": 1}, honeypot="bot")
    alerts = Notification.objects.filter(kind=KIND)
    assert {n.recipient for n in alerts} == {coordinator, admin_user}  # once each
    assert alerts.count() == 2
    assert observer not in {n.recipient for n in alerts}
    # Sent at the 20th quarantined answer (20 of 25 in the hour); later ones add nothing.
    body = alerts.get(recipient=coordinator).body
    assert "20" in body
    assert "25" in body
    assert all(n.url.endswith(f"/surveys/{point.wave_id}/quarantine/") for n in alerts)


def test_the_rule_needs_a_jump_not_only_a_high_share():
    """Hand-made figures: 30 of 40 recent answers quarantined (75 %)."""
    assert surge_detected(Surge(quarantined=30, total=40, baseline_share=0.10))
    # A wave where 40 % were always quarantined: 75 % is not twice 40 %... but it is ≥ 2 × 0.37.
    assert not surge_detected(Surge(quarantined=30, total=40, baseline_share=0.40))
    assert surge_detected(Surge(quarantined=30, total=40, baseline_share=0.375))
    # Below the share or the count: no alert.
    assert not surge_detected(Surge(quarantined=30, total=70, baseline_share=0.0))
    assert not surge_detected(Surge(quarantined=19, total=19, baseline_share=0.0))


def test_old_quarantined_answers_make_the_baseline(coordinator, django_capture_on_commit_callbacks):
    point = make_wave().points.get()
    start = timezone.now() - dt.timedelta(days=3)
    # A wave where 60 % of the answers were always fakes, one answer an hour (baseline 60 %).
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            at = start + dt.timedelta(hours=n)
            bot = {"honeypot": "bot"} if n % 5 < 3 else {}
            # The form was shown two minutes before that answer (not "too fast").
            shown = abuse.started_sign(point.pk, now=(at - dt.timedelta(minutes=2)).timestamp())
            submit(point, {"SAT_OVERALL": 2}, now=at, started=shown, **bot)
        for _n in range(15):
            submit(point, {"SAT_OVERALL": 4})
        for _n in range(20):
            submit(point, {"SAT_OVERALL": 1}, honeypot="bot")
    assert point.wave.responses.filter(quarantined=True).count() == 30 + 20
    # Recent: 20 of 35 = 57 %, under twice the baseline of 60 %: no alert.
    assert list(Notification.objects.filter(kind=KIND).values_list("body", flat=True)) == []
