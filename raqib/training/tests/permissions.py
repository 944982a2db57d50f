"""Who may open each training URL: observers train; coordinators and the director follow
certifications; only coordinators grant and revoke."""

from raqib.core.roles import Role
from raqib.core.testing import Row, allow

SUPERVISORS = (Role.COORDINATOR, Role.DIRECTOR)


def build(ctx):
    import uuid

    from raqib.training import services
    from raqib.training.tests.factories import requirement

    # For the telephone only: the other apps' worlds assign in-person missions on this grid.
    req = requirement(channels=["phone"])
    ctx["training_requirement"] = req
    observer = ctx["personas"]["observer"]
    ctx["training_attempt"] = services.quiz_attempt_start(
        actor=observer, course_version=req.course_version, client_uuid=uuid.uuid4()
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from raqib.training.media import lesson_media_upload
    from raqib.training.tests.factories import png_bytes

    ctx["training_media"] = lesson_media_upload(
        actor=ctx["personas"]["coordinator"],
        upload=SimpleUploadedFile("desk.png", png_bytes(), content_type="image/png"),
    )
    ctx["training_cert"] = services.certification_grant(
        actor=ctx["personas"]["coordinator"],
        observer=observer,
        grid_version=req.grid_version,
        channel="phone",
        reason="matrix",
    )


ROWS = [
    Row("training:my_training", allow(Role.OBSERVER)),
    Row(
        "training:course",
        allow(Role.OBSERVER),
        kwargs=lambda ctx: {"pk": ctx["training_requirement"].course_version.pk},
    ),
    # A fresh attempt id each time would start an attempt; an empty one is refused (redirect).
    Row(
        "training:quiz_start",
        allow(Role.OBSERVER, ok=302),
        kwargs=lambda ctx: {"pk": ctx["training_requirement"].course_version.pk},
        method="post",
    ),
    Row(
        "training:quiz",
        allow(Role.OBSERVER),
        kwargs=lambda ctx: {"attempt": str(ctx["training_attempt"].client_uuid)},
    ),
    Row(
        "training:practice",
        allow(Role.OBSERVER),
        kwargs=lambda ctx: {"pk": ctx["training_requirement"].practice.pk},
    ),
    Row("training:pledge", allow(Role.OBSERVER, ok=302), method="post"),
    Row("training:certifications", allow(*SUPERVISORS)),
    Row("training:certification_grant", allow(Role.COORDINATOR, ok=302), method="post"),
    Row(
        "training:certification_revoke",
        allow(Role.COORDINATOR, ok=302),
        kwargs=lambda ctx: {"pk": ctx["training_cert"].pk},
        method="post",
    ),
    Row("training:agreement", allow(*SUPERVISORS)),
    # Course authoring: coordinators only. POSTs with no file are refused with a message.
    Row("training:authoring", allow(Role.COORDINATOR)),
    Row("training:course_create", allow(Role.COORDINATOR, ok=302), method="post"),
    Row(
        "training:course_publish",
        allow(Role.COORDINATOR, ok=302),
        kwargs=lambda ctx: {"pk": ctx["training_requirement"].course_version.course_id},
        method="post",
    ),
    Row(
        "training:course_content",
        allow(Role.COORDINATOR),
        kwargs=lambda ctx: {"pk": ctx["training_requirement"].course_version.pk},
    ),
    Row("training:lesson_media_upload", allow(Role.COORDINATOR, ok=302), method="post"),
    Row("training:requirement_set", allow(Role.COORDINATOR, ok=302), method="post"),
    Row("training:practice_create", allow(Role.COORDINATOR, ok=302), method="post"),
    # A lesson's files: whoever takes or writes courses; never focal points or outsiders.
    Row(
        "training_media:lesson_media_file",
        allow(Role.OBSERVER, Role.COORDINATOR, Role.DIRECTOR, Role.ADMINISTRATOR),
        kwargs=lambda ctx: {"pk": ctx["training_media"].pk},
    ),
]
