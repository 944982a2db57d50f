"""/health/ answers monitoring: each check named, 200 only when all pass, nothing revealed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db

CHECKS = {"database", "storage", "task_queue"}


def _ready_task(*, waiting: dt.timedelta, run_after: dt.datetime | None = None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="raqib.notifications.tasks.send_email",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waiting)
    return task


def test_all_checks_pass(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")}


def test_no_language_prefix_and_no_sign_in_needed(client):
    assert client.get("/ar/health/").status_code == 404
    assert client.get("/health/").status_code == 200


def test_a_lagging_task_queue_answers_503_and_names_the_check(client):
    _ready_task(waiting=dt.timedelta(minutes=2))
    assert client.get("/health/").status_code == 200  # under the 300 s threshold

    _ready_task(waiting=dt.timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "storage": "ok", "task_queue": "lagging"},
    }


@override_settings(RAQIB_HEALTH_TASK_LAG_SECONDS=60)
def test_the_lag_is_counted_from_the_time_a_task_is_due(client):
    # Scheduled for later: not waiting, however long ago it was enqueued.
    _ready_task(waiting=dt.timedelta(hours=1), run_after=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/health/").status_code == 200
    # Due five minutes ago: waiting for five minutes.
    _ready_task(waiting=dt.timedelta(hours=1), run_after=timezone.now() - dt.timedelta(minutes=5))
    assert client.get("/health/").json()["checks"]["task_queue"] == "lagging"


def test_finished_tasks_do_not_count(client):
    task = _ready_task(waiting=dt.timedelta(hours=2))
    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
    assert client.get("/health/").status_code == 200


def test_a_failing_storage_is_named_without_revealing_why(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise PermissionError("/srv/raqib/media/health: Permission denied")

    monkeypatch.setattr(default_storage, "save", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "unavailable",
        "task_queue": "ok",
    }
    assert b"/srv" not in response.content
    assert b"Permission" not in response.content
    # The cause is for the operator's log.
    assert "Health check storage failed" in caplog.text


def test_the_storage_probe_leaves_no_file_behind(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        assert client.get("/health/").status_code == 200
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_signed_in_users_without_mfa_reach_it_too(client, director):
    client.force_login(director)
    assert client.get("/health/").status_code == 200
