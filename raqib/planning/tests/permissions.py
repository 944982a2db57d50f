"""Who may open each planning URL: coordinators and the director; nobody else (observers,
focal points, integrity officers and administrators get 403)."""

from raqib.core.roles import Role
from raqib.core.testing import Row, allow

DEPARTMENT = (Role.COORDINATOR, Role.DIRECTOR)


def build(ctx):
    import datetime as dt

    from raqib.planning import services
    from raqib.planning.tests.factories import published

    coordinator = ctx["personas"]["coordinator"]
    campaign = services.campaign_create(
        actor=coordinator,
        name="Matrice",
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 1, 29),
        budget=1_000_000,
        grid_in_person=published("PLANVISIT", "in_person"),
    )
    ctx["plan_campaign"] = campaign
    # A computation that never ran (no observers yet): its pages show the waiting state.
    from raqib.planning.models import PlanRun

    ctx["plan_run"] = PlanRun.objects.create(
        campaign=campaign, created_by=coordinator, time_limit=1
    )


def _c(ctx):
    return {"pk": ctx["plan_campaign"].pk}


def _run(ctx):
    return {"pk": ctx["plan_campaign"].pk, "run": ctx["plan_run"].pk}


DEPT = allow(*DEPARTMENT)
POSTED = allow(*DEPARTMENT, ok=302)
MISSING = allow(*DEPARTMENT, ok=404)

ROWS = [
    Row("planning:campaign_list", DEPT),
    Row("planning:campaign_create", DEPT),
    Row("planning:campaign_detail", DEPT, kwargs=_c),
    Row(
        "planning:campaign_detail",
        MISSING,
        kwargs=lambda ctx: {"pk": 987654},
        label="planning:campaign_detail (missing)",
    ),
    Row("planning:campaign_edit", DEPT, kwargs=_c),
    Row("planning:observer_set", POSTED, kwargs=_c, method="post"),
    Row("planning:observers_add_active", POSTED, kwargs=_c, method="post"),
    Row(
        "planning:observer_remove",
        MISSING,
        kwargs=lambda ctx: {"pk": ctx["plan_campaign"].pk, "row": 987654},
        method="post",
    ),
    Row("planning:item_add", POSTED, kwargs=_c, method="post"),
    Row("planning:items_pull", POSTED, kwargs=_c, method="post"),
    Row(
        "planning:item_remove",
        MISSING,
        kwargs=lambda ctx: {"pk": ctx["plan_campaign"].pk, "item": 987654},
        method="post",
    ),
    Row("planning:complaints_import", POSTED, kwargs=_c, method="post"),
    Row("planning:solve", POSTED, kwargs=_c, method="post"),
    Row("planning:run_detail", DEPT, kwargs=_run),
    Row("planning:run_status", DEPT, kwargs=_run),
    Row("planning:run_csv", DEPT, kwargs=_run),
    Row("planning:run_launch", POSTED, kwargs=_run, method="post"),
]
