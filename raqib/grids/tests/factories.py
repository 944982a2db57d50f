"""Test helpers: small grids built through the services (the only write path)."""

from __future__ import annotations

from typing import Any

from raqib.grids import services
from raqib.grids.models import Grid, GridVersion


def make_draft(code: str = "TEST", *, actor: Any = None) -> GridVersion:
    """A grid with a publishable draft: two sections, a choice list and five criteria."""
    grid = services.grid_create(
        actor=actor,
        code=code,
        channel="in_person",
        title_ar="شبكة تجريبية",
        title_fr="Grille d'essai",
    )
    version = grid.versions.get()
    courtesy = services.choice_list_create(actor=actor, version=version, name="courtesy")
    for name, ar, fr, score in [
        ("good", "جيّد", "Bonne", 1.0),
        ("fair", "مقبول", "Passable", 0.5),
        ("poor", "ضعيف", "Mauvaise", 0.0),
    ]:
        services.choice_create(
            actor=actor, choice_list=courtesy, name=name, label_ar=ar, label_fr=fr, score=score
        )
    reception = services.section_create(
        actor=actor,
        version=version,
        code="reception",
        label_ar="الاستقبال",
        label_fr="Accueil",
        weight=2.0,
    )
    services.criterion_create(
        actor=actor,
        section=reception,
        code="Q01",
        label_ar="هل توجد لافتة؟",
        label_fr="Y a-t-il une signalétique ?",
        answer_type="yes_no",
        photo_required_when=["no"],
        reference="Marhba — signalétique",
    )
    services.criterion_create(
        actor=actor,
        section=reception,
        code="Q02",
        label_ar="مدة الانتظار",
        label_fr="Temps d'attente",
        answer_type="number",
        unit="minutes",
        bands=[{"max": 10, "score": 1}, {"max": 20, "score": 0.5}, {"max": None, "score": 0}],
    )
    services.criterion_create(
        actor=actor,
        section=reception,
        code="Q03",
        label_ar="اللياقة",
        label_fr="Courtoisie",
        answer_type="single_choice",
        choice_list=courtesy,
    )
    integrity = services.section_create(
        actor=actor, version=version, code="integrity", label_ar="النزاهة", label_fr="Intégrité"
    )
    services.criterion_create(
        actor=actor,
        section=integrity,
        code="Q04",
        label_ar="طلب مقابل غير مستحق",
        label_fr="Paiement indu demandé",
        answer_type="yes_no",
        negative=True,
        critical=True,
    )
    services.criterion_create(
        actor=actor,
        section=integrity,
        code="Q05",
        label_ar="التقييم العام",
        label_fr="Appréciation générale",
        answer_type="scale",
        scale_min=1,
        scale_max=5,
    )
    return version


def make_published(code: str = "TEST", *, actor: Any = None) -> GridVersion:
    return services.grid_version_publish(actor=actor, version=make_draft(code, actor=actor))


def grid_count() -> int:
    return Grid.objects.count()
