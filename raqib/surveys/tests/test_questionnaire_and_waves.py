"""The standard bank, waves, targets and transitions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.registry.models import Governorate, RegionTag
from raqib.registry.tests.factories import PublicBodyFactory, ServicePointFactory
from raqib.surveys import bank, services
from raqib.surveys.services.waves import target_points
from raqib.surveys.tests.factories import make_wave

pytestmark = pytest.mark.django_db


def test_default_questionnaire_is_a_published_survey_grid_and_idempotent(coordinator):
    version = services.survey_default_questionnaire_load(actor=coordinator)
    again = services.survey_default_questionnaire_load(actor=coordinator)
    assert again.pk == version.pk
    assert version.status == "published"
    assert version.grid.kind == "survey"
    assert version.grid.code == bank.GRID_CODE
    codes = [c["code"] for s in version.snapshot["sections"] for c in s["criteria"]]
    assert codes[0] == "SAT_OVERALL"
    for suffix in ["TIMELINESS", "KNOWLEDGE", "COURTESY", "FAIRNESS", "OUTCOME", "ACCESS"]:
        assert f"DRV_{suffix}" in codes
        assert f"IMP_{suffix}" in codes
    assert {"DRV_INFORMATION", "IMP_INFORMATION", "CHANNEL", "SETTLED", "COMMENT"} <= set(codes)
    items = {c["code"]: c for s in version.snapshot["sections"] for c in s["criteria"]}
    assert items["SAT_OVERALL"]["scale"] == {"min": 1, "max": 5}
    assert items["SAT_OVERALL"]["required"] is True
    assert items["SETTLED"]["type"] == "yes_no"
    assert items["CHANNEL"]["type"] == "single_choice"
    assert items["COMMENT"]["type"] == "text"
    assert items["DRV_COURTESY"]["label"]["ar"]
    assert items["DRV_COURTESY"]["label"]["fr"]
    assert AuditEvent.objects.filter(action="grid_version.publish").count() == 1


def test_wave_lifecycle_and_audit(coordinator):
    wave = make_wave(actor=coordinator, status="draft")
    assert wave.status == "draft"
    services.survey_wave_open(actor=coordinator, wave=wave)
    services.survey_wave_pause(actor=coordinator, wave=wave)
    services.survey_wave_open(actor=coordinator, wave=wave)
    wave = services.survey_wave_close(actor=coordinator, wave=wave)
    assert wave.status == "closed"
    with pytest.raises(ValidationError):
        services.survey_wave_open(actor=coordinator, wave=wave)
    actions = list(
        AuditEvent.objects.filter(object_type="surveys.surveywave").values_list("action", flat=True)
    )
    assert {"survey_wave.create", "survey_wave.open", "survey_wave.paused"} & set(actions)
    assert "survey_wave.closed" in actions


def test_wave_refuses_an_evaluation_grid_and_a_bad_period(coordinator):
    from raqib.grids.tests.factories import make_published

    evaluation = make_published("EVAL")
    with pytest.raises(ValidationError):
        services.survey_wave_create(
            actor=coordinator,
            code="bad",
            title_ar="x",
            title_fr="x",
            grid_version=evaluation,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 2, 1),
        )
    version = services.survey_default_questionnaire_load(actor=coordinator)
    with pytest.raises(ValidationError):
        services.survey_wave_create(
            actor=coordinator,
            code="bad2",
            title_ar="x",
            title_fr="x",
            grid_version=version,
            starts_on=dt.date(2026, 2, 1),
            ends_on=dt.date(2026, 1, 1),
        )


def test_opening_needs_points(coordinator):
    version = services.survey_default_questionnaire_load(actor=coordinator)
    wave = services.survey_wave_create(
        actor=coordinator,
        code="empty",
        title_ar="x",
        title_fr="x",
        grid_version=version,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
    )
    with translation.override("fr"), pytest.raises(ValidationError, match="point de service"):
        services.survey_wave_open(actor=coordinator, wave=wave)


def test_target_selection_by_body_tree_category_governorate_region_and_list():
    ministry = PublicBodyFactory(code="min")
    directorate = PublicBodyFactory(code="dir", parent=ministry)
    other = PublicBodyFactory(code="other")
    tunis = Governorate.objects.get(iso_code="TN-11")
    sfax = Governorate.objects.get(iso_code="TN-61")
    p1 = ServicePointFactory(body=ministry, delegation=tunis.delegations.first())
    p2 = ServicePointFactory(body=directorate, delegation=sfax.delegations.first())
    p3 = ServicePointFactory(body=other, delegation=sfax.delegations.first(), category=p2.category)
    closed = ServicePointFactory(body=directorate, is_active=False)
    assert target_points(body=ministry) == sorted([p1, p2], key=lambda p: p.code)
    assert closed not in target_points(body=ministry)
    assert target_points(category=p2.category) == sorted([p2, p3], key=lambda p: p.code)
    assert target_points(governorate=sfax) == sorted([p2, p3], key=lambda p: p.code)
    assert target_points(body=ministry, governorate=sfax) == [p2]
    tag = RegionTag.objects.filter(governorates=sfax).exclude(governorates=tunis).first()
    assert set(target_points(region=tag)) == {p2, p3}
    assert target_points(points=[p3]) == [p3]
    assert target_points() == []


def test_targets_add_gives_unique_short_tokens_and_keeps_existing(coordinator):
    points = [ServicePointFactory() for _ in range(3)]
    wave = make_wave(actor=coordinator, points=points[:2], status="draft")
    tokens = set(wave.points.values_list("token", flat=True))
    assert len(tokens) == 2
    assert all(8 <= len(t) <= 16 for t in tokens)
    added = services.survey_wave_targets_add(actor=coordinator, wave=wave, points=points)
    assert [a.service_point for a in added] == [points[2]]
    assert tokens < set(wave.points.values_list("token", flat=True))


def test_management_command_loads_the_bank_once():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("survey_load_defaults", stdout=out)
    call_command("survey_load_defaults", stdout=out)
    lines = out.getvalue().split()
    assert lines[0] == "SAT-STD"
    assert out.getvalue().count("SAT-STD v1") == 2
