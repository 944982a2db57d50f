"""The integrity officer's home: the critical findings of their scope, with links to read them;
and their read-only access to the dashboard and the report review pages."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.missions import services
from raqib.missions.tests.factories import VALID_ANSWERS, make_mission

pytestmark = pytest.mark.django_db


def _submitted(observer, coordinator, **answers):
    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = services.report_upsert(
        actor=observer,
        report_uuid=uuid.uuid4(),
        mission_id=mission.pk,
        answers={**VALID_ANSWERS, **answers},
    )
    return services.report_submit(actor=observer, report_uuid=report.uuid)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_home_lists_critical_findings_with_links(
    client, integrity_officer, observer, coordinator, lang
):
    critical = _submitted(observer, coordinator, Q04="yes")  # negative critical criterion
    plain = _submitted(observer, coordinator)
    assert critical.critical
    assert not plain.critical
    client.force_login(integrity_officer)
    with translation.override(lang):
        html = client.get(reverse("core:home")).content.decode()
        review = reverse("missions:report_review", kwargs={"pk": critical.pk})
        other = reverse("missions:report_review", kwargs={"pk": plain.pk})
        dashboard = reverse("reports:dashboard")
    assert 'id="critical-findings"' in html
    assert f'href="{review}"' in html
    assert f'href="{other}"' not in html
    assert f'href="{dashboard}"' in html
    # The review page opens read-only: no validate or return form for this role.
    page = client.get(review)
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("missions:report_validate", kwargs={"pk": critical.pk}) not in body
    assert (
        client.post(reverse("missions:report_validate", kwargs={"pk": critical.pk})).status_code
        == 403
    )
    assert client.get(dashboard).status_code == 200


def test_no_critical_finding_says_so(client, integrity_officer):
    client.force_login(integrity_officer)
    html = client.get(reverse("core:home")).content.decode()
    assert 'id="critical-findings"' in html
    assert "لم يُبلَّغ عن أيّ إخلال حرج" in html


def test_other_roles_do_not_get_the_panel(client, coordinator):
    client.force_login(coordinator)
    assert 'id="critical-findings"' not in client.get(reverse("core:home")).content.decode()
