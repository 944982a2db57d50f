from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.core.testing import Row, allow, public

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
INTERVIEWERS = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.OBSERVER)


def build(ctx):
    from raqib.surveys.tests.factories import make_wave, submit

    # The wave's only point belongs to another body than the focal point's: out of scope.
    wave = make_wave(code="matrix-wave")
    ctx["survey_wave"] = wave
    ctx["survey_point"] = wave.points.get()
    ctx["survey_quarantined"] = submit(
        ctx["survey_point"], {"SAT_OVERALL": 1}, honeypot="bot"
    ).response


def _wave(ctx):
    return {"pk": ctx["survey_wave"].pk}


def _point(ctx):
    return {"pk": ctx["survey_point"].pk}


def _token(ctx):
    return {"token": ctx["survey_point"].token}


ROWS = [
    Row("surveys:wave_list", allow(*READERS)),
    Row("surveys:wave_create", allow(*EDITOR_ROLES)),
    Row("surveys:wave_detail", allow(*READERS, focal_point=404), kwargs=_wave),
    Row("surveys:wave_results", allow(*READERS, focal_point=404), kwargs=_wave),
    Row("surveys:wave_edit", allow(*EDITOR_ROLES), kwargs=_wave),
    # An empty target form is refused with a message: editors are sent back to the wave.
    Row("surveys:wave_targets", allow(*EDITOR_ROLES, ok=302), kwargs=_wave, method="post"),
    # Opening an open wave is refused with a message, and changes nothing.
    Row(
        "surveys:wave_transition",
        allow(*EDITOR_ROLES, ok=302),
        kwargs=lambda ctx: {"pk": ctx["survey_wave"].pk, "action": "open"},
        method="post",
    ),
    Row("surveys:wave_quarantine", allow(*EDITOR_ROLES), kwargs=_wave),
    # Citizens' comments: coordinators and the director read and flag them.
    Row("surveys:wave_comments", allow(Role.COORDINATOR, Role.DIRECTOR), kwargs=_wave),
    # The matrix's answer has no comment: refused with a message, back to the list.
    Row(
        "surveys:comment_flag",
        allow(Role.COORDINATOR, Role.DIRECTOR, ok=302),
        kwargs=lambda ctx: {
            "pk": ctx["survey_wave"].pk,
            "response_pk": ctx["survey_quarantined"].pk,
        },
        method="post",
    ),
    # The first editor confirms, the next one is told there is nothing left to decide.
    Row(
        "surveys:response_review",
        allow(*EDITOR_ROLES, ok=302),
        kwargs=lambda ctx: {
            "pk": ctx["survey_wave"].pk,
            "response_pk": ctx["survey_quarantined"].pk,
            "action": "confirm",
        },
        method="post",
    ),
    # An empty selection is refused with a message, and changes nothing.
    Row(
        "surveys:responses_bulk_review",
        allow(*EDITOR_ROLES, ok=302),
        kwargs=_wave,
        method="post",
        data=lambda ctx: {"decision": "release", "reason": ""},
    ),
    # Both start a background job and redirect to its page (raqib.exports).
    Row(
        "surveys:wave_posters_zip",
        allow(*STAFF_ROLES, ok=302),
        kwargs=_wave,
        query="lang=ar&size=a5",
    ),
    Row(
        "surveys:responses_export",
        allow(*STAFF_ROLES, ok=302),
        kwargs=lambda ctx: {"pk": ctx["survey_wave"].pk, "fmt": "csv"},
    ),
    Row("surveys:indices_export", allow(*STAFF_ROLES), kwargs=_wave),
    Row("surveys:point_qr", allow(*STAFF_ROLES), kwargs=_point),
    Row("surveys:point_poster", allow(*STAFF_ROLES), kwargs=_point, query="lang=fr&size=a5"),
    Row("surveys:interview_list", allow(*INTERVIEWERS)),
    Row("surveys:interview", allow(*INTERVIEWERS), kwargs=_point),
    # The citizen's pages: no sign-in for anyone.
    Row("surveys_public:answer", public(), kwargs=_token),
    Row("surveys_public:thanks", public(), kwargs=_token),
    Row("api:survey_wave_indices", allow(*STAFF_ROLES, anonymous=403), kwargs=_wave),
]
