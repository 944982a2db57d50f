"""The bodies of planning's background tasks (tasks.py): computing a plan, turning it into
missions. Kept apart from services.py, which queues them, so that neither imports the other."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.accounts.models import User
from raqib.core.writes import model_update, no_check
from raqib.missions.services import mission_create

from .build import build_problem
from .check import plan_violations
from .models import (
    CampaignStatus,
    PlannedVisit,
    PlanRun,
    PointPriority,
    RunStatus,
)
from .problem import IN_PERSON
from .results import plan_campaign

logger = logging.getLogger(__name__)


def _progress(run_id: int) -> Any:
    def report(percent: int, stage: str) -> None:
        PlanRun.objects.filter(pk=run_id).update(progress=min(100, percent), stage=stage)

    return report


def plan_run_execute(run_id: int) -> PlanRun:
    """The task's body: build the problem, solve, check the plan, store it."""
    run = PlanRun.objects.select_related("campaign").get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return run  # a task delivered twice
    PlanRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=1, stage="build")
    try:
        built = build_problem(run.campaign, today=timezone.localdate())
        result, plan = plan_campaign(
            built.problem,
            time_limit=run.time_limit,
            curve_time_limit=min(
                int(settings.RAQIB_PLANNING_CURVE_TIME_LIMIT), max(2, run.time_limit // 4)
            ),
            progress=_progress(run.pk),
        )
        problems = plan_violations(built.problem, plan, targets=result.reachable)
        if problems:
            raise RuntimeError("plan breaks a rule: " + "; ".join(problems[:5]))
    except Exception:
        logger.exception("plan run %s failed", run.pk)
        PlanRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The plan could not be computed. Start again; if it fails again, "
                "tell the administrator."
            ),
        )
        return PlanRun.objects.get(pk=run.pk)
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().select_related("campaign").get(pk=run.pk)
        trip_costs = {k: t.cost for k, t in enumerate(plan.trips)}
        fees = built.problem.costs.fees
        PlannedVisit.objects.bulk_create(
            [
                PlannedVisit(
                    run=run,
                    service_point_id=v.point,
                    observer_id=v.observer,
                    channel=v.channel,
                    day=v.day,
                    week_start=v.week_start,
                    week_end=v.week_end,
                    trip=v.trip,
                    trip_cost=trip_costs.get(v.trip, 0) if v.trip is not None else 0,
                    fee=fees.get(v.channel, 0),
                )
                for v in plan.visits
            ],
            batch_size=1000,
        )
        PointPriority.objects.bulk_create(
            [
                PointPriority(
                    run=run,
                    service_point_id=pk,
                    priority=Decimal(str(value)),
                    signals={k: round(v, 4) for k, v in scores.items()},
                )
                for pk, (value, scores) in built.priorities.items()
            ],
            batch_size=1000,
        )
        data = result.to_json()
        data["left_out"] = [list(x) for x in built.left_out]
        model_update(
            instance=run,
            actor=None,
            action="plan_run.finish",
            data={
                "status": RunStatus.DONE,
                "progress": 100,
                "stage": "done",
                "finished_at": timezone.now(),
                "result": data,
            },
            fields=["status", "progress"],
            label=run.campaign.name,
            validate=no_check,
        )
        if run.campaign.status == CampaignStatus.DRAFT:
            model_update(
                instance=run.campaign,
                actor=None,
                action="campaign.plan_ready",
                data={"status": CampaignStatus.PLANNED},
                label=run.campaign.name,
                validate=no_check,
            )
    return run


def _window(visit: PlannedVisit) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    if visit.channel == IN_PERSON:
        first, last = visit.day, visit.day
    else:
        first, last = visit.week_start, visit.week_end
    return (
        dt.datetime.combine(first, dt.time(8, 0), tzinfo=tz),
        dt.datetime.combine(last, dt.time(16, 0), tzinfo=tz),
    )


def launchable(run: PlanRun) -> None:
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This plan is not ready."))
    latest = run.campaign.runs.filter(status=RunStatus.DONE).order_by("-pk").first()
    if latest is None or latest.pk != run.pk:
        raise ValidationError(_("Only the latest plan of the campaign can be launched."))


def campaign_launch(*, actor: User, run: PlanRun) -> dict[str, Any]:
    """Turn a plan into missions, each through `missions.services.mission_create` with its
    observer (conflicts re-checked, the observer notified). Visits already turned are skipped,
    so a second click creates nothing twice; a refused visit is reported with its reasons."""
    campaign = run.campaign
    launchable(run)
    grids = {
        IN_PERSON: campaign.grid_in_person,
        "phone": campaign.grid_phone,
        "web": campaign.grid_web,
    }
    created = 0
    refused: list[list[str]] = []
    label = f"PLAN-{campaign.pk} {campaign.name}"[:120]
    for visit in run.visits.filter(mission__isnull=True).select_related(
        "service_point", "observer"
    ):
        start, end = _window(visit)
        version = grids[visit.channel]
        if version is None:  # the grid was taken off the campaign after the plan
            refused.append(
                [visit.service_point.code, _("The campaign has no grid for this channel.")]
            )
            continue
        try:
            with transaction.atomic():
                mission = mission_create(
                    actor=actor,
                    service_point=visit.service_point,
                    grid_version=version,
                    window_start=start,
                    window_end=end,
                    channel=visit.channel,
                    campaign=label,
                    observer=visit.observer,
                )
                PlannedVisit.objects.filter(pk=visit.pk, mission__isnull=True).update(
                    mission=mission
                )
                created += 1
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            refused.append([visit.service_point.code, "; ".join(messages)])
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run.pk)
        result = dict(run.result)
        launch = result.get("launch") or {"created": 0, "refused": []}
        launch = {"created": launch["created"] + created, "refused": refused}
        result["launch"] = launch
        model_update(
            instance=run,
            actor=actor,
            action="plan_run.launch",
            data={"result": result, "stage": "launched"},
            fields=["stage"],
            always=True,
            extra={"created": created, "refused": len(refused)},
            label=campaign.name,
            validate=no_check,
        )
        model_update(
            instance=campaign,
            actor=actor,
            action="campaign.launch",
            data={"status": CampaignStatus.LAUNCHED},
            label=campaign.name,
            validate=no_check,
        )
    return launch
