"""Who may open each integrity URL (see raqib/core/testing.py).

Need-to-know: a case's pages, files, bundle and API answer 404 to every signed-in role but
the officers assigned to it and the director — administrators and other officers included.
"""

from raqib.core.roles import Role
from raqib.core.testing import ANONYMOUS_REDIRECT, PERSONAS, Row, allow

LISTERS = (Role.DIRECTOR, Role.INTEGRITY_OFFICER, Role.ADMINISTRATOR)


def need_to_know(ok=200, *, officer=None, **overrides):
    """404 for every signed-in persona but the director and the (assigned) officer."""
    expected = dict.fromkeys(PERSONAS, 404)
    expected["anonymous"] = ANONYMOUS_REDIRECT
    expected[Role.DIRECTOR] = ok
    expected[Role.INTEGRITY_OFFICER] = ok if officer is None else officer
    expected.update(overrides)
    return expected


def build(ctx):
    from raqib.integrity import services
    from raqib.integrity.tests.factories import assigned_case, officer
    from raqib.missions.tests.factories import image_bytes

    personas = ctx["personas"]
    coordinator = personas["coordinator"]
    mine = assigned_case(
        coordinator=coordinator,
        officers=[personas["integrity_officer"]],
        observer=personas["observer"],
    )
    ctx["case_mine"] = mine
    ctx["case_evidence"] = services.evidence_add(
        actor=personas["integrity_officer"],
        case=mine,
        name="receipt.png",
        content=image_bytes("PNG"),
        content_type="image/png",
    )
    ctx["case_reveal"] = services.identity_reveal_request(
        actor=personas["integrity_officer"], case=mine, reason="Needed by the prosecutor"
    )
    services.case_act(actor=personas["director"], case=mine, event="assess")
    services.case_act(
        actor=personas["director"], case=mine, event="refer", authority="prosecutor", language="ar"
    )
    ctx["case_referral"] = mine.referrals.get()
    ctx["case_other"] = assigned_case(coordinator=coordinator, officers=[officer()])


def _pk(key):
    return lambda ctx: {"pk": ctx[key].pk}


ROWS = [
    Row("integrity:case_list", allow(*LISTERS)),
    Row("integrity:case_new", allow(Role.INTEGRITY_OFFICER)),
    Row("integrity:case_detail", need_to_know(), kwargs=_pk("case_mine")),
    Row(
        "integrity:case_detail",
        need_to_know(officer=404),
        kwargs=_pk("case_other"),
        label="integrity:case_detail (not assigned)",
    ),
    Row("integrity:case_api", need_to_know(), kwargs=_pk("case_mine")),
    Row(
        "integrity:case_facts_add",
        need_to_know(ok=302),
        kwargs=_pk("case_mine"),
        method="post",
    ),
    Row(
        "integrity:case_api",
        need_to_know(officer=404),
        kwargs=_pk("case_other"),
        label="integrity:case_api (not assigned)",
    ),
    Row(
        "integrity:evidence_download",
        need_to_know(),
        kwargs=lambda ctx: {"pk": ctx["case_mine"].pk, "uuid": str(ctx["case_evidence"].uuid)},
    ),
    Row(
        "integrity:evidence_download",
        need_to_know(officer=404, director=404),
        kwargs=lambda ctx: {"pk": ctx["case_other"].pk, "uuid": str(ctx["case_evidence"].uuid)},
        label="integrity:evidence_download (file of another case)",
    ),
    Row("integrity:case_bundle", need_to_know(), kwargs=_pk("case_mine")),
    Row(
        "integrity:case_bundle",
        need_to_know(officer=404),
        kwargs=_pk("case_other"),
        label="integrity:case_bundle (not assigned)",
    ),
    Row(
        "integrity:referral_letter",
        need_to_know(),
        kwargs=lambda ctx: {"pk": ctx["case_mine"].pk, "rid": ctx["case_referral"].pk},
    ),
    Row(
        "integrity:referral_letter",
        need_to_know(officer=404, director=404),
        kwargs=lambda ctx: {"pk": ctx["case_other"].pk, "rid": ctx["case_referral"].pk},
        label="integrity:referral_letter (letter of another case)",
    ),
    Row("integrity:case_act", need_to_know(302), kwargs=_pk("case_mine"), method="post"),
    Row(
        "integrity:referral_followup",
        need_to_know(302),
        kwargs=lambda ctx: {"pk": ctx["case_mine"].pk, "rid": ctx["case_referral"].pk},
        method="post",
    ),
    Row(
        "integrity:referral_followup",
        need_to_know(302, officer=404, director=404),
        kwargs=lambda ctx: {"pk": ctx["case_other"].pk, "rid": ctx["case_referral"].pk},
        method="post",
        label="integrity:referral_followup (referral of another case)",
    ),
    Row(
        "integrity:case_act",
        need_to_know(302, officer=404),
        kwargs=_pk("case_other"),
        method="post",
        label="integrity:case_act (not assigned)",
    ),
    Row("integrity:evidence_upload", need_to_know(302), kwargs=_pk("case_mine"), method="post"),
    Row(
        "integrity:evidence_upload",
        need_to_know(302, officer=404),
        kwargs=_pk("case_other"),
        method="post",
        label="integrity:evidence_upload (not assigned)",
    ),
    Row(
        "integrity:reveal_request",
        need_to_know(302, director=403),
        kwargs=_pk("case_mine"),
        method="post",
    ),
    Row(
        "integrity:reveal_decide",
        need_to_know(302, officer=403),
        kwargs=lambda ctx: {"pk": ctx["case_mine"].pk, "rid": ctx["case_reveal"].pk},
        method="post",
    ),
    Row(
        "integrity:case_assign",
        need_to_know(302, officer=404, administrator=302),
        kwargs=_pk("case_other"),
        method="post",
    ),
]
