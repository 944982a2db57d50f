"""Readiness checks behind /health/: the database answers, the file storage accepts a write,
and background tasks do not wait too long for a worker.

Each check answers a bare word ("ok" or why not); the cause goes to the server log only, so
the public answer reveals no path, host, version or error text.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

OK = "ok"
PROBE = b"raqib health probe"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    return OK if row == (1,) else "unexpected answer"


def check_storage() -> str:
    name = default_storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as probe:
            content = probe.read()
    finally:
        default_storage.delete(name)
    return OK if content == PROBE else "read back differs"


def oldest_waiting_task_age(now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long the longest-waiting ready task has been due (None: no task is waiting).

    A task is due from its `run_after` time, or from its enqueueing when it has none.
    """
    now = now or timezone.now()
    undated = get_date_max()
    ready = DBTaskResult.objects.ready()
    undated_tasks = ready.filter(run_after=undated).order_by("enqueued_at")
    dated_tasks = ready.filter(~Q(run_after=undated)).order_by("run_after")
    first_undated = undated_tasks.values_list("enqueued_at", flat=True).first()
    first_dated = dated_tasks.values_list("run_after", flat=True).first()
    due = [moment for moment in (first_undated, first_dated) if moment is not None]
    return now - min(due) if due else None


def check_task_queue() -> str:
    age = oldest_waiting_task_age()
    if age is not None and age.total_seconds() > settings.RAQIB_HEALTH_TASK_LAG_SECONDS:
        return "lagging"
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "storage": check_storage,
    "task_queue": check_task_queue,
}


def run_checks() -> dict[str, str]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            # Whatever broke (database down, bucket unreachable, disk full) the answer is the
            # same word; the traceback is for the operator's logs.
            logger.exception("Health check %s failed", name)
            results[name] = "unavailable"
    return results
