"""Authenticity checks run when a report is submitted; stored on the report for reviewers.

Each anomaly is a small JSON object {"code": ..., "params": {...}} so that it can be shown in
the reviewer's language later (`anomaly_message`) and filtered on.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.utils.translation import gettext_lazy as _

from raqib.core import conf
from raqib.grids.models import GridChannel

EARTH_RADIUS_M = 6_371_000
MIN_DURATION = dt.timedelta(minutes=2)
MAX_DURATION = dt.timedelta(hours=8)
CLOCK_TOLERANCE = dt.timedelta(minutes=10)

MESSAGES = {
    "far_from_point": _("Location recorded %(distance_m)s m from the service point."),
    "outside_window": _("The visit took place outside the mission's time window."),
    "photo_reused": _("A photo of this report also appears in mission(s) %(missions)s."),
    "short_duration": _("Implausibly short visit: %(minutes)s minute(s)."),
    "long_duration": _("Implausibly long visit: %(minutes)s minute(s)."),
    "device_clock": _("The phone's clock was %(minutes)s minute(s) off the server's time."),
}


def anomaly_message(anomaly: dict[str, Any]) -> str:
    template = MESSAGES.get(anomaly.get("code", ""))
    if template is None:
        return str(anomaly.get("code", ""))
    return str(template) % (anomaly.get("params") or {})


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def compute_anomalies(*, report: Any, now: dt.datetime, reused_in: list[str]) -> list[dict]:
    """The anomalies of a report at submission. `reused_in`: codes of other missions holding
    one of this report's photo hashes (a query, done by the caller)."""
    mission = report.mission
    point = mission.service_point
    found: list[dict] = []
    limit = conf.anomaly_distance_m()
    if (
        report.location_consent
        and report.latitude is not None
        and report.longitude is not None
        and point.latitude is not None
        and point.longitude is not None
    ):
        distance = haversine_m(
            float(report.latitude),
            float(report.longitude),
            float(point.latitude),
            float(point.longitude),
        )
        if distance > limit:
            found.append({"code": "far_from_point", "params": {"distance_m": round(distance)}})
    # The visit time, not the upload time: an offline phone may send days later.
    visit_start = report.started_at or report.device_time or now
    visit_end = report.ended_at or visit_start
    if visit_start < mission.window_start or visit_end > mission.window_end:
        found.append({"code": "outside_window", "params": {}})
    if reused_in:
        found.append({"code": "photo_reused", "params": {"missions": ", ".join(reused_in)}})
    if report.started_at and report.ended_at and mission.channel == GridChannel.IN_PERSON:
        duration = report.ended_at - report.started_at
        minutes = round(duration.total_seconds() / 60)
        if duration < MIN_DURATION:
            found.append({"code": "short_duration", "params": {"minutes": minutes}})
        elif duration > MAX_DURATION:
            found.append({"code": "long_duration", "params": {"minutes": minutes}})
    if report.device_time and report.received_at:
        drift = abs(report.device_time - report.received_at)
        if drift > CLOCK_TOLERANCE:
            found.append(
                {"code": "device_clock", "params": {"minutes": round(drift.total_seconds() / 60)}}
            )
    return found
