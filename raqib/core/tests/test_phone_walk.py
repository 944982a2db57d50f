"""No staff page scrolls sideways on a 360 px phone, per role, in Arabic and French.

The same pages as the raw-token walk (raqib/core/tests/walk_urls.py): every GET page of the
permission matrix each role may open, with real objects. Exports (XLSX, CSV, PDF, images)
are left out: they are files, not pages. A page passes when
`document.documentElement.scrollWidth <= window.innerWidth`: wide tables scroll inside their
own `.table-wrap`, never the page.

Run it alone with: `.venv/bin/pytest -n 0 raqib/core/tests/test_phone_walk.py`.
"""

from __future__ import annotations

import pytest
from django.test import Client

from raqib.core.tests.browser import ensure_territory, session_cookie
from raqib.core.tests.walk_urls import LANGUAGES, WALK_PERSONAS, walk_context, walk_rows, walk_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 || e.getBoundingClientRect().left < -1)
    .filter(e => !e.closest('.table-wrap, .visually-hidden'))
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + '.' + String(e.className || '').split(' ')[0]);
  return {scroll: document.documentElement.scrollWidth, inner: width, wide};
}"""


@pytest.fixture(autouse=True)
def territory():
    ensure_territory()


@pytest.mark.parametrize("persona", WALK_PERSONAS)
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, personas, persona):
    world = walk_context(personas)
    user = world["personas"][persona]
    client = Client()
    client.force_login(user)
    pages = []
    for lang in LANGUAGES:
        for row in walk_rows(persona):
            url = walk_url(row, world, lang)
            response = client.get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                pages.append(url)
    assert len(pages) >= 4
    # Not is_mobile: a mobile viewport widens itself to fit a too-wide page (innerWidth grows
    # with it), which would hide the very overflow this test looks for.
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([session_cookie(user, live_server.url)])
    page = context.new_page()
    too_wide = {}
    try:
        for url in pages:
            response = page.goto(live_server.url + url)
            assert response is not None
            assert response.status == 200, url
            measure = page.evaluate(OVERFLOW)
            assert measure["inner"] == PHONE["width"], (url, measure)
            if measure["scroll"] > measure["inner"]:
                too_wide[url] = measure
    finally:
        context.close()
    report = "\n".join(f"{url}: {m}" for url, m in too_wide.items())
    assert not too_wide, f"pages wider than a 360 px phone ({persona}):\n{report}"
