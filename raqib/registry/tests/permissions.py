"""Who may open each registry page (see raqib/core/testing.py)."""

from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.core.testing import Row, allow

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
EDITORS = tuple(EDITOR_ROLES)


def build(ctx):
    from raqib.registry.tests.factories import PublicBodyFactory, ServicePointFactory

    focal_body = ctx["personas"]["focal_point"].focal_bodies.first()
    ctx["point_inside"] = ServicePointFactory(body=focal_body, code="PERM-IN")
    ctx["point_outside"] = ServicePointFactory(
        body=PublicBodyFactory(code="perm-other-body"), code="PERM-OUT"
    )


def _inside(ctx):
    return {"pk": ctx["point_inside"].pk}


def _outside(ctx):
    return {"pk": ctx["point_outside"].pk}


ROWS = [
    Row("registry:service_point_list", allow(*READERS)),
    Row(
        "registry:service_point_list",
        allow(*READERS),
        query="q=%D8%A7%D8%AF%D8%A7%D8%B1%D9%87&active=all&channel=phone",
        label="registry:service_point_list?filters",
    ),
    Row(
        "registry:service_point_detail",
        allow(*READERS),
        kwargs=_inside,
        label="registry:service_point_detail (focal body)",
    ),
    Row(
        "registry:service_point_detail",
        allow(*STAFF_ROLES, focal_point=404),
        kwargs=_outside,
        label="registry:service_point_detail (other body)",
    ),
    Row("registry:service_point_create", allow(*EDITORS)),
    Row("registry:service_point_update", allow(*EDITORS), kwargs=_inside),
    Row("registry:service_point_deactivate", allow(*EDITORS), kwargs=_inside),
    Row("registry:service_point_reactivate", allow(*EDITORS), kwargs=_inside),
    Row(
        "registry:service_point_validate",
        allow(*EDITORS),
        method="post",
        data=lambda ctx: {"code": "PERM-IN"},
    ),
    Row("registry:service_point_import", allow(*EDITORS)),
    # A token that is not this session's pending upload: the same 404 as an expired one.
    Row(
        "registry:service_point_import_preview",
        allow(*EDITORS, ok=404),
        kwargs=lambda ctx: {"token": "0" * 32},
    ),
    # The export starts a background job and redirects to its page (raqib.exports).
    Row("registry:service_point_export", allow(*EDITORS, ok=302), query="format=csv"),
    Row(
        "registry:service_point_export",
        allow(*EDITORS, ok=302),
        query="format=xlsx",
        label="registry:service_point_export?xlsx",
    ),
]
