"""An operator alert when a wave's quarantine rate jumps (a flood of fake answers).

Checked after each screening run that quarantined answers (normal answers cost nothing). Over the
last `RAQIB_SURVEY_SURGE_MINUTES` (default 60) of the wave, with q quarantined answers out of
t, and the wave's share of quarantined answers before that window b:

    alert when q ≥ RAQIB_SURVEY_SURGE_MIN (default 20)
           and q / t ≥ RAQIB_SURVEY_SURGE_SHARE (default 0.5)
           and q / t ≥ 2 × b

Coordinators and administrators get one notification per wave and local day (the event key),
naming the wave and the figures, linking to its quarantine page. Nothing is decided for them:
the answers stay quarantined, as the rules said (docs/survey-indices.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import users_with_roles
from raqib.core.roles import Role
from raqib.notifications.contract import Message
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.services import notification_send

from ..models import SurveyResponse, SurveyWave


@dataclass(frozen=True)
class Surge:
    quarantined: int
    total: int
    baseline_share: float

    @property
    def share(self) -> float:
        return self.quarantined / self.total if self.total else 0.0


def surge_measure(*, wave: SurveyWave, now: dt.datetime) -> Surge:
    since = now - dt.timedelta(minutes=int(settings.RAQIB_SURVEY_SURGE_MINUTES))
    # Bounded by `now` too: a check that runs late (after the commit, in a task) still judges
    # the window it was asked about.
    counts = SurveyResponse.objects.filter(
        wave=wave, submitted_at__lte=now, screened=True
    ).aggregate(
        recent=Count("pk", filter=Q(submitted_at__gt=since)),
        recent_q=Count("pk", filter=Q(submitted_at__gt=since, quarantined=True)),
        before=Count("pk", filter=Q(submitted_at__lte=since)),
        before_q=Count("pk", filter=Q(submitted_at__lte=since, quarantined=True)),
    )
    before = counts["before"] or 0
    return Surge(
        quarantined=counts["recent_q"] or 0,
        total=counts["recent"] or 0,
        baseline_share=(counts["before_q"] or 0) / before if before else 0.0,
    )


def surge_detected(surge: Surge) -> bool:
    return (
        surge.quarantined >= int(settings.RAQIB_SURVEY_SURGE_MIN)
        and surge.share >= float(settings.RAQIB_SURVEY_SURGE_SHARE)
        and surge.share >= 2 * surge.baseline_share
    )


def survey_quarantine_surge_check(*, wave: SurveyWave, now: dt.datetime | None = None) -> bool:
    """Alert the operators if the wave's quarantine rate jumped; True when it did."""
    now = now or timezone.now()
    day_key = f"surveys.quarantine_surge:{wave.pk}:{timezone.localdate(now)}"
    # During a flood every fake answer gets here: once the day's alert is out, stop measuring
    # (the notification's event key would drop a second alert anyway).
    if cache.get(day_key):
        return False
    surge = surge_measure(wave=wave, now=now)
    if not surge_detected(surge):
        return False
    cache.set(day_key, True, 24 * 3600)
    notification_send(
        message=Message(
            kind=NotificationKind.SURVEY_QUARANTINE_SURGE,
            recipients=tuple(users_with_roles(roles=[Role.COORDINATOR, Role.ADMINISTRATOR])),
            event_key=day_key,
            title=_("Survey %(wave)s: many answers quarantined"),
            body=_(
                "%(quarantined)s of the %(total)s answers of the last %(minutes)s minutes were "
                "quarantined (%(share)s %%). They are kept and not counted; check the "
                "quarantine page."
            ),
            params={
                "wave": wave.code,
                "quarantined": surge.quarantined,
                "total": surge.total,
                "minutes": int(settings.RAQIB_SURVEY_SURGE_MINUTES),
                "share": round(100 * surge.share),
            },
            url_name="surveys:wave_quarantine",
            url_kwargs={"pk": wave.pk},
        )
    )
    return True
