"""Permission rows of the exports: the list for every role; a job's page and download for
the person who asked for it (the coordinator here), 404 for anyone else."""

from raqib.core.roles import Role
from raqib.core.testing import Row, allow

EVERY_ROLE = tuple(Role.values)
OWNER_ONLY = allow(*EVERY_ROLE, ok=404, **{Role.COORDINATOR: 200})


def build(ctx):
    from django.core.files.base import ContentFile

    from raqib.exports.models import ExportJob, ExportStatus

    job = ExportJob(
        kind="missions",
        format="csv",
        language="ar",
        parameters={"filters": {}},
        fingerprint="0" * 64,
        requested_by=ctx["personas"][Role.COORDINATOR],
        status=ExportStatus.DONE,
        row_count=0,
        sha256="0" * 64,
        size=3,
        file_name="missions.csv",
    )
    job.file.save(f"matrix-{job.uuid}.csv", ContentFile(b"\xef\xbb\xbf"), save=False)
    job.save()
    ctx["export_job"] = job


def _job(ctx):
    return {"uuid": ctx["export_job"].uuid}


ROWS = [
    Row("exports:export_list", allow(*EVERY_ROLE)),
    Row("exports:export_detail", OWNER_ONLY, kwargs=_job),
    Row("exports:export_download", OWNER_ONLY, kwargs=_job),
]
