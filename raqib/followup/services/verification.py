"""Verification on the ground: missions on the affected points, then the frozen result."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core import conf
from raqib.core.access import has_any_role
from raqib.core.roles import Role
from raqib.core.writes import model_audit
from raqib.grids.frozen import FrozenScore
from raqib.grids.selectors import grid_version_published_list
from raqib.missions.models import Mission, MissionStatus, Report, ReportStatus
from raqib.missions.services import mission_create

from ..models import Outcome, Recommendation, RecommendationStatus, VerificationMission
from ..verification import verification_result
from .recommendations import recommendation_transition

if TYPE_CHECKING:
    from raqib.accounts.models import User
    from raqib.grids.models import GridVersion

OPEN_MISSION = (
    MissionStatus.PLANNED,
    MissionStatus.ASSIGNED,
    MissionStatus.IN_PROGRESS,
    MissionStatus.SUBMITTED,
    MissionStatus.RETURNED,
)


def _codes(version: GridVersion) -> set[str]:
    snapshot = version.snapshot or {}
    return {c["code"] for s in snapshot.get("sections", []) for c in s.get("criteria", [])}


def _verification_version(recommendation: Recommendation) -> GridVersion:
    """The newest published version of the recommendation's grid that has every criterion."""
    assert recommendation.grid_version is not None
    for version in grid_version_published_list().filter(
        grid_id=recommendation.grid_version.grid_id
    ):
        if set(recommendation.criteria) <= _codes(version):
            return version
    raise ValidationError(
        _("No published version of the grid has all the linked criteria any more.")
    )


def _channel(recommendation: Recommendation, version: GridVersion) -> str:
    finding = recommendation.findings.select_related("report__mission").first()
    return finding.report.mission.channel if finding is not None else version.grid.channel


@transaction.atomic
def verification_missions_create(
    *,
    actor: User,
    recommendation: Recommendation,
    observer: User | None = None,
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
) -> list[Mission]:
    """One mission per affected point, on the grid of the linked criteria (one click).

    Coordinators only: creating and assigning missions is theirs (as in the missions app).
    """
    if not has_any_role(actor, {Role.COORDINATOR}):
        raise PermissionDenied
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.IMPLEMENTED:
        raise ValidationError(
            _("Verification visits are created once the body says it has implemented it."),
            code="transition",
        )
    if not recommendation.criteria or recommendation.grid_version is None:
        raise ValidationError(_("Link the recommendation to grid criteria to verify it."))
    points = list(recommendation.service_points.order_by("code"))
    if not points:
        raise ValidationError(_("The recommendation names no service point to visit."))
    if recommendation.verifications.filter(
        mission__status__in=OPEN_MISSION, mission__created_at__gte=recommendation.implemented_at
    ).exists():
        raise ValidationError(_("Verification visits are already under way."), code="transition")
    version = _verification_version(recommendation)
    start = window_start or timezone.now()
    end = window_end or start + dt.timedelta(days=conf.followup_verify_days())
    channel = _channel(recommendation, version)
    missions = []
    for point in points:
        mission = mission_create(
            actor=actor,
            service_point=point,
            grid_version=version,
            window_start=start,
            window_end=end,
            channel=channel,
            campaign=recommendation.ref,
            observer=observer,
        )
        VerificationMission.objects.create(recommendation=recommendation, mission=mission)
        missions.append(mission)
    model_audit(
        instance=recommendation,
        actor=actor,
        action="recommendation.verify_missions",
        label=recommendation.ref,
        changes={"missions": [None, [m.code for m in missions]]},
    )
    return missions


def _before_scores(recommendation: Recommendation) -> list[FrozenScore | None]:
    reports = [f.report for f in recommendation.findings.select_related("report")]
    if not reports and recommendation.sent_at is not None:
        # Written freely: the validated visits of its points in the year before it was sent.
        since = recommendation.sent_at - dt.timedelta(days=365)
        reports = list(
            Report.objects.filter(
                is_active=True,
                status=ReportStatus.VALIDATED,
                mission__service_point__in=recommendation.service_points.all(),
                mission__window_start__gte=since,
                mission__window_start__lt=recommendation.sent_at,
            )
        )
    return [FrozenScore.read(r.score) for r in reports]


@transaction.atomic
def recommendation_verification_settle(*, recommendation: Recommendation) -> bool:
    """When every verification visit is validated, freeze before/after and decide.

    Returns True when the recommendation was settled now. Called inside the validation of
    each verification report (missions' `report_validated` signal).
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.IMPLEMENTED:
        return False
    # This round only: visits created after the (latest) claim — a round that found it not
    # effective does not count again once the body has acted anew.
    missions = [
        v.mission
        for v in recommendation.verifications.select_related("mission")
        if v.mission.status != MissionStatus.CANCELLED
        and recommendation.implemented_at is not None
        and v.mission.created_at >= recommendation.implemented_at
    ]
    if not missions or any(m.status != MissionStatus.VALIDATED for m in missions):
        return False
    after = [
        FrozenScore.read(r.score)
        for r in Report.objects.filter(
            mission__in=missions, is_active=True, status=ReportStatus.VALIDATED
        )
    ]
    result = verification_result(
        before=_before_scores(recommendation),
        after=after,
        codes=list(recommendation.criteria),
        threshold_percent=conf.followup_effective_percent(),
    )
    event = "verify_effective" if result.effective else "verify_not_effective"
    recommendation_transition(
        actor=None,
        recommendation=recommendation,
        event=event,
        extra={
            "verification": result.to_json(),
            "outcome": Outcome.EFFECTIVE if result.effective else Outcome.NOT_EFFECTIVE,
        },
    )
    return True
