"""The hand-computed fixture of docs/compliance.md, built through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from raqib.compliance import services
from raqib.compliance.models import Referential
from raqib.followup.tests.factories import GOOD, POOR, validated_report
from raqib.missions.models import Report
from raqib.missions.tests.factories import grid_version, make_point
from raqib.registry.models import PublicBody, ServicePoint
from raqib.registry.tests.factories import PublicBodyFactory


@dataclass
class Fixture:
    referential: Referential
    body: PublicBody
    point: ServicePoint
    other_point: ServicePoint
    reports: list[Report]


def make_referential(*, actor: Any = None, code: str = "TESTREF") -> Referential:
    """R1 ← Q03 (courtesy), R2 ← Q01, R3 mapped to nothing (never observed)."""
    referential = services.referential_create(
        actor=actor, code=code, edition=1, title_ar="مرجع اختبار", title_fr="Référentiel test"
    )
    chapter = services.chapter_create(
        actor=actor, referential=referential, number=1, title_ar="باب", title_fr="Chapitre"
    )
    version = grid_version()
    for position, (req_code, criterion) in enumerate(
        (("R1", "Q03"), ("R2", "Q01"), ("R3", None)), start=1
    ):
        requirement = services.requirement_create(
            actor=actor,
            chapter=chapter,
            code=req_code,
            text_ar=f"مقتضى {req_code}",
            text_fr=f"Exigence {req_code}",
            position=position,
        )
        if criterion:
            services.requirement_map(
                actor=actor, requirement=requirement, grid_version=version, criterion_code=criterion
            )
    return referential


def hand_computed(*, coordinator: Any, body: PublicBody | None = None) -> Fixture:
    """Point P: one GOOD and one POOR report; point P2 (same body): one POOR report."""
    referential = make_referential(actor=coordinator)
    services.referential_publish(actor=coordinator, referential=referential)
    body = body or PublicBodyFactory()
    point = make_point(body=body)
    other = make_point(body=body)
    reports = [
        validated_report(coordinator=coordinator, point=point, answers=GOOD),
        validated_report(coordinator=coordinator, point=point, answers=POOR),
        validated_report(coordinator=coordinator, point=other, answers=POOR),
    ]
    referential.refresh_from_db()
    return Fixture(referential, body, point, other, reports)
