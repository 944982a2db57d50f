"""Writes for periodic activity reports: the request, which hands the build to the task queue.

The build itself (what the background task runs) is in ``build.py``: services → tasks → build,
never back, so there is no import loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from raqib.core.writes import model_create, no_check

from ..figures import Filters
from ..models import PeriodicReport, PeriodicReportStatus, ReportFormat
from ..periods import Period
from .build import FILTER_KEYS, STEPS
from .tasks import build_periodic_report

if TYPE_CHECKING:
    from raqib.accounts.models import User

LANGUAGES = ("ar", "fr")


def step_label(step: str) -> str:
    entry = STEPS.get(step)
    return str(entry[1]) if entry else ""


def periodic_report_request(
    *,
    actor: User | None,
    period: Period,
    language: str,
    fmt: str,
    filters: Mapping[str, Any] | None = None,
    synchronous: bool = False,
) -> PeriodicReport:
    """Record the request (audited) and hand the build to the task queue.

    ``filters``: optional dashboard filters besides the dates (governorate_id, region_tag,
    body_id, category_id, channel). ``synchronous`` builds in this process whatever the task
    backend (the ``build_report`` command); with the immediate backend (tests, demo) the build
    runs at once anyway. Returns the report as it stands after the hand-over.
    """
    if language not in LANGUAGES:
        raise ValueError(_("Unknown language “%(value)s”: use ar or fr.") % {"value": language})
    if fmt not in ReportFormat.values:
        raise ValueError(_("Unknown format “%(value)s”: use pdf or xlsx.") % {"value": fmt})
    extra = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    unknown = set(extra) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unknown filters: {sorted(unknown)}")
    query = Filters(start=period.start, end=period.end, **extra)
    with transaction.atomic():
        report = PeriodicReport(
            period_label=period.label,
            start=period.start,
            end=period.end,
            language=language,
            format=fmt,
            parameters={"period": period.label, "filters": query.as_dict()},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        model_create(
            instance=report,
            actor=actor,
            action="periodic_report.request",
            extra={"period": period.label, "language": language, "format": fmt, **extra},
            validate=no_check,
        )
    if synchronous:
        build_periodic_report.call(report.pk)
    else:
        result = build_periodic_report.enqueue(report.pk)
        PeriodicReport.objects.filter(pk=report.pk).exclude(
            status=PeriodicReportStatus.DONE
        ).update(task_id=str(result.id)[:64])
    report.refresh_from_db()
    return report
