"""Demo integrity cases: assigned to the demo officer, in several statuses, encrypted, once."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from raqib.accounts.tests.factories import UserFactory
from raqib.core.roles import Role
from raqib.demo.integrity import seed_integrity
from raqib.integrity.models import Case, CaseStatus, Origin
from raqib.integrity.tests.factories import bribe_case

pytestmark = pytest.mark.django_db


def test_demo_integrity_cases(coordinator):
    officer = UserFactory(username="integrity", roles=[Role.INTEGRITY_OFFICER], totp=True)
    UserFactory(username="director", roles=[Role.DIRECTOR], totp=True)
    opened = [bribe_case(coordinator=coordinator) for _ in range(4)]
    assert all(case.category == "extortion" for case in opened)
    assert seed_integrity() == 5
    assert seed_integrity() == 0  # idempotent
    assert Case.objects.count() == 5
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.OPEN,
        CaseStatus.UNDER_ASSESSMENT,
        CaseStatus.REFERRED,
        CaseStatus.CLOSED_WITHOUT_REFERRAL,
    } <= statuses
    referred = Case.objects.get(status=CaseStatus.REFERRED)
    assert referred.referrals.get().acknowledged_on is not None
    external = Case.objects.get(origin=Origin.EXTERNAL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT facts FROM integrity_case WHERE id = %s", [external.pk])
        raw = cursor.fetchone()[0]
    assert "numéro vert" not in raw  # encrypted at rest
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("integrity:case_list"))
    assert all(case.reference in page.content.decode() for case in opened)
    assert (
        client.get(reverse("integrity:case_detail", kwargs={"pk": external.pk})).status_code == 200
    )


def test_demo_survey_comment_becomes_a_case_and_facts_are_added(coordinator):
    from raqib.demo.surveys import PER_POINT, seed_surveys
    from raqib.integrity.models import CaseFact
    from raqib.registry.tests.factories import ServicePointFactory
    from raqib.surveys.models import CommentFlag, SurveyResponse

    officer = UserFactory(username="integrity", roles=[Role.INTEGRITY_OFFICER], totp=True)
    UserFactory(username="director", roles=[Role.DIRECTOR], totp=True)
    for _n in range(4):
        ServicePointFactory()
    made = seed_surveys(coordinator=coordinator)
    assert made == 4 * PER_POINT
    assert seed_surveys(coordinator=coordinator) == 0  # idempotent
    assert SurveyResponse.objects.filter(answers__has_key="COMMENT").count() == 4
    flag = CommentFlag.objects.get()
    assert "مبلغا" in flag.response.answers["COMMENT"]
    bribe_case(coordinator=coordinator)
    assert seed_integrity() == 3  # the report's case, the external signal, the comment's case
    from_comment = Case.objects.get(origin=Origin.SURVEY_COMMENT)
    assert from_comment.origin_comment == flag
    assert from_comment.assignments.get().officer == officer
    assert CaseFact.objects.count() == 1
