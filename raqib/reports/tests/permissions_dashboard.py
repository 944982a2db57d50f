"""Permission rows for the dashboard, the body scorecard and the boundary file pages."""

from raqib.core.roles import Role
from raqib.core.testing import Row, allow

READERS = (
    Role.ADMINISTRATOR,
    Role.DIRECTOR,
    Role.COORDINATOR,
    Role.INTEGRITY_OFFICER,
    Role.FOCAL_POINT,
)
SCORECARD_STAFF = (Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER)


def build(ctx):
    from raqib.registry.models import PublicBody
    from raqib.registry.tests.factories import PublicBodyFactory
    from raqib.reports.models import MapBoundary

    ctx["dashboard_other_body"] = PublicBodyFactory(code="matrix-other-body")
    ctx["dashboard_focal_body"] = PublicBody.objects.get(code="focal-body")
    ctx["dashboard_boundary"] = MapBoundary.objects.create(
        name="matrix",
        shapes={},
        bbox=[7.5, 30.2, 11.6, 37.6],
        sha256="0" * 64,
        is_active=False,
        uploaded_by=ctx["personas"][Role.ADMINISTRATOR.value],
    )


ROWS = [
    Row("reports:dashboard", allow(*READERS)),
    Row("reports:dashboard_export", allow(*READERS)),
    # Raw data: the page, and the request that starts a background export (raqib.exports).
    Row("reports:raw_export", allow(*READERS)),
    Row(
        "reports:raw_export",
        allow(*READERS, ok=302),
        method="post",
        data=lambda ctx: {"kind": "raw_reports", "format": "csv", "period": "2026"},
        label="reports:raw_export (start)",
    ),
    # The integrity officer reads the national figures (their critical findings) read-only.
    Row(
        "reports:scorecard",
        allow(*SCORECARD_STAFF, focal_point=404),
        kwargs=lambda ctx: {"pk": ctx["dashboard_other_body"].pk},
    ),
    Row(
        "reports:scorecard",
        allow(*READERS),
        kwargs=lambda ctx: {"pk": ctx["dashboard_focal_body"].pk},
        label="reports:scorecard (focal point's own body)",
    ),
    Row("reports:map_boundaries", allow(Role.ADMINISTRATOR)),
    Row(
        "reports:map_boundary_deactivate",
        allow(Role.ADMINISTRATOR, ok=302),
        kwargs=lambda ctx: {"pk": ctx["dashboard_boundary"].pk},
        method="post",
    ),
]
