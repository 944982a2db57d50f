"""Reads for equal treatment: the traits, the observers' values (coordinators and director
only) and the pairs of validated reports reduced for the paired test (equality.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from raqib.core.bilingual import localized
from raqib.grids.frozen import FrozenScore
from raqib.missions.models import Report, ReportStatus

from .equality import PairedAnalysis, PairObservation, paired_analysis
from .models import ObserverTrait, Trait


def trait_list() -> QuerySet[Trait]:
    return Trait.objects.filter(is_active=True).order_by("code")


def trait_get(*, pk: Any) -> Trait:
    try:
        return Trait.objects.get(pk=pk, is_active=True)
    except (Trait.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def trait_value_label(trait: Trait, code: str) -> str:
    for value in trait.values:
        if isinstance(value, dict) and value.get("code") == code:
            return localized(str(value.get("ar", "")), str(value.get("fr", "")))
    return "—"


@dataclass(frozen=True)
class TraitRow:
    pseudonym: str
    trait: str
    value: str
    consent_on: dt.date


def observer_trait_rows() -> list[TraitRow]:
    """Every recorded value, by pseudonym (the department's coordinators and director only)."""
    rows = ObserverTrait.objects.select_related("trait", "observer__observer_profile").order_by(
        "trait__code", "observer__observer_profile__pseudonym"
    )
    return [
        TraitRow(
            pseudonym=row.observer.observer_profile.pseudonym,
            trait=localized(row.trait.name_ar, row.trait.name_fr),
            value=trait_value_label(row.trait, row.value),
            consent_on=row.consent_on,
        )
        for row in rows
    ]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _criteria(frozen: FrozenScore | None) -> dict[str, Fraction]:
    if frozen is None:
        return {}
    return {
        c.code: c.score
        for section in frozen.sections
        for c in section.criteria
        if c.score is not None and c.status == "scored"
    }


def pair_observations(
    *, trait: Trait, start: dt.date, end: dt.date, body_ids: Collection[int] | None = None
) -> list[PairObservation]:
    """The pairs of missions whose two reports are validated (active), visited in the period."""
    reports = Report.objects.filter(
        status=ReportStatus.VALIDATED,
        is_active=True,
        mission__pair__isnull=False,
        mission__window_start__gte=_day_start(start),
        mission__window_start__lt=_day_start(end + dt.timedelta(days=1)),
    ).select_related("mission")
    if body_ids is not None:
        reports = reports.filter(mission__service_point__body_id__in=list(body_ids))
    by_mission = {r.mission_id: r for r in reports}
    values = dict(ObserverTrait.objects.filter(trait=trait).values_list("observer_id", "value"))
    found: list[PairObservation] = []
    for mission_id, report in sorted(by_mission.items()):
        other_id = report.mission.pair_id
        if other_id is None or mission_id > other_id or other_id not in by_mission:
            continue
        other = by_mission[other_id]
        first, second = FrozenScore.read(report.score), FrozenScore.read(other.score)
        found.append(
            PairObservation(
                pair_id=mission_id,
                trait_values=(
                    values.get(report.mission.observer_id),
                    values.get(other.mission.observer_id),
                ),
                scores=(
                    first.overall if first else None,
                    second.overall if second else None,
                ),
                critical=(report.critical, other.critical),
                criteria=(_criteria(first), _criteria(second)),
            )
        )
    return found


def equal_treatment(
    *, trait: Trait, start: dt.date, end: dt.date, body_ids: Collection[int] | None = None
) -> PairedAnalysis:
    return paired_analysis(
        pairs=pair_observations(trait=trait, start=start, end=end, body_ids=body_ids),
        reference=trait.reference,
        min_pairs=settings.RAQIB_COMPLIANCE_MIN_PAIRS,
    )
