"""Compliance by requirement on the hand-computed fixture of docs/compliance.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from raqib.compliance import rules, services
from raqib.compliance.models import Referential, Requirement, RequirementMapping
from raqib.compliance.selectors import Scope, body_scope_ids, scope_compliance
from raqib.compliance.tests.factories import hand_computed, make_referential
from raqib.missions.tests.factories import grid_version

pytestmark = pytest.mark.django_db


def _period() -> dict[str, dt.date]:
    today = timezone.localdate()
    return {"start": today - dt.timedelta(days=30), "end": today}


def _levels(result):
    return {
        row.requirement.code: (row.result.level, row.result.mean, row.result.n)
        for row in result.rows
    }


def test_point_compliance_matches_the_hand_computation(coordinator):
    fx = hand_computed(coordinator=coordinator)
    result = scope_compliance(
        referential=fx.referential, scope=Scope(point_id=fx.point.pk, **_period())
    )
    assert result.reports == 2
    assert _levels(result) == {
        "R1": (rules.PARTLY, Fraction(1, 2), 2),  # courtesy good (1) and poor (0)
        "R2": (rules.MET, Fraction(1), 2),  # Q01 "yes" in both
        "R3": (rules.NOT_OBSERVED, None, 0),
    }
    assert result.percent == Decimal("75.0")  # (1/2 + 1) / 2
    assert result.counts == {"met": 1, "partly": 1, "not_met": 0, "not_observed": 1}
    r1 = result.rows[0].result
    assert r1.report_ids == tuple(sorted(r.pk for r in fx.reports[:2]))
    assert r1.criteria == ("Q03",)


def test_body_and_not_met(coordinator):
    fx = hand_computed(coordinator=coordinator)
    body = scope_compliance(
        referential=fx.referential, scope=Scope(body_ids=body_scope_ids(body=fx.body), **_period())
    )
    assert body.reports == 3
    assert _levels(body)["R1"] == (rules.PARTLY, Fraction(1, 3), 3)
    assert body.percent == Decimal("66.7")  # (1/3 + 1) / 2
    other = scope_compliance(
        referential=fx.referential, scope=Scope(point_id=fx.other_point.pk, **_period())
    )
    assert _levels(other)["R1"] == (rules.NOT_MET, Fraction(0), 1)
    assert other.percent == Decimal("50.0")


def test_a_period_without_reports_observes_nothing(coordinator):
    fx = hand_computed(coordinator=coordinator)
    old = dt.date(2001, 1, 1)
    result = scope_compliance(
        referential=fx.referential, scope=Scope(point_id=fx.point.pk, start=old, end=old)
    )
    assert result.reports == 0
    assert {row.result.level for row in result.rows} == {rules.NOT_OBSERVED}
    assert result.percent is None


def test_rule_levels():
    assert rules.level_of(None) == rules.NOT_OBSERVED
    assert rules.level_of(Fraction(1)) == rules.MET
    assert rules.level_of(Fraction(0)) == rules.NOT_MET
    assert rules.level_of(Fraction(1, 10)) == rules.PARTLY


def test_a_published_referential_refuses_changes(coordinator):
    referential = make_referential(actor=coordinator)
    services.referential_publish(actor=coordinator, referential=referential)
    referential.refresh_from_db()
    requirement = Requirement.objects.get(referential=referential, code="R3")
    with pytest.raises(ValidationError):
        services.requirement_map(
            actor=coordinator,
            requirement=requirement,
            grid_version=grid_version(),
            criterion_code="Q02",
        )
    with pytest.raises(ValidationError):
        services.requirement_unmap(
            actor=coordinator,
            mapping=RequirementMapping.objects.filter(requirement__referential=referential).first(),
        )
    with pytest.raises(ValidationError):
        services.referential_publish(actor=coordinator, referential=referential)


def test_mapping_refuses_an_unknown_criterion(coordinator):
    referential = make_referential(actor=coordinator)
    requirement = Requirement.objects.get(referential=referential, code="R3")
    with pytest.raises(ValidationError):
        services.requirement_map(
            actor=coordinator,
            requirement=requirement,
            grid_version=grid_version(),
            criterion_code="NOPE",
        )
    assert not requirement.mappings.exists()


def test_marhba_load_is_idempotent(coordinator):
    referential, _added = services.marhba_load(actor=coordinator)
    assert referential.chapters.count() == 8
    assert referential.requirements.count() == 17
    assert referential.requirements.filter(placeholder=False).count() == 3
    again, added = services.marhba_load(actor=coordinator)
    assert again.pk == referential.pk
    assert added == 0
    assert Referential.objects.filter(code="MARHBA").count() == 1


def test_periodic_report_section_gives_compliance_by_requirement(coordinator):
    from django.utils import translation

    from raqib.compliance.selectors import periodic_report_section
    from raqib.core.activity import ActivityFilters

    hand_computed(coordinator=coordinator)
    with translation.override("fr"):
        section = periodic_report_section(filters=ActivityFilters(**_period()))
    assert section is not None
    assert section.key == "compliance"
    (table,) = section.tables
    assert [row[:5] for row in table.rows] == [
        ("R1", "Exigence R1", "Partiellement satisfaite", 3, 3),
        ("R2", "Exigence R2", "Satisfaite", 3, 3),
        ("R3", "Exigence R3", "Non observée", 0, 0),
    ]
    assert table.rows[0][5] == Decimal("33.3")
    assert "66.7 %" in section.paragraphs[0]
    old = dt.date(2001, 1, 1)
    assert periodic_report_section(filters=ActivityFilters(start=old, end=old)) is None


def test_marhba_default_mapping_of_the_visit_grid(coordinator):
    from pathlib import Path

    from django.core.management import call_command

    import raqib.grids.data as grid_data
    from raqib.grids.models import Criterion

    call_command("import_grid", str(Path(grid_data.__file__).parent / "01_visit.xlsx"), "--publish")
    call_command("compliance_load_marhba")
    referential = Referential.objects.get(code="MARHBA", edition=3)
    marhba_criteria = Criterion.objects.filter(reference__startswith="Marhba")
    mapped = RequirementMapping.objects.filter(requirement__referential=referential)
    assert marhba_criteria.exists()
    assert mapped.count() == marhba_criteria.count()  # every "Marhba — …" criterion is mapped
    access = set(mapped.filter(requirement__code="M-01").values_list("criterion_code", flat=True))
    assert access == set(
        marhba_criteria.filter(reference="Marhba — accessibilité").values_list("code", flat=True)
    )
    call_command("compliance_load_marhba")  # idempotent
    assert RequirementMapping.objects.count() == mapped.count()
