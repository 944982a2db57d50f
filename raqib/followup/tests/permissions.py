"""Who may open each follow-up page and API endpoint (see raqib/core/testing.py)."""

from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.testing import Row, allow, public
from raqib.followup.tests import permissions_measures

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
DEPARTMENT = (Role.COORDINATOR, Role.DIRECTOR)


def build(ctx):
    permissions_measures.build(ctx)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from raqib.followup import services
    from raqib.followup.tests.factories import draft, sent, validated_report
    from raqib.missions.tests.factories import image_bytes, make_point

    coordinator = ctx["personas"]["coordinator"]
    focal = ctx["personas"]["focal_point"]
    body = focal.focal_bodies.get()
    point = make_point(body=body)
    # Resting on a report of the named observer: the anonymity walk reads its pages.
    finding = validated_report(
        coordinator=coordinator, point=point, observer=ctx["personas"]["observer"]
    )
    ctx["rec_own"] = sent(coordinator=coordinator, report=finding)
    entry = services.recommendation_comment(
        actor=focal,
        recommendation=ctx["rec_own"],
        text="Photo of the new sign",
        uploads=[SimpleUploadedFile("sign.png", image_bytes("PNG"))],
    )
    ctx["rec_file"] = entry.files.get()
    ctx["rec_other"] = sent(coordinator=coordinator)
    ctx["rec_draft"] = draft(coordinator=coordinator, body=body, service_points=[point])


def _pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


ROWS = [
    Row("followup:recommendation_list", allow(*READERS)),
    Row(
        "followup:recommendation_list",
        allow(*READERS, ok=400),
        query="status=nonsense",
        label="followup:recommendation_list?bad",
    ),
    Row("followup:recommendation_create", allow(*DEPARTMENT)),
    Row("followup:recommendation_create", allow(*DEPARTMENT, ok=400), method="post"),
    Row("followup:recommendation_export", allow(*READERS), query="format=csv"),
    Row(
        "followup:recommendation_export",
        allow(*READERS),
        query="format=xlsx",
        label="followup:recommendation_export?xlsx",
    ),
    Row("followup:figures", allow(*READERS)),
    Row("followup:recommendation_detail", allow(*READERS), kwargs=_pk("rec_own")),
    Row(
        "followup:recommendation_detail",
        allow(*READERS, focal_point=404),
        kwargs=_pk("rec_other"),
        label="followup:recommendation_detail (another body)",
    ),
    Row(
        "followup:recommendation_detail",
        allow(*READERS, focal_point=404),
        kwargs=_pk("rec_draft"),
        label="followup:recommendation_detail (draft)",
    ),
    Row("followup:recommendation_edit", allow(*DEPARTMENT), kwargs=_pk("rec_draft")),
    Row(
        "followup:recommendation_act",
        allow(*READERS, ok=302),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row(
        "followup:recommendation_act",
        allow(*READERS, ok=302, focal_point=404),
        kwargs=_pk("rec_other"),
        method="post",
        label="followup:recommendation_act (another body)",
    ),
    Row(
        "followup:recommendation_plan",
        allow(Role.FOCAL_POINT, **dict.fromkeys(STAFF_ROLES, 403)),
        kwargs=_pk("rec_own"),
    ),
    Row(
        "followup:recommendation_plan",
        allow(Role.FOCAL_POINT, ok=400),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row(
        "followup:recommendation_claim",
        allow(*READERS, ok=302),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row(
        "followup:recommendation_comment",
        allow(*READERS, ok=302),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row(
        "followup:recommendation_verify",
        allow(Role.COORDINATOR, ok=302),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row("followup:recommendation_publish", allow(*DEPARTMENT), kwargs=_pk("rec_own")),
    Row(
        "followup:recommendation_publish",
        allow(*DEPARTMENT, ok=400),
        kwargs=_pk("rec_own"),
        method="post",
    ),
    Row(
        "followup:file_download",
        allow(*READERS),
        kwargs=lambda ctx: {"uuid": str(ctx["rec_file"].uuid)},
    ),
    Row("followup:public_index", public()),
    Row("followup:public_body", public(), kwargs=lambda ctx: {"code": ctx["rec_own"].body.code}),
    Row("api:recommendation_list", allow(*READERS, anonymous=403)),
    Row("api:recommendation_detail", allow(*READERS, anonymous=403), kwargs=_pk("rec_own")),
    Row(
        "api:recommendation_detail",
        allow(*READERS, anonymous=403, focal_point=404),
        kwargs=_pk("rec_other"),
        label="api:recommendation_detail (another body)",
    ),
]
ROWS += permissions_measures.ROWS
