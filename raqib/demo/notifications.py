"""A few notifications for the demo users, so that every inbox is alive on first sign-in.

The year of demo history is replayed with notifications paused (nobody is told of visits
made months ago); these are then sent through the real contract, with demo event keys, so
seeding twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from raqib.accounts.models import User
from raqib.missions import notify
from raqib.missions.models import Mission, MissionStatus, Report, ReportStatus


def seed_notifications(*, focal_body_code: str, log: Callable[[str], None]) -> None:
    observer = User.objects.filter(username="observer").first()
    for mission in Mission.objects.filter(
        observer=observer, status=MissionStatus.ASSIGNED
    ).select_related("service_point")[:3]:
        notify.mission_assigned(mission=mission, observer=mission.observer)  # type: ignore[arg-type]
    waiting = (
        Report.objects.filter(status=ReportStatus.SUBMITTED, is_active=True)
        .select_related("mission__service_point")
        .order_by("-submitted_at")[:3]
    )
    for report in waiting:
        notify.report_submitted(report=report, mission=report.mission)
    critical = (
        Report.objects.filter(critical=True, is_active=True)
        .select_related("mission__service_point")
        .order_by("-submitted_at")[:2]
    )
    for report in critical:
        notify.critical_finding(report=report, mission=report.mission)
    # The focal point's recommendations come from the follow-up demo (raqib/demo/followup.py).
    log("demo notifications: sent")
