"""The demo's compliance is alive on first sign-in: the referential, label holders in every
status, and a paired campaign whose analysis shows the difference."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from raqib.accounts.models import User
from raqib.compliance.equality_selectors import equal_treatment
from raqib.compliance.models import LabelHolder, LabelStatus, Referential, Trait
from raqib.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_compliance(settings):
    settings.RAQIB_COMPLIANCE_MIN_PAIRS = 5
    seed_demo()
    assert Referential.objects.filter(code="MARHBA", edition=3).exists()
    statuses = set(LabelHolder.objects.values_list("status", flat=True))
    assert {LabelStatus.CERTIFIED, LabelStatus.CANDIDATE} <= statuses
    trait = Trait.objects.get(code="sex")
    today = timezone.localdate()
    result = equal_treatment(trait=trait, start=today - dt.timedelta(days=365), end=today)
    assert result.usable >= 5
    assert result.lower_other > result.higher_other  # the women observers were served worse
    coordinator = User.objects.get(username="coordinator")
    client = Client()
    client.force_login(coordinator)
    with translation.override("ar"):
        page = client.get(
            reverse("compliance:equal_treatment"),
            {
                "trait": trait.pk,
                "start": (today - dt.timedelta(days=365)).isoformat(),
                "end": today.isoformat(),
            },
        )
        register = client.get(reverse("compliance:label_list"))
    assert page.status_code == 200
    assert register.status_code == 200
    assert 'id="equal-treatment-tests"' in page.content.decode()
    # A second run adds nothing.
    count = LabelHolder.objects.count()
    seed_demo()
    assert LabelHolder.objects.count() == count
