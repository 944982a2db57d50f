"""Writes of planning (docs/planning.md): keyword-only, atomic, audited through core.writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from raqib.accounts.models import User
from raqib.compliance.selectors import points_with_label_follow_up_due
from raqib.core.writes import model_audit, model_create, model_delete, model_update
from raqib.followup.selectors import points_awaiting_verification
from raqib.grids.models import GridVersion, VersionStatus
from raqib.registry.models import Governorate, ServicePoint

from . import risk
from .execution import launchable
from .models import (
    Campaign,
    CampaignItem,
    CampaignObserver,
    CampaignStatus,
    Complaint,
    ItemReason,
    PlanRun,
    RunStatus,
)

logger = logging.getLogger(__name__)

CAMPAIGN_FIELDS = [
    "name",
    "starts_on",
    "ends_on",
    "budget",
    "target_coverage",
    "target_interior",
    "governorate_floor",
    "min_in_person",
    "grid_in_person",
    "grid_phone",
    "grid_web",
    "cost_model",
    "risk_weights",
    "status",
]
COMPLAINTS_MAX_BYTES = 2 * 1024 * 1024
COMPLAINTS_MAX_ROWS = 20000


def _check_campaign(campaign: Campaign) -> None:
    campaign.full_clean()
    errors: dict[str, list[str]] = {}
    for name in ("grid_in_person", "grid_phone", "grid_web"):
        version: GridVersion | None = getattr(campaign, name)
        if version is not None and version.status != VersionStatus.PUBLISHED:
            errors.setdefault(name, []).append(_("Choose a published grid version."))
    expected = {"grid_in_person": "in_person", "grid_phone": "phone", "grid_web": "web"}
    for name, channel in expected.items():
        version = getattr(campaign, name)
        if version is not None and version.grid.channel != channel:
            errors.setdefault(name, []).append(_("This grid is not for this channel."))
    weights_problems = risk.weights_errors(
        {**settings.RAQIB_PLANNING_WEIGHTS, **campaign.risk_weights}
    )
    if weights_problems:
        errors["risk_weights"] = weights_problems
    if errors:
        raise ValidationError(errors)


def _editable(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.LAUNCHED:
        raise ValidationError(
            _("The missions of this campaign are created: it can no longer change.")
        )


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    budget: int,
    grid_in_person: GridVersion,
    grid_phone: GridVersion | None = None,
    grid_web: GridVersion | None = None,
    target_coverage: Decimal = Decimal("0.8"),
    target_interior: Decimal = Decimal("0.8"),
    governorate_floor: Decimal = Decimal("0.5"),
    min_in_person: Decimal = Decimal("0.6"),
    governorates: list[Governorate] | None = None,
    risk_weights: dict[str, int] | None = None,
    is_demo: bool = False,
) -> Campaign:
    campaign = model_create(
        instance=Campaign(
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            budget=budget,
            grid_in_person=grid_in_person,
            grid_phone=grid_phone,
            grid_web=grid_web,
            target_coverage=target_coverage,
            target_interior=target_interior,
            governorate_floor=governorate_floor,
            min_in_person=min_in_person,
            cost_model=dict(settings.RAQIB_PLANNING_COSTS),
            risk_weights=dict(risk_weights or settings.RAQIB_PLANNING_WEIGHTS),
            created_by=actor,
            is_demo=is_demo,
        ),
        actor=actor,
        action="campaign.create",
        fields=CAMPAIGN_FIELDS,
        label=name,
        validate=_check_campaign,
    )
    if governorates:
        campaign.governorates.set(governorates)
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, data: dict[str, Any]) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _editable(campaign)
    governorates = data.pop("governorates", None)
    model_update(
        instance=campaign,
        actor=actor,
        action="campaign.update",
        data=data,
        allowed=[f for f in CAMPAIGN_FIELDS if f != "status"],
        label=campaign.name,
        validate=_check_campaign,
    )
    if governorates is not None:
        campaign.governorates.set(governorates)
    return campaign


@transaction.atomic
def campaign_observer_set(
    *,
    actor: User,
    campaign: Campaign,
    observer: User,
    per_week: int = 8,
    days_per_week: int = 3,
    available_from: dt.date | None = None,
    available_to: dt.date | None = None,
    remote: bool = True,
) -> CampaignObserver:
    _editable(campaign)
    from raqib.core.roles import Role

    if not observer.has_role(Role.OBSERVER):
        raise ValidationError({"observer": [_("This user is not an observer.")]})
    values = {
        "per_week": per_week,
        "days_per_week": days_per_week,
        "available_from": available_from,
        "available_to": available_to,
        "remote": remote,
    }
    if available_from and available_to and available_to < available_from:
        raise ValidationError({"available_to": [_("The end comes before the start.")]})
    row = CampaignObserver.objects.filter(campaign=campaign, observer=observer).first()
    if row is None:
        return model_create(
            instance=CampaignObserver(campaign=campaign, observer=observer, **values),
            actor=actor,
            action="campaign.observer_add",
            fields=["campaign", "observer", *values],
            label=campaign.name,
        )
    model_update(
        instance=row,
        actor=actor,
        action="campaign.observer_update",
        data=values,
        label=campaign.name,
    )
    return row


@transaction.atomic
def campaign_observers_add_active(*, actor: User, campaign: Campaign) -> int:
    """Every active observer not yet in the campaign, with the default capacity."""
    from raqib.accounts.models import ObserverProfile

    have = set(campaign.observers.values_list("observer_id", flat=True))
    added = 0
    for profile in (
        ObserverProfile.objects.filter(is_active=True).select_related("user").order_by("pseudonym")
    ):
        if profile.user_id in have or not profile.user.is_active:
            continue
        campaign_observer_set(actor=actor, campaign=campaign, observer=profile.user)
        added += 1
    return added


@transaction.atomic
def campaign_observer_remove(*, actor: User, row: CampaignObserver) -> None:
    _editable(row.campaign)
    model_delete(
        instance=row, actor=actor, action="campaign.observer_remove", label=row.campaign.name
    )


@transaction.atomic
def campaign_item_set(
    *,
    actor: User,
    campaign: Campaign,
    service_point: ServicePoint,
    visits: int = 1,
    reason: str = ItemReason.CHOSEN,
) -> CampaignItem:
    _editable(campaign)
    row = CampaignItem.objects.filter(campaign=campaign, service_point=service_point).first()
    if row is None:
        return model_create(
            instance=CampaignItem(
                campaign=campaign, service_point=service_point, visit_count=visits, reason=reason
            ),
            actor=actor,
            action="campaign.item_add",
            fields=["campaign", "service_point.code", "visit_count", "reason"],
            label=campaign.name,
        )
    model_update(
        instance=row,
        actor=actor,
        action="campaign.item_update",
        data={"visit_count": visits, "reason": reason},
        label=campaign.name,
    )
    return row


@transaction.atomic
def campaign_item_remove(*, actor: User, item: CampaignItem) -> None:
    _editable(item.campaign)
    model_delete(
        instance=item, actor=actor, action="campaign.item_remove", label=item.campaign.name
    )


@transaction.atomic
def campaign_items_pull(*, actor: User, campaign: Campaign) -> int:
    """Add the visits other apps need as mandatory items: verification of implemented
    recommendations (follow-up) and Marhba label follow-ups (compliance). Items already there
    are left as they are."""
    _editable(campaign)
    have = set(campaign.items.values_list("service_point_id", flat=True))
    wanted = [(pk, ItemReason.VERIFICATION) for pk in sorted(points_awaiting_verification())] + [
        (pk, ItemReason.LABEL_FOLLOW_UP) for pk in sorted(points_with_label_follow_up_due())
    ]
    points = ServicePoint.objects.in_bulk({pk for pk, _r in wanted})
    added = 0
    for pk, reason in wanted:
        if pk in have or pk not in points or not points[pk].is_active:
            continue
        campaign_item_set(actor=actor, campaign=campaign, service_point=points[pk], reason=reason)
        have.add(pk)
        added += 1
    return added


def _complaint_rows(upload: Any) -> list[tuple[int, str, str]]:
    size = getattr(upload, "size", 0) or 0
    if size > COMPLAINTS_MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text.")) from exc
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["service_point_code", "complaints"]:
        raise ValidationError(_("The first line must be: service_point_code, complaints."))
    rows: list[tuple[int, str, str]] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(rows) >= COMPLAINTS_MAX_ROWS:
            raise ValidationError(_("At most 20,000 lines."))
        code = row[0].strip() if row else ""
        value = row[1].strip() if len(row) > 1 else ""
        rows.append((number, code, value))
    return rows


@transaction.atomic
def complaints_import(*, actor: User, campaign: Campaign, upload: Any) -> int:
    """Replace the campaign's complaint counts with a CSV (service_point_code, complaints).
    All or nothing: every wrong line is reported by its number, and nothing changes."""
    _editable(campaign)
    rows = _complaint_rows(upload)
    codes = {code for _n, code, _v in rows}
    points = dict(ServicePoint.objects.filter(code__in=codes).values_list("code", "pk"))
    errors: list[str] = []
    seen: dict[str, int] = {}
    counts: dict[int, int] = {}
    for number, code, value in rows:
        if code not in points:
            errors.append(
                _("Line %(line)s: no service point has the code “%(code)s”.")
                % {"line": number, "code": code}
            )
            continue
        if code in seen:
            errors.append(
                _("Line %(line)s: the code “%(code)s” already appears on line %(first)s.")
                % {"line": number, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = number
        text = value
        if not text.isdigit() or len(text) > 7:
            errors.append(
                _(
                    "Line %(line)s: the number of complaints must be a whole number "
                    "from 0 to 9,999,999."
                )
                % {"line": number}
            )
            continue
        counts[points[code]] = int(text)
    if errors:
        raise ValidationError(errors[:50])
    campaign.complaints.all().delete()
    Complaint.objects.bulk_create(
        [Complaint(campaign=campaign, service_point_id=pk, count=n) for pk, n in counts.items()]
    )
    model_audit(
        instance=campaign,
        actor=actor,
        action="campaign.complaints_import",
        changes={"points": len(counts), "complaints": sum(counts.values())},
        label=campaign.name,
    )
    return len(counts)


@transaction.atomic
def plan_run_start(*, actor: User, campaign: Campaign) -> PlanRun:
    """Queue a plan computation (one at a time per campaign)."""
    run, created = plan_run_create(actor=actor, campaign=campaign)
    if created:
        from .tasks import run_plan

        transaction.on_commit(lambda: run_plan.enqueue(run.pk))
    return run


@transaction.atomic
def plan_run_create(
    *, actor: User, campaign: Campaign, time_limit: int | None = None
) -> tuple[PlanRun, bool]:
    """The run row (the task computes it); a run already waiting or solving is returned."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _editable(campaign)
    running = campaign.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if running is not None:
        return running, False
    if not campaign.observers.exists():
        raise ValidationError(_("Add the observers available for the campaign first."))
    run = model_create(
        instance=PlanRun(
            campaign=campaign,
            created_by=actor,
            time_limit=time_limit or int(settings.RAQIB_PLANNING_TIME_LIMIT),
        ),
        actor=actor,
        action="plan_run.start",
        fields=["campaign", "time_limit"],
        label=campaign.name,
    )
    return run, True


@transaction.atomic
def plan_launch_start(*, actor: User, run: PlanRun) -> PlanRun:
    """Queue the creation of the plan's missions (a background task: a plan may hold
    thousands of visits)."""
    launchable(run)
    model_audit(instance=run, actor=actor, action="plan_run.launch_start", label=run.campaign.name)
    PlanRun.objects.filter(pk=run.pk).update(stage="launch")
    from .tasks import launch_plan

    transaction.on_commit(lambda: launch_plan.enqueue(run.pk, actor.pk))
    return run
