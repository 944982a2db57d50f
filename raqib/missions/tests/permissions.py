"""Who may open each missions page and sync endpoint (see raqib/core/testing.py)."""

from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.core.testing import Row, allow

READERS = tuple(STAFF_ROLES)
EDITORS = tuple(EDITOR_ROLES)


def build(ctx):
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile

    from raqib.missions import services
    from raqib.missions.tests.factories import VALID_ANSWERS, image_bytes, make_mission, window

    observer = ctx["personas"]["observer"]
    coordinator = ctx["personas"]["coordinator"]

    def submitted_report():
        mission = make_mission(actor=coordinator, observer=observer)
        report, _ = services.report_upsert(
            actor=observer, report_uuid=uuid.uuid4(), mission_id=mission.pk, answers=VALID_ANSWERS
        )
        evidence, _ = services.evidence_add(
            actor=observer,
            report_uuid=report.uuid,
            photo_uuid=uuid.uuid4(),
            criterion="Q01",
            upload=SimpleUploadedFile("p.jpg", image_bytes()),
        )
        return services.report_submit(actor=observer, report_uuid=report.uuid), evidence

    ctx["mission_report"], ctx["mission_evidence"] = submitted_report()
    ctx["mission_correction"], _ = services.report_correction_request(
        actor=observer,
        report_uuid=ctx["mission_report"].uuid,
        correction_uuid=uuid.uuid4(),
        expected_version=ctx["mission_report"].version,
        answers={"Q02": 1},
    )
    ctx["mission_to_validate"], _ = submitted_report()
    ctx["mission_planned"] = make_mission(actor=coordinator)
    ctx["mission_to_cancel"] = make_mission(actor=coordinator)
    start, end = window()
    from raqib.missions.tests.factories import grid_version, make_point

    ctx["mission_pair"], _ = services.mission_pair_create(
        actor=coordinator,
        service_point=make_point(),
        grid_version=grid_version(),
        window_start=start,
        window_end=end,
        observers=(observer, _second_observer()),
    )


def _second_observer():
    from raqib.accounts.services import observer_profile_upsert
    from raqib.accounts.tests.factories import UserFactory
    from raqib.registry.models import Delegation

    user = UserFactory(username="perm-observer-2", roles=[Role.OBSERVER])
    observer_profile_upsert(
        actor=None,
        user=user,
        pseudonym="OBS-PERM-2",
        home_delegation=Delegation.objects.order_by("code").first(),
    )
    return user


def _pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


def _report_pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


def _report_uuid(ctx):
    return {"report_uuid": str(ctx["mission_report"].uuid)}


API_OBSERVER = allow(Role.OBSERVER, anonymous=403)

ROWS = [
    Row("missions:allowance_statement", allow(Role.OBSERVER, *READERS)),
    Row("missions:pair_agreement", allow(Role.COORDINATOR, Role.DIRECTOR)),
    Row("missions:mission_list", allow(*READERS)),
    Row(
        "missions:mission_list",
        allow(*READERS),
        query="status=submitted&q=M-XXXX&campaign=x",
        label="missions:mission_list?filters",
    ),
    # The export starts a background job and redirects to its page (raqib.exports).
    Row(
        "missions:mission_list",
        allow(*READERS, ok=302),
        query="status=submitted&export=csv",
        label="missions:mission_list?export",
    ),
    Row("missions:mission_create", allow(*EDITORS)),
    Row("missions:mission_pair_create", allow(*EDITORS)),
    Row("missions:mission_bulk_create", allow(*EDITORS)),
    Row(
        "missions:mission_bulk_create",
        allow(*EDITORS),
        query="q=bureau",
        label="missions:mission_bulk_create?filters",
    ),
    Row("missions:mission_detail", allow(*READERS), kwargs=_pk("mission_planned")),
    Row(
        "missions:mission_assign",
        allow(*EDITORS, ok=400),
        kwargs=_pk("mission_planned"),
        method="post",
    ),
    Row(
        "missions:mission_assign_check",
        allow(*EDITORS),
        kwargs=_pk("mission_planned"),
        query="observer=0",
    ),
    Row(
        "missions:mission_window",
        allow(*EDITORS, ok=400),  # an empty form: the dates are required
        kwargs=_pk("mission_planned"),
        method="post",
    ),
    Row(
        "missions:mission_cancel",
        allow(*EDITORS, ok=302),
        kwargs=_pk("mission_to_cancel"),
        method="post",
    ),
    Row("missions:mission_compare", allow(*READERS), kwargs=_pk("mission_pair")),
    Row(
        "missions:mission_compare",
        allow(*READERS, **dict.fromkeys(READERS, 404)),
        kwargs=_pk("mission_planned"),
        label="missions:mission_compare (not paired)",
    ),
    Row("missions:review_queue", allow(*READERS)),
    Row(
        "missions:review_queue",
        allow(*READERS),
        query="anomalies=yes&critical=yes&status=validated",
        label="missions:review_queue?filters",
    ),
    Row("missions:report_review", allow(*READERS), kwargs=_report_pk("mission_report")),
    Row(
        "missions:report_return",
        allow(*EDITORS, ok=400),
        kwargs=_report_pk("mission_report"),
        method="post",
    ),
    Row(
        "missions:report_correction_decide",
        allow(*EDITORS, ok=302),
        kwargs=_pk("mission_correction"),
        method="post",
        label="missions:report_correction_decide (no decision: nothing changes)",
    ),
    Row(
        "missions:report_validate",
        allow(*EDITORS, ok=302),
        kwargs=_report_pk("mission_to_validate"),
        method="post",
    ),
    Row(
        "missions:evidence_file",
        allow(*READERS),
        kwargs=lambda ctx: {"uuid": ctx["mission_evidence"].uuid},
    ),
    # The sync API (DRF answers 403 to anonymous users: no redirect to a sign-in page).
    Row("api:observer_session", API_OBSERVER),
    Row("api:observer_mission_list", API_OBSERVER),
    Row("api:observer_report", API_OBSERVER, kwargs=_report_uuid),
    Row(
        "api:observer_report_photo",
        allow(Role.OBSERVER, ok=405, anonymous=403),
        kwargs=lambda ctx: {**_report_uuid(ctx), "photo_uuid": str(ctx["mission_evidence"].uuid)},
        label="api:observer_report_photo (GET not allowed)",
    ),
    Row(
        "api:observer_report_submit",
        API_OBSERVER,
        kwargs=_report_uuid,
        method="post",
    ),
    Row(
        "api:observer_report_status_list",
        API_OBSERVER,
        query="uuid=" + "0" * 8 + "-0000-4000-8000-" + "0" * 12,
    ),
    Row("api:observer_report_status", API_OBSERVER, kwargs=_report_uuid),
    Row(
        "api:observer_report_correction",
        allow(Role.OBSERVER, ok=405, anonymous=403),
        kwargs=lambda ctx: {
            **_report_uuid(ctx),
            "correction_uuid": str(ctx["mission_evidence"].uuid),
        },
        label="api:observer_report_correction (GET not allowed)",
    ),
]
