"""The build of one export job: what the background task runs (tasks.py).

The kind's rows are read with the requester's scope and written to a temporary file row by
row (``writing``), then the file goes to the private default storage under
``exports/<uuid>.<ext>`` with its SHA-256, size and row count. Progress (rows written) is a
plain UPDATE outside any transaction, so the page polling the job sees it while it runs.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_update, no_check

from . import kinds, writing
from .kinds import Blob
from .models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)


def _progress(job: ExportJob):  # type: ignore[no-untyped-def]
    def report(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    return report


def _fail(job: ExportJob, message: str) -> ExportJob:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    model_audit(instance=job, actor=None, action="export.fail", changes={"error": message})
    job.refresh_from_db()
    return job


def export_job_build(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return job  # a task run twice: nothing more to do
    kind = kinds.get(job.kind)
    with translation.override(job.language):
        if kind is None or job.format not in kind.formats:
            return _fail(job, _("This kind of export is no longer offered."))
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, error="")
        try:
            with tempfile.TemporaryDirectory(prefix="raqib-export-") as folder:
                path = Path(folder) / f"export.{job.format}"
                produced = kind.produce(job.requested_by, job.parameters, job.format)
                if produced.total is not None:
                    ExportJob.objects.filter(pk=job.pk).update(rows_total=produced.total)
                if isinstance(produced, Blob):
                    with path.open("wb") as handle:
                        count = produced.write(handle, _progress(job))
                else:
                    count = writing.write_table(
                        produced, fmt=job.format, path=path, progress=_progress(job)
                    )
                sha256 = writing.file_sha256(path)
                size = path.stat().st_size
                with path.open("rb") as handle:
                    name = default_storage.save(f"exports/{job.uuid}.{job.format}", File(handle))
            file_name = f"{kind.stem(job.parameters)}.{job.format}"
        except Exception:
            logger.exception("export %s (%s) failed", job.uuid, job.kind)
            return _fail(
                job,
                _(
                    "The export could not be built. Request it again; if it fails again, give "
                    "this reference to the administrator."
                ),
            )
    model_update(
        instance=job,
        actor=None,
        action="export.finish",
        data={
            "file": name,
            "file_name": file_name,
            "sha256": sha256,
            "size": size,
            "row_count": count,
            "rows_done": count,
            "status": ExportStatus.DONE,
            "finished_at": timezone.now(),
        },
        fields=[],
        always=True,
        extra={"sha256": sha256, "rows": count, "size": size},
        validate=no_check,
    )
    return job
