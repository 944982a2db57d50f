"""Label holders against comparable non-holders (docs/compliance.md, "Holders vs non-holders").

Holders: points whose label is certified or follow-up due, certified on or before the period's
end. Comparable non-holders: the other active points of the same category *and* governorate as
some holder (the strata). Over the validated reports of the period (and the filters), for each
group: the mean overall score out of 100 with its 95 % Student t interval (reports are the
units), compliance with the referential (rules.py), and the difference holders − non-holders
with Welch's interval. Below RAQIB_COMPLIANCE_MIN_REPORTS reports in a group, no mean.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from raqib.grids.frozen import FrozenScore
from raqib.missions.models import Report
from raqib.registry.models import ServicePoint
from raqib.surveys.indices import Figure, mean_figure, t_quantile

from .models import LabelHolder, LabelStatus, Referential
from .rules import compliance_percent, requirement_compliance
from .scoping import Scope, observations, referential_requirements, scope_reports

HOLDING = (LabelStatus.CERTIFIED, LabelStatus.FOLLOW_UP_DUE)


@dataclass(frozen=True)
class GroupFigures:
    points: int
    reports: int
    score: Figure  # mean out of 100 with its interval (value None: not enough reports)
    compliance: Decimal | None


@dataclass(frozen=True)
class Difference:
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class HoldersComparison:
    strata: int
    holders: GroupFigures
    others: GroupFigures
    difference: Difference | None


def welch_difference(a: Sequence[float], b: Sequence[float]) -> Difference | None:
    """mean(a) − mean(b) ± t(0.975, ν) × √(s²a/na + s²b/nb), ν by Welch–Satterthwaite."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return None
    ma, mb = math.fsum(a) / na, math.fsum(b) / nb
    va = math.fsum((x - ma) ** 2 for x in a) / (na - 1)
    vb = math.fsum((x - mb) ** 2 for x in b) / (nb - 1)
    qa, qb = va / na, vb / nb
    se = math.sqrt(qa + qb)
    diff = ma - mb
    if se == 0:
        return Difference(value=diff, low=diff, high=diff)
    df = (qa + qb) ** 2 / (qa**2 / (na - 1) + qb**2 / (nb - 1))
    half = t_quantile(0.975, max(1, math.floor(df))) * se
    return Difference(value=diff, low=diff - half, high=diff + half)


def _group(
    *, referential: Referential, reports: list[Report], points: int, minimum: int
) -> tuple[GroupFigures, list[float]]:
    scores: list[float] = []
    for report in reports:
        frozen = FrozenScore.read(report.score)
        if frozen is not None and frozen.out_of_100 is not None:
            scores.append(float(frozen.out_of_100))
    results = requirement_compliance(
        requirements=[r.code for r in referential_requirements(referential=referential)],
        observations=observations(referential=referential, reports=reports),
    )
    figures = GroupFigures(
        points=points,
        reports=len(reports),
        score=mean_figure(scores, minimum),
        compliance=compliance_percent(results),
    )
    return figures, scores


def holders_comparison(
    *,
    referential: Referential,
    start: dt.date,
    end: dt.date,
    body_ids: Collection[int] | None = None,
    governorate_id: int | None = None,
    category_id: int | None = None,
    channel: str | None = None,
) -> HoldersComparison:
    holder_ids = set(
        LabelHolder.objects.filter(status__in=HOLDING, certified_on__lte=end).values_list(
            "service_point_id", flat=True
        )
    )
    points = ServicePoint.objects.filter(is_active=True)
    if body_ids is not None:
        points = points.filter(body_id__in=list(body_ids))
    if governorate_id is not None:
        points = points.filter(governorate_id=governorate_id)
    if category_id is not None:
        points = points.filter(category_id=category_id)
    rows = list(points.values_list("pk", "category_id", "governorate_id"))
    strata = {(c, g) for pk, c, g in rows if pk in holder_ids}
    holders = {pk for pk, _c, _g in rows if pk in holder_ids}
    others = {pk for pk, c, g in rows if pk not in holder_ids and (c, g) in strata}
    scope = Scope(start=start, end=end, channel=channel)
    reports = list(
        scope_reports(scope=scope).filter(mission__service_point_id__in=holders | others)
    )
    minimum = settings.RAQIB_COMPLIANCE_MIN_REPORTS
    mine = [r for r in reports if r.mission.service_point_id in holders]
    theirs = [r for r in reports if r.mission.service_point_id in others]
    held, held_scores = _group(
        referential=referential, reports=mine, points=len(holders), minimum=minimum
    )
    other, other_scores = _group(
        referential=referential, reports=theirs, points=len(others), minimum=minimum
    )
    difference = None
    if held.score.enough and other.score.enough:
        difference = welch_difference(held_scores, other_scores)
    return HoldersComparison(strata=len(strata), holders=held, others=other, difference=difference)
