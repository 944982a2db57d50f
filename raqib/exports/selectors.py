"""Reads of export jobs: a job is seen by the person who asked for it, by no one else."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from .models import ExportJob, ExportStatus

# A user (raqib.accounts, above this app: not imported, see test_layering).
User = Any

LIST_LIMIT = 50


def export_job_list_for_user(*, user: User, limit: int = LIST_LIMIT) -> list[ExportJob]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(ExportJob.objects.filter(requested_by=user)[:limit])


def export_job_get_for_user(*, user: User, uuid: Any, done: bool = False) -> ExportJob:
    """The user's own job; 404 for anyone else's (its existence is not revealed)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    queryset = ExportJob.objects.filter(uuid=uuid, requested_by=user)
    if done:
        queryset = queryset.filter(status=ExportStatus.DONE)
    job = queryset.first()
    if job is None:
        raise Http404
    return job
