"""The demo's follow-up is alive on first sign-in: every state, two real verifications."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from raqib.accounts.models import User
from raqib.demo.seed import seed_demo
from raqib.followup.models import Outcome, Recommendation

pytestmark = pytest.mark.django_db


def test_demo_follow_up():
    seed_demo()
    states = set(Recommendation.objects.values_list("status", flat=True))
    assert {
        "draft",
        "sent",
        "acknowledged",
        "plan_proposed",
        "in_progress",
        "implemented",
    } <= states
    effective = Recommendation.objects.get(outcome=Outcome.EFFECTIVE)
    assert effective.verification["effective"] is True
    assert all(c["after"] is not None for c in effective.verification["criteria"] if c["met"])
    assert Recommendation.objects.filter(outcome=Outcome.NOT_EFFECTIVE).count() == 1
    focal = User.objects.get(username="focal")
    mine = Recommendation.objects.filter(body_id__in=focal.focal_body_ids).exclude(sent_at=None)
    assert mine.count() >= 3
    client = Client()
    client.force_login(focal)
    with translation.override("ar"):
        page = client.get(reverse("followup:recommendation_list"))
        public = Client().get(reverse("followup:public_body", kwargs={"code": effective.body.code}))
    assert page.status_code == 200
    assert mine.first().ref in page.content.decode()
    assert effective.public_title_ar in public.content.decode()
