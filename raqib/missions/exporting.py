"""Export of the (filtered, scoped) mission list to CSV or XLSX, for people, not for re-import.

Headers and status labels are translated in the active language; observers appear by pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core.spreadsheets import table_csv, table_xlsx

from .models import Mission


def mission_export_headers() -> list[str]:
    return [
        _("Mission"),
        _("Status"),
        _("Service point code"),
        _("Service point"),
        _("Public body"),
        _("Governorate"),
        _("Channel"),
        _("Observer"),
        _("Start"),
        _("End"),
        _("Campaign"),
    ]


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def mission_export_rows(*, missions: QuerySet[Mission]) -> Iterator[list[str]]:
    for m in missions.iterator(chunk_size=2000):
        profile = getattr(m.observer, "observer_profile", None) if m.observer_id else None
        yield [
            m.code,
            str(m.get_status_display()),
            m.service_point.code,
            m.service_point.name,
            m.service_point.body.name,
            m.service_point.governorate.name,
            str(m.get_channel_display()),
            profile.pseudonym if profile else "",
            _when(m.window_start),
            _when(m.window_end),
            m.campaign,
        ]


def mission_export(*, missions: QuerySet[Mission], fmt: str, right_to_left: bool) -> bytes:
    rows = mission_export_rows(missions=missions)
    if fmt == "xlsx":
        return table_xlsx(
            mission_export_headers(), rows, title=_("Missions"), right_to_left=right_to_left
        )
    return table_csv(mission_export_headers(), rows)
