"""Demo exports: the coordinator finds a ready raw-data export in "My exports" on first
sign-in (idempotent: nothing is added when they already have one)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from raqib.exports.models import ExportJob
from raqib.exports.services import export_job_request

# The raw reports export of raqib.reports (the demo may not import reports: test_layering).
RAW_REPORTS = "raw_reports"


def seed_exports(*, coordinator: Any) -> int:
    if ExportJob.objects.filter(requested_by=coordinator).exists():
        return 0
    today = timezone.localdate()
    filters = {
        "start": today.replace(month=1, day=1).isoformat(),
        "end": today.isoformat(),
        "governorate_id": None,
        "region_tag": None,
        "body_id": None,
        "category_id": None,
        "channel": None,
    }
    export_job_request(
        actor=coordinator,
        kind=RAW_REPORTS,
        fmt="xlsx",
        language="ar",
        parameters={"filters": filters, "stem": "raqib-raw"},
    )
    return 1
