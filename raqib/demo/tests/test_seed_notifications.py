"""The demo's inboxes are alive on first sign-in, and seeding again adds nothing."""

from __future__ import annotations

import pytest

from raqib.demo.seed import seed_demo
from raqib.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_users_find_notifications_and_a_second_run_adds_none():
    seed_demo()
    count = Notification.objects.count()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"focal", "director", "integrity"} <= recipients
    # The replayed year told nobody: only the seeded few exist.
    assert count < 20
    seed_demo()
    assert Notification.objects.count() == count
