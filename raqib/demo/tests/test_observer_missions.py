"""Issue 11: the demo observer finds work in the app at the first sign-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from raqib.accounts.models import User
from raqib.demo.observer_missions import CAMPAIGN
from raqib.demo.seed import seed_demo
from raqib.missions.models import Mission

pytestmark = pytest.mark.django_db


def test_demo_observer_has_open_missions_across_channels(client):
    seed_demo()
    observer = User.objects.get(username="observer")
    client.force_login(observer)
    response = client.get("/api/v1/observer/missions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    now = timezone.now()
    open_now = [
        m
        for m in response.json()
        if m["status"] == "assigned"
        and dt.datetime.fromisoformat(m["window_start"]) <= now
        and dt.datetime.fromisoformat(m["window_end"]) > now
    ]
    assert len(open_now) >= 3
    assert len({m["channel"] for m in open_now}) >= 2
    # Every mission's grid can be downloaded by the app.
    for mission in open_now:
        grid = client.get(f"/api/v1/grids/versions/{mission['grid_version']['id']}/")
        assert grid.status_code == 200

    # The app's home screen lists them (the shell itself is static; the list comes from the API).
    assert client.get("/ar/observer/").status_code == 200

    # Seeding again on the same day adds nothing; the missions were created by the service
    # (assigned, with an audit event each).
    before = Mission.objects.filter(campaign=CAMPAIGN).count()
    again = seed_demo()
    assert not again.anything_created
    assert Mission.objects.filter(campaign=CAMPAIGN).count() == before
    assert set(
        Mission.objects.filter(campaign=CAMPAIGN).values_list("observer__username", flat=True)
    ) == {"observer"}


def test_closed_windows_are_replaced_by_fresh_ones():
    seed_demo()
    Mission.objects.filter(campaign=CAMPAIGN).update(
        window_start=timezone.now() - dt.timedelta(days=30),
        window_end=timezone.now() - dt.timedelta(days=20),
    )
    result = seed_demo()
    assert result.created.get("missions assigned to the demo observer", 0) >= 3
