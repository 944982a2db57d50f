"""The reports and observations behind compliance figures (shared by selectors.py and
holders.py): validated, active reports of a scope and period, and their mapped criteria."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from raqib.grids.frozen import FrozenScore
from raqib.missions.models import Report, ReportStatus

from .models import Referential, Requirement, RequirementMapping
from .rules import Observation


def referential_requirements(*, referential: Referential) -> list[Requirement]:
    return list(
        referential.requirements.select_related("chapter")
        .prefetch_related("mappings__grid_version__grid")
        .order_by("chapter__number", "position", "code")
    )


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    point_id: int | None = None
    body_ids: frozenset[int] | None = None
    governorate_id: int | None = None
    category_id: int | None = None
    channel: str | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def scope_reports(*, scope: Scope) -> QuerySet[Report]:
    """Validated, active reports whose visit day (Africa/Tunis) falls in the period."""
    qs = Report.objects.filter(
        status=ReportStatus.VALIDATED,
        is_active=True,
        mission__window_start__gte=_day_start(scope.start),
        mission__window_start__lt=_day_start(scope.end + dt.timedelta(days=1)),
    )
    if scope.point_id is not None:
        qs = qs.filter(mission__service_point_id=scope.point_id)
    if scope.body_ids is not None:
        qs = qs.filter(mission__service_point__body_id__in=scope.body_ids)
    if scope.governorate_id is not None:
        qs = qs.filter(mission__service_point__governorate_id=scope.governorate_id)
    if scope.category_id is not None:
        qs = qs.filter(mission__service_point__category_id=scope.category_id)
    if scope.channel:
        qs = qs.filter(mission__channel=scope.channel)
    return qs.select_related("mission").order_by("pk")


def observations(*, referential: Referential, reports: list[Report]) -> list[Observation]:
    """The scored mapped criteria of the reports, one observation per (report, criterion,
    requirement)."""
    versions = {r.mission.grid_version_id for r in reports}
    mapped: dict[tuple[int, str], list[str]] = {}
    for grid_version_id, criterion_code, code in RequirementMapping.objects.filter(
        requirement__referential=referential, grid_version_id__in=versions
    ).values_list("grid_version_id", "criterion_code", "requirement__code"):
        mapped.setdefault((grid_version_id, criterion_code), []).append(code)
    found: list[Observation] = []
    for report in reports:
        frozen = FrozenScore.read(report.score)
        if frozen is None:
            continue
        for section in frozen.sections:
            for criterion in section.criteria:
                if criterion.score is None or criterion.status != "scored":
                    continue
                for code in mapped.get((report.mission.grid_version_id, criterion.code), ()):
                    found.append(
                        Observation(
                            requirement=code,
                            report_id=report.pk,
                            criterion=criterion.code,
                            score=criterion.score,
                        )
                    )
    return found
