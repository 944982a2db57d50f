"""The public results pages, as an anonymous citizen sees them: axe-core finds no serious or
critical violation in Arabic or French, and the search by governorate works."""

from __future__ import annotations

import pytest

from raqib.core.tests.browser import axe_serious, ensure_territory
from raqib.missions.tests.factories import make_point

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_public_results_pages_are_accessible(browser, live_server):
    ensure_territory()
    point = make_point(code="PUB-AXE", name_fr="Recette de Kasserine", name_ar="قباضة القصرين")
    # bypass_csp: only so that axe-core can be injected; the pages run no inline code.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = {}
    try:
        for lang in ("ar", "fr"):
            for path in (
                f"/{lang}/results/",
                f"/{lang}/results/points/{point.code}/",
                f"/{lang}/results/bodies/{point.body.code}/",
                f"/{lang}/results/open-data/",
            ):
                response = page.goto(live_server.url + path)
                assert response is not None
                assert response.status == 200, path
                page.locator("main").wait_for()
                if found := axe_serious(page):
                    problems[path] = found
        page.goto(live_server.url + "/fr/results/")
        page.get_by_label("Nom ou code du point de service").fill("Kasserine")
        page.locator("form[role=search] button[type=submit]").click()
        page.get_by_role("link", name="Recette de Kasserine").click()
        page.get_by_role("heading", name="Recette de Kasserine").wait_for()
    finally:
        context.close()
    assert problems == {}
