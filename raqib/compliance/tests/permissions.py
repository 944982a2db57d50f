"""Who may open each compliance page (see raqib/core/testing.py)."""

from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.testing import Row, allow

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
DEPARTMENT = (Role.COORDINATOR, Role.DIRECTOR)


def build(ctx):
    from raqib.compliance.tests.factories import hand_computed
    from raqib.followup.tests.factories import validated_report
    from raqib.missions.tests.factories import make_point

    coordinator = ctx["personas"]["coordinator"]
    focal = ctx["personas"]["focal_point"]
    fx = hand_computed(coordinator=coordinator, body=focal.focal_bodies.get())
    # A report of the named observer: the anonymity walk reads the pages built on it.
    validated_report(coordinator=coordinator, point=fx.point, observer=ctx["personas"]["observer"])
    ctx["cmp_referential"] = fx.referential
    ctx["cmp_point"] = fx.point
    ctx["cmp_body"] = fx.body
    from raqib.compliance import services
    from raqib.compliance.models import LabelStatus

    ctx["cmp_holder"] = services.label_holder_create(
        actor=coordinator, service_point=fx.point, scope=["face_to_face"]
    )
    other = make_point()
    ctx["cmp_other_holder"] = services.label_holder_create(
        actor=coordinator, service_point=other, scope=["telephone"]
    )
    assert ctx["cmp_holder"].status == LabelStatus.CANDIDATE
    ctx["cmp_other_point"] = other
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    ctx["cmp_document"] = services.label_document_add(
        actor=coordinator,
        holder=ctx["cmp_holder"],
        title="Certificat",
        upload=SimpleUploadedFile("c.pdf", pdf, "application/pdf"),
    )
    ctx["cmp_other_document"] = services.label_document_add(
        actor=coordinator,
        holder=ctx["cmp_other_holder"],
        title="Certificat",
        upload=SimpleUploadedFile("c.pdf", pdf, "application/pdf"),
    )
    ctx["cmp_other_body"] = other.body


def _pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


ROWS = [
    Row("compliance:referential_current", allow(*READERS, ok=302)),
    Row("compliance:referential_detail", allow(*READERS), kwargs=_pk("cmp_referential")),
    Row("compliance:referential_export", allow(*READERS), kwargs=_pk("cmp_referential")),
    Row("compliance:point_compliance", allow(*READERS), kwargs=_pk("cmp_point")),
    Row(
        "compliance:point_compliance",
        allow(*READERS, ok=400),
        kwargs=_pk("cmp_point"),
        query="start=2026-05-01&end=2026-01-01",
        label="compliance:point_compliance?bad",
    ),
    Row(
        "compliance:point_compliance",
        allow(*READERS, focal_point=404),
        kwargs=_pk("cmp_other_point"),
        label="compliance:point_compliance (another body)",
    ),
    Row("compliance:body_compliance", allow(*READERS), kwargs=_pk("cmp_body")),
    Row(
        "compliance:body_compliance",
        allow(*READERS, ok=400),
        kwargs=_pk("cmp_body"),
        query="start=nonsense",
        label="compliance:body_compliance?bad",
    ),
    Row(
        "compliance:body_compliance",
        allow(*READERS, focal_point=404),
        kwargs=_pk("cmp_other_body"),
        label="compliance:body_compliance (another body)",
    ),
    Row("compliance:label_list", allow(*READERS)),
    Row("compliance:label_create", allow(*DEPARTMENT, ok=400), method="post"),
    Row("compliance:label_detail", allow(*READERS), kwargs=_pk("cmp_holder")),
    Row(
        "compliance:label_detail",
        allow(*READERS, focal_point=404),
        kwargs=_pk("cmp_other_holder"),
        label="compliance:label_detail (another body)",
    ),
    Row(
        "compliance:label_transition",
        allow(*DEPARTMENT, ok=400),
        kwargs=_pk("cmp_holder"),
        method="post",
    ),
    Row("compliance:equal_treatment", allow(*DEPARTMENT)),
    Row(
        "compliance:equal_treatment",
        allow(*DEPARTMENT, ok=400),
        query="trait=nonsense&start=2026-01-01&end=2026-02-01",
        label="compliance:equal_treatment?bad",
    ),
    Row("compliance:traits", allow(*DEPARTMENT)),
    Row("compliance:traits", allow(*DEPARTMENT, ok=400), method="post"),
    Row("compliance:holders", allow(*STAFF_ROLES)),
    Row(
        "compliance:holders",
        allow(*STAFF_ROLES, ok=400),
        query="start=nonsense",
        label="compliance:holders?bad",
    ),
    Row("compliance:scope_compliance", allow(*STAFF_ROLES)),
    Row(
        "compliance:scope_compliance",
        allow(*STAFF_ROLES, ok=400),
        query="channel=pigeon",
        label="compliance:scope_compliance?bad",
    ),
    Row(
        "compliance:label_follow_up_mission",
        allow(*DEPARTMENT, ok=400),
        kwargs=_pk("cmp_holder"),
        method="post",
    ),
    Row(
        "compliance:label_document_add",
        allow(*DEPARTMENT, ok=400),
        kwargs=_pk("cmp_holder"),
        method="post",
    ),
    Row(
        "compliance:label_document",
        allow(*READERS),
        kwargs=lambda ctx: {"uuid": ctx["cmp_document"].uuid},
    ),
    Row(
        "compliance:label_document",
        allow(*READERS, focal_point=404),
        kwargs=lambda ctx: {"uuid": ctx["cmp_other_document"].uuid},
        label="compliance:label_document (another body)",
    ),
    Row("compliance:referential_import", allow(*DEPARTMENT)),
    Row("compliance:referential_import", allow(*DEPARTMENT, ok=400), method="post"),
]
