"""Raqib's URLs plus two baselines for the HTTP benchmark (never deployed).

* ``/bench/bare/`` — a Django view that does nothing: the ceiling of the stack (gunicorn,
  Django's middleware, loopback HTTP), no database.
* ``/bench/insert/`` — the same view with one INSERT of the request body into
  ``bench_baseline``: the ceiling of a view that stores something durably (a transaction,
  a commit, WAL flushed). The survey answer POST is compared with it (R2, issue 18).

* ``/bench/insert-answer/`` — one INSERT of a row shaped like a survey answer into
  ``bench_answer_clone``, a copy of the answers table with the same columns, checks and
  indexes (``CREATE TABLE … (LIKE surveys_surveyresponse INCLUDING ALL)``, foreign keys
  aside): the ceiling of storing one answer, with no lookup, no check and no screening.

All are csrf-exempt views behind the same middleware as every Raqib page.
"""

import hashlib
import json
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from raqib.urls import urlpatterns as raqib_urlpatterns

TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, "
    "payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
)


@csrf_exempt
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline (payload) VALUES (%s)",
            [request.body.decode("utf-8", "replace")],
        )
    return HttpResponse(b"stored", content_type="text/plain")


CLONE_SQL = (
    "CREATE TABLE IF NOT EXISTS bench_answer_clone (LIKE surveys_surveyresponse INCLUDING ALL)"
)
_CLONE_INSERT = (
    "INSERT INTO bench_answer_clone (wave_point_id, wave_id, grid_version_id, answers, "
    "answers_hash, language, submitted_at, duration_seconds, mode, quarantined, screened, "
    "quarantine_reasons, review_state, device_hash, network_hash, client_uuid) VALUES "
    "(1, 1, 1, %s, %s, 'ar', %s, 60, 'public', true, false, '[]', '', %s, %s, %s)"
)


@csrf_exempt
def insert_answer(request: HttpRequest) -> HttpResponse:
    answers = {k[2:]: v for k, v in request.POST.items() if k.startswith("q_")}
    text = json.dumps(answers, sort_keys=True)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            _CLONE_INSERT,
            [text, digest, timezone.now(), digest, digest[::-1], str(uuid.uuid4())],
        )
    return HttpResponse(b"stored", content_type="text/plain")


# After Raqib's own: resolving them costs what resolving a Raqib page does.
urlpatterns = [
    *raqib_urlpatterns,
    path("bench/insert-answer/", insert_answer),
    path("bench/bare/", bare),
    path("bench/insert/", insert),
]
