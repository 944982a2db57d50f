"""Background tasks of the reports app (django-tasks: immediate in tests and the demo, the
database backend with a worker in production)."""

from __future__ import annotations

from django_tasks import task

from .build import periodic_report_build


@task()
def build_periodic_report(report_id: int) -> str:
    """Build, store and publish one periodic report; returns its final status."""
    return str(periodic_report_build(report_id).status)
