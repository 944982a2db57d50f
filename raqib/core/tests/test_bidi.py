"""Bidirectional text, in both languages: signed numbers in a left-to-right isolate, people's
mixed Arabic/Latin text in an isolate of its own direction (HTML assertions on the markup)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.core.bidi import LRI, PDI, ltr_isolate, number_html
from raqib.missions import services as missions
from raqib.missions.tests.factories import VALID_ANSWERS, make_mission
from raqib.surveys.tests.factories import make_wave, submit

pytestmark = pytest.mark.django_db
COMMENT = "الشبّاك (A08) مغلق"


@pytest.mark.parametrize(("lang", "shown"), [("ar", "-14,3"), ("fr", "-14,3")])
def test_a_negative_number_is_isolated_left_to_right(lang, shown):
    with translation.override(lang):
        html = str(number_html(-14.3, 1))
    assert html == f'<bdi class="num" dir="ltr">{shown}</bdi>'
    assert ltr_isolate("-14,3") == f"{LRI}-14,3{PDI}"
    assert number_html(None) == ""


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_negative_net_satisfaction_on_the_results_page(client, coordinator, lang):
    wave = make_wave(min_sample=3)
    for _ in range(3):
        submit(wave.points.get(), {"SAT_OVERALL": 1})
    client.force_login(coordinator)
    with translation.override(lang):
        html = client.get(reverse("surveys:wave_results", kwargs={"pk": wave.pk})).content
    assert re.search(r'<bdi class="num" dir="ltr">-100[,.]0</bdi>', html.decode())


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_arabic_comment_keeps_its_own_direction(client, coordinator, observer, lang):
    mission = make_mission(actor=coordinator, observer=observer)
    report, _ = missions.report_upsert(
        actor=observer,
        report_uuid=uuid.uuid4(),
        mission_id=mission.pk,
        answers=VALID_ANSWERS,
        notes=COMMENT,
    )
    report = missions.report_submit(actor=observer, report_uuid=report.uuid)
    client.force_login(coordinator)
    with translation.override(lang):
        html = client.get(reverse("missions:report_review", kwargs={"pk": report.pk})).content
    assert f'<dd dir="auto">{COMMENT}</dd>' in html.decode()
