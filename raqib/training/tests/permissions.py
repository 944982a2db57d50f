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
]
