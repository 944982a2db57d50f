"""Reads of the reports app's own records, for its views (the views never query models)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from raqib.registry.models import PublicBody

from ..models import MapBoundary, PeriodicReport, PeriodicReportStatus


def public_body_get(*, pk: int) -> PublicBody | None:
    return PublicBody.objects.filter(pk=pk).first()


def map_boundary_list() -> QuerySet[MapBoundary]:
    """Every uploaded boundary file, newest first as the model orders them (no shapes)."""
    return MapBoundary.objects.select_related("uploaded_by").defer("shapes")


def map_boundary_get(*, pk: int) -> MapBoundary:
    """One boundary file without its shapes; Http404 when there is none."""
    boundary = MapBoundary.objects.defer("shapes").filter(pk=pk).first()
    if boundary is None:
        raise Http404
    return boundary


def periodic_report_list(*, limit: int) -> list[PeriodicReport]:
    return list(PeriodicReport.objects.select_related("created_by")[:limit])


def periodic_report_get(*, uuid: UUID | str, published: bool = False) -> PeriodicReport:
    """One periodic report by its uuid (only a published one when ``published``); Http404."""
    reports = PeriodicReport.objects.select_related("created_by")
    if published:
        reports = reports.filter(status=PeriodicReportStatus.DONE)
    report = reports.filter(uuid=uuid).first()
    if report is None:
        raise Http404
    return report
