"""Background tasks of the surveys app (django-tasks: immediate in tests and the demo, the
database backend with a worker in production), and how the public page asks for them."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

from .services.screening import survey_responses_screen

logger = logging.getLogger(__name__)
_last_request = 0.0
_request_lock = threading.Lock()


@task()
def screen_survey_responses() -> int:
    """Screen the public answers waiting for it; returns how many were screened."""
    return survey_responses_screen()


def survey_screening_request() -> None:
    """Ask for a screening run soon: at most one task per process and interval.

    The task runs `RAQIB_SURVEY_SCREEN_DELAY_SECONDS` (2 s) after it is asked for, longer
    than the interval (`RAQIB_SURVEY_SCREEN_INTERVAL_SECONDS`, 1 s), so an answer committed
    before this call — when this process asked for a run less than an interval ago — is
    waiting when that run reads. Call it after the answer is committed.
    """
    global _last_request  # noqa: PLW0603 (one timestamp per process, under its lock)
    task: Any = screen_survey_responses
    backend = task.get_backend()
    if not backend.supports_defer:
        # The immediate backend (tests, the demo): screened now, each time.
        task.enqueue()
        return
    interval = float(settings.RAQIB_SURVEY_SCREEN_INTERVAL_SECONDS)
    now = time.monotonic()
    with _request_lock:
        if now - _last_request < interval:
            return
        _last_request = now
    delay = float(settings.RAQIB_SURVEY_SCREEN_DELAY_SECONDS)
    run_after = timezone.now() + dt.timedelta(seconds=max(delay, interval))
    try:
        task.using(run_after=run_after).enqueue()
    except DatabaseError:
        # The answer is stored already: the citizen must not see an error for this. The next
        # run (any later answer, or `manage.py screen_survey_responses`) screens it.
        with _request_lock:
            _last_request = 0.0
        logger.exception("Could not queue the screening of survey answers")


def survey_screening_after_commit() -> None:
    """Ask for a screening run once the current transaction commits (at once with the
    immediate backend, which screens within the transaction: tests, the demo)."""
    if not screen_survey_responses.get_backend().supports_defer:
        survey_screening_request()
    else:
        transaction.on_commit(survey_screening_request)
