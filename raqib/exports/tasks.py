"""Background task of the exports app (django-tasks: immediate in tests and the demo, the
database backend with a worker in production)."""

from __future__ import annotations

from django_tasks import task

from .build import export_job_build


@task()
def run_export_job(job_id: int) -> str:
    """Write one export to storage; returns its final status."""
    return str(export_job_build(job_id).status)
