"""No page a public body's focal point or an anonymous visitor can open names an observer.

Bodies never see who visited them: not a name, not a username, not an e-mail, and — for a
body's focal point — not even the observer's pseudonym. This walks every URL of the permission
matrix that answers 200 to a focal point or to an anonymous visitor (exports included), with
missions, reports and evidence of a named observer in the database, and looks for any trace
of that observer's identity in the response.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.accounts.models import ObserverProfile
from raqib.core.tests.test_permission_matrix import ROWS, matrix_builders

IDENTITY = {
    "username": "zeineb.bensalah",
    "first_name": "Zeineb",
    "last_name": "Ben Salah",
    "email": "zeineb.bensalah@example.tn",
}
OUTSIDERS = ("focal_point", "anonymous")


@pytest.fixture
def named_world(personas):
    observer = personas["observer"]
    for field, value in IDENTITY.items():
        setattr(observer, field, value)
    observer.save(update_fields=list(IDENTITY))
    ctx: dict = {"personas": personas}
    for build in matrix_builders():
        build(ctx)
    return ctx


def _pages_for(persona: str):
    return [r for r in ROWS if r.method == "get" and r.expected.get(persona) == 200]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_never_see_who_the_observer_is(client, named_world, persona):
    user = named_world["personas"][persona]
    if user is not None:
        client.force_login(user)
    pseudonyms = list(ObserverProfile.objects.values_list("pseudonym", flat=True))
    assert pseudonyms
    walked = 0
    for lang in ("ar", "fr"):
        for row in _pages_for(persona):
            with translation.override(lang):
                url = reverse(row.url_name, kwargs=row.kwargs(named_world) if row.kwargs else None)
            if row.query:
                url = f"{url}?{row.query}"
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", errors="ignore").casefold()
            for value in IDENTITY.values():
                assert value.casefold() not in text, f"{url} shows {value!r}"
            if persona == "focal_point":
                # A body does not even learn which pseudonym visited it (issue 12).
                for pseudonym in pseudonyms:
                    assert pseudonym.casefold() not in text, f"{url} shows {pseudonym!r}"
            walked += 1
    # The walk must cover something, or this test could not fail.
    assert walked >= 4
