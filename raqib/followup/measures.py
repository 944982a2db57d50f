"""The compliance of a simplification measure on the ground.

The method is documented in docs/simplification-measures.md.

For a measure and a period, the reports taken into account are the validated, active reports
(`missions.Report`, status validated, `is_active`) of missions

* whose grid version belongs to the measure's grid,
* at a service point of one of the measure's bodies or of a body under it (and, when the
  measure names service categories, of one of them),
* whose reference day — the local date of the mission's `window_start`, as in the dashboard —
  is on or after the date the measure came into force and inside the asked period.

A report **observes** the measure when at least one of the measure's criteria is scored in its
frozen score (answered, relevant, not "not applicable"); it **complies** when every scored
criterion of the measure has the full score (exactly 1). The compliance rate is

    rate = complying reports ÷ observing reports,   n = observing reports,

overall, per body (the body of the report's service point) and per governorate (the service
point's governorate); it is None when n = 0. Rates are exact fractions here and shown as a
percentage with one decimal, rounded half up, only when displayed.

Pure reading: nothing here writes, and nothing names an observer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.activity import ActivityFilters, ActivityTable
from raqib.core.bilingual import localized_text
from raqib.grids.frozen import FrozenScore
from raqib.grids.models import GridVersion, VersionStatus
from raqib.missions.models import Report, ReportStatus
from raqib.registry.selectors import public_body_descendant_ids

from .models import SimplificationMeasure

if TYPE_CHECKING:
    from raqib.registry.models import ServicePoint

__all__ = [
    "Compliance",
    "CriterionLabel",
    "Rate",
    "RateRow",
    "compliance_table",
    "measure_compliance",
    "measure_criterion_labels",
    "measure_reports",
    "periodic_section_tables",
    "rate_percent",
    "report_verdict",
]

ONE_DECIMAL = Decimal("0.1")


def rate_percent(rate: Fraction | None) -> Decimal | None:
    """A rate in [0, 1] as a percentage with one decimal, rounded half up (None stays None)."""
    if rate is None:
        return None
    hundredfold = rate * 100
    exact = Decimal(hundredfold.numerator) / Decimal(hundredfold.denominator)
    return exact.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    """Complying ÷ observing reports; n is the number of observing reports."""

    complying: int = 0
    observing: int = 0

    @property
    def n(self) -> int:
        return self.observing

    @property
    def exact(self) -> Fraction | None:
        return Fraction(self.complying, self.observing) if self.observing else None

    @property
    def percent(self) -> Decimal | None:
        return rate_percent(self.exact)

    def add(self, complies: bool) -> Rate:
        return Rate(self.complying + int(complies), self.observing + 1)


@dataclass(frozen=True)
class RateRow:
    """The rate of one body or one governorate (its id, code and name in the current language)."""

    id: int
    code: str
    name: str
    rate: Rate


@dataclass(frozen=True)
class Compliance:
    """A measure's compliance over a period (`start`/`end` None: open on that side)."""

    measure_id: int
    start: dt.date | None
    end: dt.date | None
    considered: int  # reports of the measure's scope and period, observing it or not
    overall: Rate
    by_body: tuple[RateRow, ...]
    by_governorate: tuple[RateRow, ...]

    @property
    def not_observing(self) -> int:
        return self.considered - self.overall.observing


@dataclass(frozen=True)
class CriterionLabel:
    code: str
    label: str
    known: bool  # False: the code is in no published or retired version of the grid


def report_verdict(score: Mapping[str, Any] | None, criteria: Iterable[str]) -> bool | None:
    """For one frozen score: None when no criterion of `criteria` is scored (the report does
    not observe the measure), else whether every scored one has the full score."""
    frozen = FrozenScore.read(score)
    if frozen is None:
        return None
    wanted = set(criteria)
    scored = [
        criterion
        for section in frozen.sections
        for criterion in section.criteria
        if criterion.code in wanted and criterion.scored and criterion.score is not None
    ]
    if not scored:
        return None
    return all(criterion.score == 1 for criterion in scored)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def measure_reports(
    *,
    measure: SimplificationMeasure,
    start: dt.date | None = None,
    end: dt.date | None = None,
    body_ids: Iterable[int] | None = None,
    governorate_id: int | None = None,
    region_tag: str | None = None,
    category_id: int | None = None,
    channel: str | None = None,
) -> QuerySet[Report]:
    """The validated, active reports that may observe `measure` between `start` and `end`.

    `body_ids` narrows the measure's bodies (a focal point's bodies, a filter): only reports at
    points of bodies in both sets count. The other arguments are the dashboard's filters.
    """
    roots = list(measure.bodies.values_list("id", flat=True))
    bodies = public_body_descendant_ids(root_ids=roots) if roots else set()
    if body_ids is not None:
        bodies &= set(body_ids)
    first_day = max(measure.in_force_on, start) if start else measure.in_force_on
    qs = Report.objects.filter(
        status=ReportStatus.VALIDATED,
        is_active=True,
        mission__grid_version__grid_id=measure.grid_id,
        mission__service_point__body_id__in=bodies,
        mission__window_start__gte=_day_start(first_day),
    )
    if end is not None:
        qs = qs.filter(mission__window_start__lt=_day_start(end + dt.timedelta(days=1)))
    categories = list(measure.categories.values_list("id", flat=True))
    if categories:
        qs = qs.filter(mission__service_point__category_id__in=categories)
    if category_id:
        qs = qs.filter(mission__service_point__category_id=category_id)
    if governorate_id:
        qs = qs.filter(mission__service_point__governorate_id=governorate_id)
    if region_tag:
        qs = qs.filter(mission__service_point__governorate__region_tags__code=region_tag)
    if channel:
        qs = qs.filter(mission__channel=channel)
    return qs.select_related(
        "mission__service_point__body", "mission__service_point__governorate"
    ).order_by("pk")


def _rows(rates: dict[int, Rate], names: dict[int, tuple[str, str]]) -> tuple[RateRow, ...]:
    rows = [RateRow(id=k, code=names[k][0], name=names[k][1], rate=r) for k, r in rates.items()]
    return tuple(sorted(rows, key=lambda row: (row.name, row.code)))


def measure_compliance(
    *,
    measure: SimplificationMeasure,
    start: dt.date | None = None,
    end: dt.date | None = None,
    body_ids: Iterable[int] | None = None,
    **filters: Any,
) -> Compliance:
    """The compliance of `measure` over the period (see the module docstring)."""
    overall = Rate()
    by_body: dict[int, Rate] = {}
    by_governorate: dict[int, Rate] = {}
    body_names: dict[int, tuple[str, str]] = {}
    governorate_names: dict[int, tuple[str, str]] = {}
    considered = 0
    reports = measure_reports(measure=measure, start=start, end=end, body_ids=body_ids, **filters)
    for report in reports:
        considered += 1
        verdict = report_verdict(report.score, measure.criteria)
        if verdict is None:
            continue
        point: ServicePoint = report.mission.service_point
        overall = overall.add(verdict)
        by_body[point.body_id] = by_body.get(point.body_id, Rate()).add(verdict)
        body_names[point.body_id] = (point.body.code, point.body.name)
        by_governorate[point.governorate_id] = by_governorate.get(point.governorate_id, Rate()).add(
            verdict
        )
        governorate_names[point.governorate_id] = (
            point.governorate.iso_code,
            point.governorate.name,
        )
    return Compliance(
        measure_id=measure.pk,
        start=start,
        end=end,
        considered=considered,
        overall=overall,
        by_body=_rows(by_body, body_names),
        by_governorate=_rows(by_governorate, governorate_names),
    )


def measure_criterion_labels(*, measure: SimplificationMeasure) -> list[CriterionLabel]:
    """Each criterion of the measure with its label in the newest frozen version that has it."""
    labels: dict[str, str] = {}
    versions = GridVersion.objects.filter(grid_id=measure.grid_id).exclude(
        status=VersionStatus.DRAFT
    )
    for version in versions.order_by("number"):
        for section in (version.snapshot or {}).get("sections", []):
            for criterion in section.get("criteria", []):
                labels[criterion["code"]] = localized_text(criterion.get("label"))
    return [
        CriterionLabel(code=code, label=labels.get(code, ""), known=code in labels)
        for code in measure.criteria
    ]


def compliance_table(compliance: Compliance) -> tuple[list[str], list[list[str]]]:
    """Headers and text rows of the compliance table (the page's export): overall, then per
    body, then per governorate; the rate as a percentage with one decimal ("" when n = 0)."""
    headers = [_("Scope"), _("Code"), _("Name"), _("Complying"), _("n"), _("Compliance (%)")]

    def line(scope: str, code: str, name: str, rate: Rate) -> list[str]:
        percent = rate.percent
        return [
            scope,
            code,
            name,
            str(rate.complying),
            str(rate.n),
            "" if percent is None else str(percent),
        ]

    rows = [line(_("Overall"), "", "", compliance.overall)]
    rows += [line(_("Body"), r.code, r.name, r.rate) for r in compliance.by_body]
    rows += [line(_("Governorate"), r.code, r.name, r.rate) for r in compliance.by_governorate]
    return headers, rows


def _in_period(measures: Sequence[SimplificationMeasure], end: dt.date) -> list[Any]:
    return [m for m in measures if m.in_force_on <= end]


def periodic_section_tables(*, filters: ActivityFilters) -> ActivityTable:
    """One row per measure in force by the end of the period: code, title, date in force, n and
    the compliance (%) over the period with the report's filters (for the follow-up section)."""
    measures = _in_period(
        list(SimplificationMeasure.objects.prefetch_related("bodies", "categories")), filters.end
    )
    body_ids = public_body_descendant_ids(root_ids=[filters.body_id]) if filters.body_id else None
    rows = []
    for measure in measures:
        compliance = measure_compliance(
            measure=measure,
            start=filters.start,
            end=filters.end,
            body_ids=body_ids,
            governorate_id=filters.governorate_id,
            region_tag=filters.region_tag,
            category_id=filters.category_id,
            channel=filters.channel,
        )
        rows.append(
            (
                measure.code,
                measure.title,
                measure.in_force_on.isoformat(),
                compliance.overall.n,
                compliance.overall.percent,
            )
        )
    return ActivityTable(
        caption=_("Compliance with the simplification measures"),
        columns=(_("Code"), _("Measure"), _("In force from"), _("n"), _("Compliance (%)")),
        rows=tuple(rows),
        numeric=(False, False, False, True, True),
        note=_(
            "Share of the validated reports of the period, after the date in force, that "
            "score the measure's criteria and give them all the full score; n is the number "
            "of such reports."
        ),
    )
