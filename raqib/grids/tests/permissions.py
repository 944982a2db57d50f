from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.core.testing import Row, allow


def build(ctx):
    from raqib.grids.tests.factories import make_published

    ctx["grid_version"] = make_published("MATRIX")


def _pk(ctx):
    return {"pk": ctx["grid_version"].pk}


API_READERS = (*STAFF_ROLES, Role.OBSERVER)

ROWS = [
    Row("grids:grid_list", allow(*STAFF_ROLES)),
    Row("grids:version_detail", allow(*STAFF_ROLES), kwargs=_pk),
    Row("grids:version_diff", allow(*STAFF_ROLES), kwargs=_pk),
    Row("grids:version_export", allow(*STAFF_ROLES), kwargs=_pk, query="format=xform"),
    Row("grids:xlsform_import", allow(*EDITOR_ROLES)),
    # The API answers 403 (not a redirect) to anonymous calls, like the schema.
    Row("api:grid_version_list", allow(*API_READERS, anonymous=403)),
    Row("api:grid_version_detail", allow(*API_READERS, anonymous=403), kwargs=_pk),
]

# Authoring UI (raqib/grids/urls.py, "authoring/"): rows and objects of their own.
from .permissions_authoring import ROWS as AUTHORING_ROWS  # noqa: E402
from .permissions_authoring import build_authoring  # noqa: E402

ROWS = ROWS + AUTHORING_ROWS
_build_grids = build


def build(ctx):
    _build_grids(ctx)
    build_authoring(ctx)
