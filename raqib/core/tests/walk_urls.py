"""The pages and exports the walks open (raw-token walk, phone walk), per persona.

Every GET row of the permission matrix that answers 200 to a persona is walked as that
persona: the matrix test fails when a URL of the project has no row, so a new page is walked
as soon as it has its permission row. `EXTRA_ROWS` adds representative variants the matrix
does not need (an export in another format, a filtered list): adding one is a one-line change.
`build_walk_world` adds, on top of the matrix's objects, the data that makes pages show
translated values (answered reports on a paired mission, survey answers with drivers and a
yes/no item, an edited service point with history, a second grid version for the diff).
"""

from __future__ import annotations

from typing import Any

from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.testing import Row, allow

# The roles whose pages are walked: every staff role, and the focal point (a body's reader).
WALK_PERSONAS: tuple[str, ...] = (*sorted(str(r) for r in STAFF_ROLES), str(Role.FOCAL_POINT))
LANGUAGES = ("ar", "fr")


def _wave(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"pk": ctx["survey_wave"].pk}


# Export buttons start a background job and redirect to it (raqib.exports): the walk follows
# them to the file (``follow_export``), so these rows expect the file (200).
EXTRA_ROWS: list[Row] = [
    Row(
        "surveys:responses_export",
        allow(*STAFF_ROLES),
        kwargs=lambda ctx: {"pk": ctx["survey_wave"].pk, "fmt": "xlsx"},
        label="surveys:responses_export (xlsx)",
    ),
    Row(
        "surveys:responses_export",
        allow(*STAFF_ROLES),
        kwargs=lambda ctx: {"pk": ctx["survey_wave"].pk, "fmt": "csv"},
        label="surveys:responses_export (csv, walk)",
    ),
    Row(
        "missions:mission_list",
        allow(*STAFF_ROLES),
        query="export=xlsx",
        label="missions:mission_list?export (walk)",
    ),
    Row(
        "registry:service_point_export",
        allow(Role.ADMINISTRATOR, Role.COORDINATOR),
        query="format=xlsx",
        label="registry:service_point_export (walk)",
    ),
    Row(
        "missions:mission_compare",
        allow(*STAFF_ROLES),
        kwargs=lambda ctx: {"pk": ctx["walk_pair"].pk},
        label="missions:mission_compare (answered pair)",
    ),
    Row(
        "missions:report_review",
        allow(*STAFF_ROLES),
        kwargs=lambda ctx: {"pk": ctx["walk_pair_report"].pk},
        label="missions:report_review (paired)",
    ),
    Row(
        "grids:version_diff",
        allow(*STAFF_ROLES),
        kwargs=lambda ctx: {"pk": ctx["walk_grid_v2"].pk},
        label="grids:version_diff (v2)",
    ),
    Row("surveys:wave_detail", allow(*STAFF_ROLES), kwargs=_wave, label="wave (walk)"),
]


def follow_export(client: Any, response: Any) -> Any:
    """An export button's answer followed to the file: the redirect to the job's page (the
    task ran at once in tests), then the job's download; any other response as it is."""
    location = response.get("Location", "") if response.status_code == 302 else ""
    if "/exports/" not in location:
        return response
    return client.get(location.split("?")[0].rstrip("/") + "/download")


def walk_rows(persona: str) -> list[Row]:
    """Every GET page and export `persona` may open (status 200)."""
    from raqib.core.tests.test_permission_matrix import ROWS

    return [
        row
        for row in (*ROWS, *EXTRA_ROWS)
        if row.method == "get" and row.expected.get(persona) == 200
    ]


def walk_context(personas: dict[str, Any]) -> dict[str, Any]:
    """The permission matrix's objects plus `build_walk_world`'s, for the given personas."""
    from raqib.core.tests.test_permission_matrix import matrix_builders

    # The personas' usernames ("observer", "coordinator") would read as role codes.
    for n, user in enumerate(u for u in personas.values() if u is not None):
        user.username = f"persona{n}"
        user.save(update_fields=["username"])
    ctx: dict[str, Any] = {"personas": personas}
    for build in matrix_builders():
        build(ctx)
    build_walk_world(ctx)
    return ctx


def walk_url(row: Row, ctx: dict[str, Any], lang: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        url = reverse(row.url_name, kwargs=row.kwargs(ctx) if row.kwargs else None)
    return f"{url}?{row.query}" if row.query else url


def build_walk_world(ctx: dict[str, Any]) -> None:
    """Data that makes the walked pages show every kind of value (see the module docstring)."""
    import uuid

    from raqib.missions import services as missions
    from raqib.missions.tests.factories import VALID_ANSWERS, grid_version, make_point, window
    from raqib.registry import services as registry
    from raqib.surveys.tests.factories import submit

    personas = ctx["personas"]
    coordinator, observer = personas["coordinator"], personas["observer"]
    start, end = window()
    second = _observer_two()
    pair = missions.mission_pair_create(
        actor=coordinator,
        service_point=make_point(),
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        observers=(observer, second),
    )
    reports = []
    for mission in pair:
        who = mission.observer
        report, _ = missions.report_upsert(
            actor=who, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=VALID_ANSWERS
        )
        reports.append(missions.report_submit(actor=who, report_uuid=report.uuid))
    ctx["walk_pair"] = pair[0]
    ctx["walk_pair_report"] = reports[0]

    point = ctx["point_inside"]
    registry.service_point_update(
        actor=coordinator,
        service_point=point,
        name_fr="Bureau modifié (A08)",
        opening_hours="8h-14h",
        in_person=False,
    )

    wave_point = ctx["survey_point"]
    answers = {"SAT_OVERALL": 2, "SETTLED": "yes", "COMMENT": "تعليق (A08) مع رمز"}
    for i, drv in enumerate(("TIMELINESS", "KNOWLEDGE", "COURTESY", "FAIRNESS", "OUTCOME")):
        answers[f"DRV_{drv}"] = 1 + i % 5
        answers[f"IMP_{drv}"] = 5 - i % 5
    for _ in range(3):
        submit(wave_point, answers)
    submit(wave_point, {"SAT_OVERALL": 1}, started="")  # quarantined: no time stamp

    ctx["walk_grid_v2"] = _grid_v2(coordinator, ctx["grid_version"])


def _observer_two() -> Any:
    from raqib.accounts.services import observer_profile_upsert
    from raqib.accounts.tests.factories import UserFactory
    from raqib.registry.models import Delegation

    user = UserFactory(username="walk-observer-2", roles=[Role.OBSERVER])
    observer_profile_upsert(
        actor=None,
        user=user,
        pseudonym="OBS-WALK-2",
        home_delegation=Delegation.objects.order_by("code").first(),
    )
    return user


def _grid_v2(actor: Any, version: Any) -> Any:
    """A second version of the matrix grid whose first section weighs differently."""
    from raqib.grids.services import grid_version_clone, grid_version_publish, section_update

    draft = grid_version_clone(actor=actor, version=version)
    section = draft.sections.order_by("position").first()
    section_update(actor=actor, section=section, weight=section.weight + 1)
    return grid_version_publish(actor=actor, version=draft)
