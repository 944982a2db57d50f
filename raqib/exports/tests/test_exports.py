"""The export-job facility: idempotent request, background build streamed to storage,
progress, download by the requester only (404 for anyone else), audit, failure message."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from raqib.audit.models import AuditEvent
from raqib.exports import kinds
from raqib.exports.build import export_job_build
from raqib.exports.kinds import ExportKind, Table
from raqib.exports.models import ExportJob, ExportStatus
from raqib.exports.services import export_job_request

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _numbers(user, parameters, fmt):
    n = int(parameters.get("n", 3))
    return Table(
        headers=["number", "text"],
        rows=([i, "=1+1" if i == 1 else f"row {i}"] for i in range(1, n + 1)),
        total=n,
        title="numbers",
    )


def _broken(user, parameters, fmt):
    raise RuntimeError("secret detail that must not be shown")


@pytest.fixture(autouse=True)
def test_kinds():
    kinds.register(ExportKind("test_numbers", "numbers", ("csv", "xlsx"), _numbers))
    kinds.register(ExportKind("test_broken", "broken", ("csv",), _broken))
    yield
    kinds._KINDS.pop("test_numbers", None)
    kinds._KINDS.pop("test_broken", None)


def test_the_same_request_while_running_gives_the_same_job(coordinator, director):
    with override_settings(TASKS=DUMMY_TASKS):
        first = export_job_request(
            actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={"n": 2}
        )
        again = export_job_request(
            actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={"n": 2}
        )
        other_params = export_job_request(
            actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={"n": 3}
        )
        other_person = export_job_request(
            actor=director, kind="test_numbers", fmt="csv", language="ar", parameters={"n": 2}
        )
    assert first.status == ExportStatus.QUEUED
    assert again.pk == first.pk
    assert len({first.pk, other_params.pk, other_person.pk}) == 3
    assert AuditEvent.objects.filter(action="export.request").count() == 3
    # Once done, the same request builds a new file (the data may have changed).
    export_job_build(first.pk)
    first.refresh_from_db()
    assert first.status == ExportStatus.DONE
    fresh = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={"n": 2}
    )
    assert fresh.pk != first.pk


def test_csv_is_written_to_storage_with_hash_and_row_count(coordinator):
    job = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="csv", language="fr", parameters={"n": 2500}
    )
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert job.row_count == 2500 == job.rows_done == job.rows_total
    content = job.file.read()
    assert content.startswith(b"\xef\xbb\xbf")
    assert hashlib.sha256(content).hexdigest() == job.sha256
    assert job.size == len(content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2501
    assert rows[1] == ["1", "'=1+1"]  # no formula injection
    assert job.file.name.startswith("exports/")


def test_xlsx_is_right_to_left_in_arabic_and_keeps_formulas_as_text(coordinator):
    job = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="xlsx", language="ar", parameters={}
    )
    job.refresh_from_db()
    sheet = load_workbook(io.BytesIO(job.file.read())).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(2, 2).value == "=1+1"
    assert sheet.cell(2, 2).data_type == "s"
    fr = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="xlsx", language="fr", parameters={}
    )
    fr.refresh_from_db()
    assert not load_workbook(io.BytesIO(fr.file.read())).active.sheet_view.rightToLeft


def test_xlsx_goes_on_in_a_new_sheet_past_the_row_limit(coordinator, monkeypatch):
    from raqib.exports import writing

    monkeypatch.setattr(writing, "SHEET_ROWS", 2)
    job = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="xlsx", language="fr", parameters={"n": 5}
    )
    job.refresh_from_db()
    book = load_workbook(io.BytesIO(job.file.read()))
    assert [sheet.max_row for sheet in book.worksheets] == [3, 3, 2]
    assert job.row_count == 5


def test_only_the_requester_opens_and_downloads(client, coordinator, director):
    job = export_job_request(
        actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={}
    )
    detail = reverse("exports:export_detail", kwargs={"uuid": job.uuid})
    download = reverse("exports:export_download", kwargs={"uuid": job.uuid})
    client.force_login(director)
    assert client.get(detail).status_code == 404
    assert client.get(download).status_code == 404
    assert not AuditEvent.objects.filter(action="export.download").exists()
    client.force_login(coordinator)
    page = client.get(detail)
    assert page.status_code == 200
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")
    event = AuditEvent.objects.get(action="export.download")
    assert event.actor_id == coordinator.pk
    listing = client.get(reverse("exports:export_list")).content.decode()
    assert detail in listing


def test_progress_is_polled_while_running(client, coordinator):
    with override_settings(TASKS=DUMMY_TASKS):
        job = export_job_request(
            actor=coordinator, kind="test_numbers", fmt="csv", language="ar", parameters={}
        )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, rows_done=1000, rows_total=4000
    )
    client.force_login(coordinator)
    url = reverse("exports:export_detail", kwargs={"uuid": job.uuid})
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial
    assert 'value="25"' in partial
    assert "export_download" not in partial
    assert "/download" not in partial


def test_a_failure_is_said_in_the_reader_language_without_details(client, coordinator):
    job = export_job_request(
        actor=coordinator, kind="test_broken", fmt="csv", language="fr", parameters={}
    )
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "secret" not in job.error
    assert "export" in job.error.lower()
    assert AuditEvent.objects.filter(action="export.fail").exists()
    client.force_login(coordinator)
    url = reverse("exports:export_download", kwargs={"uuid": job.uuid})
    assert client.get(url).status_code == 404


def test_unknown_kind_or_format_is_refused(coordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        export_job_request(actor=coordinator, kind="nope", fmt="csv", language="ar")
    with pytest.raises(ValidationError):
        export_job_request(actor=coordinator, kind="test_broken", fmt="xlsx", language="ar")
    assert not ExportJob.objects.exists()
