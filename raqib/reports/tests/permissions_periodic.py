from raqib.core.roles import Role
from raqib.core.testing import Row, allow

PERIODIC = (Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR)


def build(ctx):
    import datetime as dt

    from django.core.files.base import ContentFile

    from raqib.reports.models import PeriodicReport, PeriodicReportStatus

    report = PeriodicReport(
        period_label="2026-S1",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        language="ar",
        format="pdf",
        status=PeriodicReportStatus.DONE,
        progress=100,
        sha256="0" * 64,
        size=8,
    )
    report.file.save(f"matrix-{report.uuid}.pdf", ContentFile(b"%PDF-1.7"), save=False)
    report.save()
    ctx["periodic_report"] = report


def _report(ctx):
    return {"uuid": ctx["periodic_report"].uuid}


ROWS = [
    Row("reports:periodic_list", allow(*PERIODIC)),
    Row("reports:periodic_create", allow(*PERIODIC)),
    Row("reports:periodic_detail", allow(*PERIODIC), kwargs=_report),
    Row("reports:periodic_download", allow(*PERIODIC), kwargs=_report),
]
