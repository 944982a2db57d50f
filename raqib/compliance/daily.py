"""The daily job of the label register (management command `compliance_daily`).

- **Reminders**: for each holder holding the label, the department (coordinators, directors)
  is told once per event when today enters [event − RAQIB_COMPLIANCE_REMIND_DAYS, event], for
  the yearly follow-ups and the three-year renewal (event key
  ``compliance.label.<holder>.<kind>.<date>``: the notifications service sends a key once).
- **Expiry**: a holder still holding the label after its renewal date becomes expired.
- **Alert**: a certified holder (or one whose follow-up is due) whose compliance over the last
  365 days is below RAQIB_COMPLIANCE_ALERT_PERCENT raises an alert to the department and a
  recommendation drafted in the follow-up app, once per fall (`below_since`); a holder back at
  or above the level is re-armed. A holder with nothing observed raises nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import users_with_roles
from raqib.core.bilingual import localized
from raqib.core.roles import Role
from raqib.core.writes import model_update
from raqib.followup.models import Basis, Priority, Source
from raqib.followup.services import recommendation_create
from raqib.notifications.contract import Localized, Message
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.services import notification_send

from .labels import FOLLOW_UP, HOLDING, due_reminders, renewal_date
from .models import LabelHolder, LabelStatus
from .rules import NOT_MET, PARTLY
from .scoping import Scope
from .selectors import referential_current, scope_compliance
from .services import label_holder_transition

logger = logging.getLogger(__name__)
DEPARTMENT = (Role.COORDINATOR, Role.DIRECTOR)
ALERT_WINDOW_DAYS = 365
URL = "compliance:label_detail"


@dataclass
class DailyResult:
    reminders: int = 0
    expired: int = 0
    alerts: int = 0


def _point_name(holder: LabelHolder) -> Localized:
    point = holder.service_point
    return Localized(point.name_ar, point.name_fr)


def _department() -> tuple[Any, ...]:
    return tuple(users_with_roles(roles=DEPARTMENT))


def _remind(*, holder: LabelHolder, today: dt.date) -> int:
    assert holder.certified_on is not None
    sent = 0
    for kind, day in due_reminders(
        certified_on=holder.certified_on,
        today=today,
        remind_days=settings.RAQIB_COMPLIANCE_REMIND_DAYS,
    ):
        title = (
            _("Marhba label: yearly follow-up of %(point)s due on %(date)s")
            if kind == FOLLOW_UP
            else _("Marhba label: renewal of %(point)s due on %(date)s")
        )
        rows = notification_send(
            message=Message(
                kind=NotificationKind.LABEL_DUE,
                recipients=_department(),
                event_key=f"compliance.label.{holder.pk}.{kind}.{day.isoformat()}",
                title=title,
                params={"point": _point_name(holder), "date": day},
                url_name=URL,
                url_kwargs={"pk": holder.pk},
            )
        )
        sent += 1 if rows else 0
    return sent


def alert_actor() -> Any:
    """The coordinator who drafts the alert's recommendation (docs/compliance.md)."""
    coordinators = users_with_roles(roles=[Role.COORDINATOR])
    wanted = settings.RAQIB_COMPLIANCE_ALERT_ACTOR
    if wanted:
        return next((u for u in coordinators if u.username == wanted), None)
    return coordinators[0] if coordinators else None


def _draft(*, holder: LabelHolder, percent: Decimal, rows: list[Any], today: dt.date) -> Any:
    actor = alert_actor()
    if actor is None:
        logger.warning("compliance alert for holder %s: no coordinator to draft", holder.pk)
        return None
    weak = [r for r in rows if r.result.level in (NOT_MET, PARTLY)]
    point = holder.service_point
    evidence = "\n".join(
        f"{r.requirement.code}: {r.result.percent} % (n = {r.result.n})" for r in weak
    )
    return recommendation_create(
        actor=actor,
        title=str(
            _("Marhba label: bring %(point)s back to the label's requirements")
            % {"point": localized(point.name_ar, point.name_fr)}
        ),
        text=str(
            _(
                "The point's compliance with the Marhba requirements over the last year is "
                "%(percent)s %%, below the level of %(level)s %% expected of a label holder. "
                "Restore the requirements listed below."
            )
            % {"percent": percent, "level": settings.RAQIB_COMPLIANCE_ALERT_PERCENT}
        ),
        body=point.body,
        due_date=today + dt.timedelta(days=60),
        source=Source.FREE,
        priority=Priority.HIGH,
        basis=Basis.MARHBA,
        basis_reference=holder.certificate_number,
        evidence_summary=evidence,
        service_points=[point],
    )


def _check_alert(*, holder: LabelHolder, today: dt.date, referential: Any) -> int:
    result = scope_compliance(
        referential=referential,
        scope=Scope(
            start=today - dt.timedelta(days=ALERT_WINDOW_DAYS),
            end=today,
            point_id=holder.service_point_id,
        ),
    )
    level = Decimal(settings.RAQIB_COMPLIANCE_ALERT_PERCENT)
    if result.percent is None:
        return 0
    if result.percent >= level:
        if holder.below_since is not None:
            model_update(
                instance=holder,
                actor=None,
                action="label_holder.rearm",
                data={"below_since": None},
            )
        return 0
    if holder.below_since is not None:
        return 0  # this fall was already alerted
    with transaction.atomic():
        recommendation = _draft(
            holder=holder, percent=result.percent, rows=list(result.rows), today=today
        )
        model_update(
            instance=holder,
            actor=None,
            action="label_holder.alert",
            data={"below_since": today, "alert_recommendation": recommendation},
        )
        notification_send(
            message=Message(
                kind=NotificationKind.LABEL_ALERT,
                recipients=_department(),
                event_key=f"compliance.alert.{holder.pk}.{today.isoformat()}",
                title=_("Marhba label: %(point)s is below the compliance level (%(percent)s %%)"),
                params={"point": _point_name(holder), "percent": result.percent},
                url_name=URL,
                url_kwargs={"pk": holder.pk},
            )
        )
    return 1


def compliance_daily(*, today: dt.date) -> DailyResult:
    result = DailyResult()
    referential = referential_current()
    holders = LabelHolder.objects.filter(status__in=HOLDING).select_related("service_point__body")
    for holder in holders.order_by("pk"):
        assert holder.certified_on is not None
        if today > renewal_date(holder.certified_on):
            label_holder_transition(
                actor=None,
                holder=holder,
                to_status=LabelStatus.EXPIRED,
                note=str(_("Expired: not renewed within three years.")),
                on=today,
            )
            result.expired += 1
            continue
        result.reminders += _remind(holder=holder, today=today)
        if referential is not None and holder.status != LabelStatus.SUSPENDED:
            result.alerts += _check_alert(holder=holder, today=today, referential=referential)
    return result
