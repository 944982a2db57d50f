"""Reads of the compliance app: referentials, and compliance per requirement (rules.py) over
the validated, active reports of a scope and period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from raqib.core.access import user_roles
from raqib.core.activity import ActivityFilters, ActivitySection, ActivityTable
from raqib.core.bilingual import localized
from raqib.core.roles import STAFF_ROLES, Role
from raqib.registry.models import PublicBody, ServicePoint
from raqib.registry.selectors import (
    public_body_descendant_ids,
    public_body_list_for_user,
    service_point_get_for_user,
)

from .holders import HoldersComparison, holders_comparison
from .models import (
    LabelDocument,
    LabelHolder,
    LabelStatus,
    LabelTransition,
    Referential,
    ReferentialStatus,
    Requirement,
)
from .rules import (
    LEVELS,
    MET,
    NOT_MET,
    NOT_OBSERVED,
    PARTLY,
    RequirementCompliance,
    compliance_percent,
    requirement_compliance,
)
from .scoping import Scope, observations, referential_requirements, scope_reports


def referential_current() -> Referential | None:
    """The newest published referential, else the newest draft (Marhba first)."""
    published = Referential.objects.filter(status=ReferentialStatus.PUBLISHED)
    return (
        published.order_by("-edition", "-id").first()
        or Referential.objects.order_by("-edition", "-id").first()
    )


def referential_list() -> QuerySet[Referential]:
    return Referential.objects.order_by("code", "-edition")


def referential_get(*, pk: Any) -> Referential:
    try:
        return Referential.objects.get(pk=pk)
    except (Referential.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    result: RequirementCompliance


@dataclass(frozen=True)
class ScopeCompliance:
    referential: Referential
    rows: tuple[RequirementRow, ...]
    percent: Decimal | None
    reports: int
    counts: dict[str, int]

    @property
    def observed(self) -> int:
        return sum(1 for row in self.rows if row.result.level != NOT_OBSERVED)


def scope_compliance(*, referential: Referential, scope: Scope) -> ScopeCompliance:
    requirements = referential_requirements(referential=referential)
    reports = list(scope_reports(scope=scope))
    results = requirement_compliance(
        requirements=[r.code for r in requirements],
        observations=observations(referential=referential, reports=reports),
    )
    rows = tuple(
        RequirementRow(requirement=req, result=res)
        for req, res in zip(requirements, results, strict=True)
    )
    counts = dict.fromkeys(LEVELS, 0)
    for row in rows:
        counts[row.result.level] += 1
    return ScopeCompliance(
        referential=referential,
        rows=rows,
        percent=compliance_percent(results),
        reports=len(reports),
        counts=counts,
    )


@dataclass(frozen=True)
class TrendRow:
    start: dt.date
    end: dt.date
    percent: Decimal | None
    reports: int
    observed: int


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def compliance_trend(
    *, referential: Referential, scope_kwargs: dict[str, Any], end: dt.date, quarters: int = 4
) -> list[TrendRow]:
    """Compliance per calendar quarter, the quarters up to the one holding ``end`` (oldest
    first); the last quarter stops at ``end``."""
    starts = [quarter_start(end)]
    for _quarter in range(quarters - 1):
        starts.insert(0, quarter_start(starts[0] - dt.timedelta(days=1)))
    rows = []
    for index, start in enumerate(starts):
        stop = end if index == len(starts) - 1 else starts[index + 1] - dt.timedelta(days=1)
        result = scope_compliance(
            referential=referential, scope=Scope(start=start, end=stop, **scope_kwargs)
        )
        rows.append(
            TrendRow(
                start=start,
                end=stop,
                percent=result.percent,
                reports=result.reports,
                observed=result.observed,
            )
        )
    return rows


def point_get_for_user(*, user: Any, pk: Any) -> ServicePoint:
    """The point, or 404 out of the user's scope (focal points: their bodies' points)."""
    return service_point_get_for_user(user=user, pk=pk)


def body_get_for_user(*, user: Any, pk: Any) -> PublicBody:
    try:
        return public_body_list_for_user(user=user).get(pk=pk)
    except (PublicBody.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def body_scope_ids(*, body: PublicBody) -> frozenset[int]:
    return frozenset(public_body_descendant_ids(root_ids=[body.pk]))


def level_labels() -> dict[str, str]:
    return {
        MET: pgettext("compliance level", "Met"),
        PARTLY: pgettext("compliance level", "Partly met"),
        NOT_MET: pgettext("compliance level", "Not met"),
        NOT_OBSERVED: pgettext("compliance level", "Not observed"),
    }


def label_holder_list_for_user(*, user: Any) -> QuerySet[LabelHolder]:
    """Every holder for department staff; a focal point's own bodies' holders; else none."""
    qs = LabelHolder.objects.select_related("service_point__body").order_by(
        "service_point__code", "-id"
    )
    roles = user_roles(user)
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        return qs.filter(service_point__body_id__in=user.focal_body_ids)
    return qs.none()


def label_holder_get_for_user(*, user: Any, pk: Any) -> LabelHolder:
    try:
        return label_holder_list_for_user(user=user).get(pk=pk)
    except (LabelHolder.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def label_history(*, holder: LabelHolder) -> QuerySet[LabelTransition]:
    return holder.transitions.order_by("on", "id")


def _body_ids(filters: ActivityFilters) -> frozenset[int] | None:
    if filters.body_id is None:
        return None
    return frozenset(public_body_descendant_ids(root_ids=[filters.body_id]))


def holders_for_filters(*, referential: Referential, filters: ActivityFilters) -> HoldersComparison:
    """Holders against comparable non-holders within the dashboard's or report's filters."""
    return holders_comparison(
        referential=referential,
        start=filters.start,
        end=filters.end,
        body_ids=_body_ids(filters),
        governorate_id=filters.governorate_id,
        category_id=filters.category_id,
        channel=filters.channel,
    )


def periodic_report_section(*, filters: ActivityFilters) -> ActivitySection | None:
    """Compliance by requirement nationally (within the report's filters): figures only."""
    referential = referential_current()
    if referential is None:
        return None
    body_ids = _body_ids(filters)
    result = scope_compliance(
        referential=referential,
        scope=Scope(
            start=filters.start,
            end=filters.end,
            body_ids=body_ids,
            governorate_id=filters.governorate_id,
            category_id=filters.category_id,
            channel=filters.channel,
        ),
    )
    comparison = holders_for_filters(referential=referential, filters=filters)
    if result.reports == 0 and comparison.holders.points == 0:
        return None
    labels = level_labels()
    rows = tuple(
        (
            row.requirement.code,
            localized(row.requirement.text_ar, row.requirement.text_fr),
            labels[row.result.level],
            row.result.n,
            len(row.result.report_ids),
            row.result.percent,
        )
        for row in result.rows
    )
    table = ActivityTable(
        caption=_("Compliance by requirement — %(referential)s")
        % {"referential": localized(referential.title_ar, referential.title_fr)},
        columns=(
            _("Requirement"),
            _("Text"),
            _("Level"),
            _("Observations"),
            _("Reports"),
            _("Mean (%)"),
        ),
        rows=rows,
        numeric=(False, False, False, True, True, True),
        note=_(
            "Met: mean of the mapped criteria = 100 %; partly met: between 0 and 100 %; "
            "not met: 0 %; not observed: no mapped criterion scored in the period."
        ),
    )
    return ActivitySection(
        key="compliance",
        title=_("Compliance with the Marhba label requirements"),
        paragraphs=(
            _(
                "%(reports)s validated reports; overall compliance %(percent)s (mean over the "
                "observed requirements)."
            )
            % {
                "reports": result.reports,
                "percent": "—" if result.percent is None else f"{result.percent} %",
            },
        ),
        tables=(table, holders_table(comparison)) if comparison.holders.points else (table,),
        method="docs/compliance.md",
    )


def _one(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def holders_table(comparison: HoldersComparison) -> ActivityTable:
    rows: list[tuple[str | int | Decimal | None, ...]] = []
    for label, group in (
        (_("Label holders"), comparison.holders),
        (_("Comparable non-holders"), comparison.others),
    ):
        rows.append(
            (
                label,
                group.points,
                group.reports,
                _one(group.score.value),
                _one(group.score.low),
                _one(group.score.high),
                group.compliance,
            )
        )
    diff = comparison.difference
    rows.append(
        (
            _("Difference (holders − non-holders)"),
            None,
            None,
            None if diff is None else _one(diff.value),
            None if diff is None else _one(diff.low),
            None if diff is None else _one(diff.high),
            None,
        )
    )
    return ActivityTable(
        caption=_("Label holders against comparable non-holders"),
        columns=(
            _("Group"),
            _("Points"),
            _("Reports"),
            _("Mean score /100"),
            _("Low bound (95 %)"),
            _("High bound (95 %)"),
            _("Compliance (%)"),
        ),
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True, True),
        note=_(
            "Comparable non-holders: active points of the same category and governorate as a "
            "holder (%(strata)s pairs of category and governorate). Intervals: Student t for "
            "each mean, Welch for the difference; no mean below the minimum number of reports."
        )
        % {"strata": comparison.strata},
    )


def label_documents(*, holder: LabelHolder) -> QuerySet[LabelDocument]:
    return holder.documents.order_by("-created_at", "-id")


def label_document_get_for_user(*, user: Any, uuid: Any) -> LabelDocument:
    """A document of a holder the user may see (404 otherwise, as for the holder)."""
    try:
        document = LabelDocument.objects.get(uuid=uuid)
    except (LabelDocument.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    label_holder_get_for_user(user=user, pk=document.holder_id)
    return document


def labelled_points(*, service_point_ids: list[int] | None = None) -> dict[int, dt.date | None]:
    """{service point id: certified on} for the points holding the Marhba label today
    (certified, or certified with a follow-up visit due) — what a citizen may be told."""
    qs = LabelHolder.objects.filter(
        status__in=(LabelStatus.CERTIFIED, LabelStatus.FOLLOW_UP_DUE)
    ).order_by("service_point_id", "-certified_on")
    if service_point_ids is not None:
        qs = qs.filter(service_point_id__in=service_point_ids)
    out: dict[int, dt.date | None] = {}
    for point_id, certified_on in qs.values_list("service_point_id", "certified_on"):
        out.setdefault(point_id, certified_on)
    return out


def points_with_label_follow_up_due() -> set[int]:
    """Points whose Marhba label awaits its follow-up visit (planning's mandatory items)."""
    return set(
        LabelHolder.objects.filter(status=LabelStatus.FOLLOW_UP_DUE).values_list(
            "service_point_id", flat=True
        )
    )
