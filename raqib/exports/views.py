"""Pages of the exports: my exports, one export's progress (htmx polling), its download.

Other apps' export buttons call ``export_start``: it records the request (or finds the same
one still running) and redirects to the job's page; no file is built inside the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from raqib.core.access import roles_required
from raqib.core.downloads import private_file_response
from raqib.core.roles import Role

from . import kinds, selectors, services
from .models import ACTIVE, ExportJob

EVERY_ROLE = tuple(Role.values)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "pdf": "application/pdf",
}


def export_start(
    request: HttpRequest, *, kind: str, fmt: str, parameters: Mapping[str, Any]
) -> HttpResponse:
    """Start (or find) the export and send the browser to its page."""
    language = (get_language() or "ar")[:2]
    try:
        job = services.export_job_request(
            actor=request.user,  # type: ignore[arg-type]
            kind=kind,
            fmt=fmt,
            language=language,
            parameters=parameters,
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    return redirect("exports:export_detail", uuid=job.uuid)


def _context(job: ExportJob) -> dict[str, Any]:
    percent = None
    if job.rows_total:
        percent = min(100, round(100 * job.rows_done / job.rows_total))
    return {
        "job": job,
        "kind_label": kinds.label(job.kind),
        "percent": percent,
        "polling": job.status in ACTIVE,
    }


@roles_required(*EVERY_ROLE)
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.export_job_list_for_user(user=request.user)  # type: ignore[arg-type]
    rows = [_context(job) for job in jobs]
    return render(request, "exports/export_list.html", {"rows": rows})


@roles_required(*EVERY_ROLE)
def export_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    job = selectors.export_job_get_for_user(user=request.user, uuid=uuid)  # type: ignore[arg-type]
    if getattr(request, "htmx", False):
        return render(request, "exports/export_status.html", _context(job))
    return render(request, "exports/export_detail.html", _context(job))


@roles_required(*EVERY_ROLE)
def export_download(request: HttpRequest, uuid: Any) -> HttpResponse:
    job = selectors.export_job_get_for_user(
        user=request.user,  # type: ignore[arg-type]
        uuid=uuid,
        done=True,
    )
    if not job.file:
        raise Http404
    response = private_file_response(
        job.file,
        content_type=CONTENT_TYPES.get(job.format, "application/octet-stream"),
        filename=job.file_name or f"export.{job.format}",
        attachment=True,
    )
    services.export_job_download(actor=request.user, job=job)  # type: ignore[arg-type]
    return response
