"""Background tasks of the surveys app (django-tasks: immediate in tests and the demo, the
database backend with a worker in production)."""

from __future__ import annotations

from django_tasks import task

from .services.screening import survey_responses_screen


@task()
def screen_survey_responses() -> int:
    """Screen the public answers waiting for it; returns how many were screened."""
    return survey_responses_screen()
