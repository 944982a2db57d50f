"""Must-show (issue 15) in the browser: a coordinator builds a campaign, computes its plan (a
background task: the page shows its progress and polls until it is solved), reviews it on the
governorate map, and turns it into missions; the observers are notified."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from raqib.core.tests.browser import ensure_territory, session_cookie
from raqib.missions.models import Mission
from raqib.notifications.models import Notification
from raqib.planning.models import Campaign, PlanRun, RunStatus

from .factories import published, world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _url(live_server, name, lang="fr", **kwargs):
    with translation.override(lang):
        return live_server.url + reverse(name, kwargs=kwargs or None)


def _work() -> None:
    """The worker of production (django-tasks' database backend), run once over the queue."""
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def test_coordinator_builds_solves_reviews_and_launches(
    browser, live_server, personas, make_observer, settings
):
    ensure_territory()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.RAQIB_PLANNING_TIME_LIMIT = 10
    settings.RAQIB_PLANNING_CURVE_TIME_LIMIT = 3
    coordinator = personas["coordinator"]
    # Points and observers (the campaign the fixture makes is left aside: built in the page).
    w = world(coordinator=coordinator, make_observer=make_observer, points=8)
    grid = published("PLANVISIT", "in_person")

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(coordinator, live_server.url)])
    page = context.new_page()
    page.goto(_url(live_server, "planning:campaign_create"))
    page.fill("#id_name", "Campagne du navigateur")
    page.fill("#id_starts_on", "2027-01-04")
    page.fill("#id_ends_on", "2027-01-29")
    page.fill("#id_budget", "3000")
    page.fill("#id_target_coverage", "50")
    page.fill("#id_target_interior", "50")
    page.fill("#id_governorate_floor", "0")
    page.fill("#id_min_in_person", "50")
    page.select_option(
        "#id_governorates", [str(w.coast.governorate_id), str(w.interior.governorate_id)]
    )
    page.select_option("#id_grid_in_person", str(grid.pk))
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()
    campaign = Campaign.objects.get(name="Campagne du navigateur")
    assert "Campagne du navigateur" in page.inner_text("h1")

    page.click("form[action$='/observers/all/'] button")
    page.wait_for_load_state()
    for observer in w.observers:
        assert observer.observer_profile.pseudonym in page.inner_text("#observers")

    page.click("form[action$='/solve/'] button")
    page.wait_for_load_state()
    run = PlanRun.objects.get(campaign=campaign)
    assert run.status == RunStatus.QUEUED
    status = page.locator("#run-status")
    assert "En attente" in status.inner_text()
    assert status.get_attribute("hx-trigger") == "every 2s"

    _work()  # the worker solves while the page polls
    page.wait_for_function(
        "() => document.querySelector('#run-status').innerText.includes('Calculé le')",
        timeout=20000,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    page.reload()
    main = page.inner_text("main")
    assert "Ce que dit le plan" in main
    assert "Budget et couverture" in main
    tiles = page.locator(".tilemap .tile")
    assert tiles.count() == 2
    assert w.interior.governorate.name_fr in page.inner_text(".tilemap")

    planned = run.visits.count()
    assert planned > 0
    page.click("form[action$='/launch/'] button")
    page.wait_for_load_state()
    _work()
    page.reload()
    assert f"Missions créées : {planned}." in page.inner_text("main")
    missions = Mission.objects.filter(campaign__startswith=f"PLAN-{campaign.pk}")
    assert missions.count() == planned
    notified = Notification.objects.filter(recipient__in=w.observers, kind="mission_assigned")
    assert notified.count() == planned
    context.close()
