"""axe-core over the staff pages, in Arabic and French: no serious or critical violation.

The survey page, the observer app and the dashboard have their own, richer browser tests;
this sweep covers the lists and forms every staff member works in, as an administrator
(who can open all of them). Data: the demo's registry and grids, so lists are not empty.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from raqib.core.tests.browser import axe_serious, ensure_territory

PAGES = [
    "core:home",
    "registry:service_point_list",
    "registry:service_point_create",
    "registry:service_point_import",
    "grids:grid_list",
    "missions:mission_list",
    "missions:mission_create",
    "missions:review_queue",
    "surveys:wave_list",
    "surveys:wave_create",
    "accounts:user_list",
    "accounts:user_create",
    "audit:event_list",
    "reports:periodic_list",
    "reports:map_boundaries",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_pages_have_no_serious_accessibility_violation(browser, live_server, admin_user):
    from raqib.grids.xlsform import grid_defaults_load

    grid_defaults_load(actor=None)
    client = Client()
    client.force_login(admin_user)
    cookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    problems = {}
    # bypass_csp: only so that axe-core can be injected; the pages run no inline code.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.add_cookies([cookie])
    page = context.new_page()
    try:
        for lang in ("ar", "fr"):
            for name in PAGES:
                with translation.override(lang):
                    path = reverse(name)
                response = page.goto(live_server.url + path)
                assert response is not None
                assert response.status == 200, (name, response.status)
                page.locator("main").wait_for()
                found = axe_serious(page)
                if found:
                    problems[f"{lang} {name}"] = found
    finally:
        context.close()
    assert problems == {}


@pytest.fixture(autouse=True)
def territory():
    ensure_territory()
