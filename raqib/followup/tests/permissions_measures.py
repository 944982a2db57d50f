"""Who may open each page of the register of simplification measures (see raqib/core/testing.py).

Department staff and focal points read; coordinators and directors write. The personas' focal
point is of "focal-body": the measure of that body is theirs, the other one answers 404.
"""

from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.testing import Row, allow

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
WRITERS = (Role.COORDINATOR, Role.DIRECTOR)


def build(ctx):
    import datetime as dt

    from raqib.followup import services
    from raqib.missions.tests.factories import grid_version
    from raqib.registry.models import PublicBody
    from raqib.registry.tests.factories import PublicBodyFactory

    coordinator = ctx["personas"]["coordinator"]
    grid = grid_version().grid
    common = {
        "title_ar": "تبسيط",
        "title_fr": "Simplification",
        "legal_reference": "Décret n° 1",
        "in_force_on": dt.date(2026, 1, 1),
        "observable_ar": "لا وثيقة",
        "observable_fr": "Plus de document",
        "grid": grid,
        "criteria": ["Q01"],
    }
    ctx["measure_own"] = services.measure_create(
        actor=coordinator,
        code="PERM-OWN",
        bodies=[PublicBody.objects.get(code="focal-body")],
        **common,
    )
    ctx["measure_other"] = services.measure_create(
        actor=coordinator,
        code="PERM-OTHER",
        bodies=[PublicBodyFactory(code="perm-measure-other")],
        **common,
    )


def _pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


ROWS = [
    Row("followup:measure_list", allow(*READERS)),
    Row("followup:measure_create", allow(*WRITERS)),
    Row(
        "followup:measure_create",
        allow(*WRITERS, ok=400),  # an empty form
        method="post",
        label="followup:measure_create[post]",
    ),
    Row("followup:measure_detail", allow(*READERS), kwargs=_pk("measure_own")),
    Row(
        "followup:measure_detail",
        allow(*READERS, focal_point=404),
        kwargs=_pk("measure_other"),
        label="followup:measure_detail[other body]",
    ),
    Row(
        "followup:measure_detail",
        allow(*READERS, ok=400),
        kwargs=_pk("measure_own"),
        query="start=2026-03-01&end=2026-01-01",
        label="followup:measure_detail?bad period",
    ),
    Row("followup:measure_edit", allow(*WRITERS), kwargs=_pk("measure_own")),
    Row(
        "followup:measure_edit",
        allow(*WRITERS, ok=400),  # an empty form
        kwargs=_pk("measure_own"),
        method="post",
        label="followup:measure_edit[post]",
    ),
    Row(
        "followup:measure_export",
        allow(*READERS),
        kwargs=_pk("measure_own"),
        query="format=csv",
    ),
    Row(
        "followup:measure_export",
        allow(*READERS, focal_point=404),
        kwargs=_pk("measure_other"),
        query="format=xlsx",
        label="followup:measure_export[other body]",
    ),
]
