"""The registry's background export (raqib.exports): the filtered service points, in the
import's own columns (an exported file imported back changes nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from raqib.exports.kinds import ExportKind, Table, register

from . import exporting, selectors
from .forms import ServicePointFilterForm
from .importing import COLUMNS

SERVICE_POINTS = "service_points"


def _points(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    form = ServicePointFilterForm(dict(parameters.get("filters") or {}), user=user)
    points = selectors.service_point_list_for_user(user=user, filters=form.filters())
    return Table(
        headers=list(COLUMNS),
        rows=exporting.service_point_export_rows(points=points),
        total=points.count(),
        title="service_points",  # the import's sheet name: the export is the import's format
    )


def register_kinds() -> None:
    register(
        ExportKind(
            SERVICE_POINTS,
            _("Service points"),
            ("csv", "xlsx"),
            _points,
            stem=lambda p: "service-points",
        )
    )
