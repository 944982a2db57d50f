"""The build of one periodic activity report: what the background task runs (tasks.py).

A report goes queued → running → done (published) or failed. Building it computes the
dashboard figures for its period (``selectors.dashboard_build``), freezes them in
``PeriodicReport.figures``, renders the file (PDF or XLSX) *from those frozen figures*, stores
it under ``reports/<uuid>.<ext>`` with its SHA-256 and size, and publishes it. A published report
is never changed again (the model refuses it); building the same period again makes a new
snapshot next to the old one, so figures never drift after publication.

Progress is written with plain UPDATEs outside any transaction, so that the page polling the
report sees each step while the build runs in a worker.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from raqib.core import conf
from raqib.core.writes import model_audit, model_update, no_check

from .. import formatting, selectors
from ..figures import Dashboard, Filters
from ..models import PeriodicReport, PeriodicReportStatus, ReportFormat
from . import pdf, sections, summary, xlsx

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

FILTER_KEYS = ("governorate_id", "region_tag", "body_id", "category_id", "channel")

# Steps of a build, in order, with the progress reached when each starts.
STEPS: dict[str, tuple[int, Any]] = {
    "figures": (5, gettext_lazy("Computing the figures")),
    "charts": (35, gettext_lazy("Drawing the charts")),
    "render": (50, gettext_lazy("Laying out the document")),
    "store": (90, gettext_lazy("Storing the file")),
}


def _progress(report: PeriodicReport, step: str, **fields: Any) -> None:
    progress = STEPS[step][0]
    PeriodicReport.objects.filter(pk=report.pk).update(progress=progress, step=step, **fields)
    report.progress, report.step = progress, step
    for key, value in fields.items():
        setattr(report, key, value)


def _filters(report: PeriodicReport) -> Filters:
    stored = (report.parameters or {}).get("filters") or {}
    extra = {k: stored[k] for k in FILTER_KEYS if stored.get(k) not in (None, "")}
    return Filters(start=report.start, end=report.end, **extra)


def _meta(report: PeriodicReport) -> dict[str, Any]:
    """What the document prints about itself (call inside the report's language)."""
    issued = timezone.localdate(report.created_at) if report.created_at else timezone.localdate()
    return formatting.document_meta(
        label=report.period_label,
        start=report.start,
        end=report.end,
        issued=issued,
        uuid=str(report.uuid),
    )


def _previous(filters: Filters) -> summary.Previous:
    """The key figures of the previous comparable period, with the same filters."""
    start, end = summary.previous_period(filters.start, filters.end)
    board = selectors.dashboard_build(
        filters=dataclasses.replace(filters, start=start, end=end), use_cache=False
    )
    return summary.Previous(start=start, end=end, figures=summary.KeyFigures.from_board(board))


def _render(report: PeriodicReport, figures: dict[str, Any]) -> bytes:
    """The document from the stored figures (read back as a Dashboard, as any rebuild would)."""
    board = Dashboard.from_dict(figures)
    lang = report.language
    parameters = report.parameters or {}
    extras = summary.Extras(
        previous=summary.Previous.from_dict(parameters.get("previous")),
        ranking_min=int(parameters.get("ranking_min_reports") or conf.ranking_min_reports()),
        sections=sections.frozen(parameters),
    )
    with translation.override(lang):
        meta = _meta(report)
        if report.format == ReportFormat.XLSX:
            _progress(report, "render")
            return xlsx.render_xlsx(board, lang=lang, meta=meta, extras=extras)
        _progress(report, "charts")
        context = pdf.report_context(board, lang=lang, meta=meta, extras=extras)
        _progress(report, "render")
        html = render_to_string(pdf.TEMPLATE, context)
    return pdf.html_to_pdf(html)


def _activity_sections(report: PeriodicReport, filters: Filters) -> list[dict[str, Any]]:
    """The other apps' chapters for the report's period and filters, frozen as JSON."""
    with translation.override(report.language):
        found = sections.activity_sections(filters=sections.activity_filters(filters))
    return [section.to_json() for section in found]


def periodic_report_build(report_id: int) -> PeriodicReport:
    """The task's body: build, store and publish one report (or mark it failed)."""
    report = PeriodicReport.objects.get(pk=report_id)
    if report.status == PeriodicReportStatus.DONE:
        return report  # a task run twice: the snapshot is already published
    try:
        _progress(report, "figures", status=PeriodicReportStatus.RUNNING, error="")
        filters = _filters(report)
        dashboard = selectors.dashboard_build(filters=filters, use_cache=False)
        figures = dashboard.as_dict()
        parameters = {
            **(report.parameters or {}),
            "target": dashboard.target,
            # Frozen with the figures: the summary and the rankings never drift after publication.
            "previous": _previous(filters).as_dict(),
            "ranking_min_reports": conf.ranking_min_reports(),
            # Chapters of other apps, in the report's language; a provider's error fails the build.
            sections.PARAMETER: _activity_sections(report, filters),
        }
        _progress(report, "figures", figures=figures, parameters=parameters)
        content = _render(report, figures)
        _progress(report, "store")
        name = default_storage.save(f"reports/{report.uuid}.{report.format}", ContentFile(content))
        sha256 = hashlib.sha256(content).hexdigest()
        model_update(
            instance=report,
            actor=None,
            action="periodic_report.publish",
            data={
                "file": name,
                "sha256": sha256,
                "size": len(content),
                "status": PeriodicReportStatus.DONE,
                "progress": 100,
                "step": "",
                "finished_at": timezone.now(),
            },
            fields=[],
            always=True,
            extra={"sha256": sha256, "size": len(content), "file": name},
            validate=no_check,
        )
    except Exception as exc:
        logger.exception("periodic report %s failed", report.uuid)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        PeriodicReport.objects.filter(pk=report.pk).update(
            status=PeriodicReportStatus.FAILED, error=error, finished_at=timezone.now()
        )
        model_audit(
            instance=report,
            actor=None,
            action="periodic_report.fail",
            changes={"error": error},
        )
        report.refresh_from_db()
    return report
