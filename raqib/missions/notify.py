"""What the missions services tell people, built here (missions imports notifications,
never the reverse). Each function is called by a service inside its transaction: the
notification rows commit with the change, and the e-mails leave only after the commit.

Event keys carry the mission's (or report's) version, so a retried request finds the row of
the first attempt, while a second, real change of the same mission is a new event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import users_with_roles
from raqib.core.roles import Role
from raqib.notifications.contract import Localized, Message
from raqib.notifications.kinds import NotificationKind as K
from raqib.notifications.services import notification_send

if TYPE_CHECKING:
    from raqib.accounts.models import User
    from raqib.missions.models import Mission, Report

OBSERVER_APP = "observer:app"


def _point(mission: Mission) -> Localized:
    point = mission.service_point
    return Localized(point.name_ar, point.name_fr)


def _mission_params(mission: Mission) -> dict[str, Any]:
    return {
        "code": mission.code,
        "point": _point(mission),
        "start": mission.window_start,
        "end": mission.window_end,
    }


def mission_assigned(*, mission: Mission, observer: User, event: str = "assign") -> None:
    """A mission given to `observer` (created with an observer, assigned, or reassigned)."""
    notification_send(
        message=Message(
            kind=K.MISSION_ASSIGNED,
            recipients=(observer,),
            event_key=f"mission.{event}:{mission.code}:v{mission.version}",
            title=_("New mission %(code)s"),
            body=_("Visit %(point)s between %(start)s and %(end)s."),
            params=_mission_params(mission),
            url_name=OBSERVER_APP,
        )
    )


def mission_taken_away(*, mission: Mission, previous: User) -> None:
    notification_send(
        message=Message(
            kind=K.MISSION_REASSIGNED,
            recipients=(previous,),
            event_key=f"mission.reassign:{mission.code}:v{mission.version}",
            title=_("Mission %(code)s was given to another observer"),
            body=_(
                "You no longer need to visit %(point)s. A report you started stays on your "
                "phone but will not be used."
            ),
            params=_mission_params(mission),
            url_name=OBSERVER_APP,
        )
    )


def mission_window_changed(*, mission: Mission) -> None:
    if mission.observer is None:
        return
    notification_send(
        message=Message(
            kind=K.MISSION_CHANGED,
            recipients=(mission.observer,),
            event_key=f"mission.window:{mission.code}:v{mission.version}",
            title=_("New dates for mission %(code)s"),
            body=_("Visit %(point)s between %(start)s and %(end)s."),
            params=_mission_params(mission),
            url_name=OBSERVER_APP,
        )
    )


def mission_cancelled(*, mission: Mission, observer: User | None) -> None:
    if observer is None:
        return
    notification_send(
        message=Message(
            kind=K.MISSION_CANCELLED,
            recipients=(observer,),
            event_key=f"mission.cancel:{mission.code}:v{mission.version}",
            title=_("Mission %(code)s is cancelled"),
            body=_("Do not visit %(point)s for this mission."),
            params=_mission_params(mission),
            url_name=OBSERVER_APP,
        )
    )


def report_returned(*, report: Report, mission: Mission) -> None:
    notification_send(
        message=Message(
            kind=K.REPORT_RETURNED,
            recipients=(report.observer,),
            event_key=f"report.return:{report.uuid}:v{report.version}",
            title=_("Report %(code)s returned for correction"),
            body=_("The coordinator asks: %(comment)s"),
            params={"code": mission.code, "comment": report.coordinator_comment},
            url_name=OBSERVER_APP,
        )
    )


def report_submitted(*, report: Report, mission: Mission) -> None:
    """Coordinators are told of every submission; anomalies make it a different kind."""
    anomalies = len(report.anomalies or [])
    params: dict[str, Any] = {"code": mission.code, "point": _point(mission), "count": anomalies}
    if anomalies:
        kind, title = K.REPORT_ANOMALIES, _("Report %(code)s submitted with anomalies (%(count)s)")
    else:
        kind, title = K.REPORT_SUBMITTED, _("Report %(code)s submitted")
    notification_send(
        message=Message(
            kind=kind,
            recipients=tuple(users_with_roles(roles=[Role.COORDINATOR])),
            event_key=f"report.submit:{report.uuid}:v{report.version}",
            title=title,
            body=_("A report on %(point)s awaits your review."),
            params=params,
            url_name="missions:report_review",
            url_kwargs={"pk": report.pk},
        )
    )
    if report.critical:
        critical_finding(report=report, mission=mission)


def critical_finding(*, report: Report, mission: Mission) -> None:
    """Integrity officers and directors, once per report (submitted, then validated: one)."""
    notification_send(
        message=Message(
            kind=K.CRITICAL_FINDING,
            recipients=tuple(users_with_roles(roles=[Role.INTEGRITY_OFFICER, Role.DIRECTOR])),
            event_key=f"report.critical:{report.uuid}",
            title=_("Critical finding at %(point)s"),
            body=_("Report %(code)s on %(point)s contains a critical finding."),
            params={"code": mission.code, "point": _point(mission)},
            url_name="missions:report_review",
            url_kwargs={"pk": report.pk},
        )
    )
