"""The missions' background export (raqib.exports): the filtered, scoped mission list.

The page's filters are stored with the job and read again by the page's own form when the
task runs, with the requester's scope (``mission_list_for_user``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from raqib.exports.kinds import ExportKind, Table, register

from . import exporting, forms, selectors

MISSIONS = "missions"


def _missions(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    form = forms.MissionFilterForm(dict(parameters.get("filters") or {}) or None)
    missions = selectors.mission_list_for_user(user=user, filters=form.filters())
    return Table(
        headers=exporting.mission_export_headers(),
        rows=exporting.mission_export_rows(missions=missions),
        total=missions.count(),
        title=str(_("Missions")),
    )


def register_kinds() -> None:
    register(
        ExportKind(
            MISSIONS, _("Mission list"), ("csv", "xlsx"), _missions, stem=lambda p: "missions"
        )
    )
