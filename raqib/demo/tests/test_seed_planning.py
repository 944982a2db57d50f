"""Demo planning: the campaign's budget cannot reach 80 % interior coverage, and the plan page
says so in Arabic and French, with the budget needed and the budget curve."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from raqib.demo.seed import seed_demo
from raqib.planning import selectors
from raqib.planning.models import PlanRun, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.RAQIB_PLANNING_TIME_LIMIT = 10
    settings.RAQIB_PLANNING_CURVE_TIME_LIMIT = 3


def test_demo_campaign_explains_the_interior_shortfall_in_both_languages():
    from raqib.accounts.models import User

    seed_demo()
    run = PlanRun.objects.get(campaign__is_demo=True)
    assert run.status == RunStatus.DONE, run.error
    result = selectors.run_result(run)
    assert result is not None
    assert not result.reachable
    assert result.interior < 0.8
    assert len(result.curve) >= 5
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    kwargs = {"pk": run.campaign_id, "run": run.pk}
    extra = selectors.dinars(result.needed_budget - run.campaign.budget)
    with translation.override("fr"):
        fr = client.get(reverse("planning:run_detail", kwargs=kwargs)).content.decode()
    assert "Le budget permet au plus" in fr
    assert extra in fr
    assert "Budget et couverture" in fr
    # The observer whose certification lapsed is left out, and the page says why.
    assert "non certifié pour les visites sur place : visites à distance seulement" in fr
    with translation.override("ar"):
        ar = client.get(reverse("planning:run_detail", kwargs=kwargs)).content.decode()
    assert "تسمح الميزانية بتغطية" in ar
    assert extra in ar
    assert "غير معتمد للزيارات الحضورية: زيارات عن بُعد فقط" in ar
