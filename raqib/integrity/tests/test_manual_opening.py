"""Opening a case by hand: an integrity officer's own finding or an external signal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from raqib.audit.models import AuditEvent
from raqib.integrity.models import Case, CaseAssignment, Origin
from raqib.registry.tests.factories import PublicBodyFactory

pytestmark = pytest.mark.django_db

URL = reverse("integrity:case_new")


def _post(client, **overrides):
    body = overrides.pop("body", None) or PublicBodyFactory()
    data = {
        "origin": "external",
        "source": "Appel au numéro vert — 12 mars",
        "category": "favouritism",
        "severity": "high",
        "body": body.pk,
        "facts": "Un dossier traité avant son tour contre un service rendu",
        "place_of_facts": "Guichet 3",
        "occurred_on": "2026-03-12",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_an_officer_opens_a_case_from_an_external_signal(client, integrity_officer):
    client.force_login(integrity_officer)
    assert client.get(URL).status_code == 200
    response = _post(client)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("integrity:case_detail", kwargs={"pk": case.pk})
    assert case.origin == Origin.EXTERNAL
    assert case.facts.startswith("المصدر / Source : Appel")
    assert "Appel au numéro vert" in case.facts
    assert CaseAssignment.objects.filter(case=case, officer=integrity_officer).exists()
    assert AuditEvent.objects.filter(action="integrity_case.open", actor=integrity_officer).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Guichet 3" in page.content.decode() or case.reference in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"source": "  "}, "source"),
        ({"facts": "   "}, "facts"),
        ({"category": "made_up"}, "category"),
        ({"body": "999999"}, "body"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
    ],
)
def test_bad_input_is_refused_with_a_translated_error_and_nothing_changes(
    client, integrity_officer, overrides, field
):
    client.force_login(integrity_officer)
    if field == "body":
        data = {"origin": "manual", "category": "other", "severity": "low", "facts": "x"}
        response = client.post(URL, {**data, "body": "999999"})
    else:
        response = _post(client, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_error_is_in_arabic_for_an_arabic_page(client, integrity_officer):
    client.force_login(integrity_officer)
    client.cookies["raqib_language"] = "ar"
    response = _post(client, source="")
    assert response.status_code == 200
    assert "Give the source of the external signal." not in response.content.decode()
    assert not Case.objects.exists()


def test_only_integrity_officers_open_cases(client, director, coordinator):
    for person in (director, coordinator):
        client.force_login(person)
        assert _post(client).status_code == 403
    assert not Case.objects.exists()
