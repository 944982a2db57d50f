"""Permission rows for the authoring URLs (appended to ROWS in permissions.py).

Editors (coordinators, administrators) author drafts; the rest of the staff may only open the
preview (and score it, which stores nothing); observers, focal points and users without a
role get 403; anonymous users are sent to sign in.
"""

from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES
from raqib.core.testing import Row, allow


def build_authoring(ctx):
    """A publishable draft of its own grid, with one row of every kind."""
    from raqib.grids.tests.factories import make_draft

    draft = make_draft("MATRIX_DRAFT")
    ctx["authoring_draft"] = draft
    ctx["authoring_section"] = draft.sections.order_by("position").first()
    ctx["authoring_criterion"] = draft.criteria.order_by("pk").first()
    ctx["authoring_list"] = draft.choice_lists.first()
    ctx["authoring_choice"] = ctx["authoring_list"].choices.order_by("position").first()


def _draft(ctx):
    return {"pk": ctx["authoring_draft"].pk}


def _published(ctx):
    return {"pk": ctx["grid_version"].pk}


def _row(kind, key):
    return lambda ctx: {"pk": ctx["authoring_draft"].pk, "kind": kind, "obj_pk": ctx[key].pk}


ROWS = [
    Row("grids:authoring_grid_create", allow(*EDITOR_ROLES)),
    Row("grids:authoring_editor", allow(*EDITOR_ROLES), kwargs=_draft),
    Row(
        "grids:authoring_editor",
        allow(*EDITOR_ROLES),
        kwargs=_published,
        label="grids:authoring_editor (frozen)",
    ),
    Row("grids:authoring_grid_settings", allow(*EDITOR_ROLES), kwargs=_draft),
    Row(
        "grids:authoring_validate",
        allow(*EDITOR_ROLES),
        kwargs=lambda ctx: {"pk": ctx["authoring_draft"].pk, "kind": "section"},
        method="post",
        data=lambda ctx: {"code": "", "label_ar": "", "label_fr": "", "weight": "1"},
    ),
    Row(
        "grids:authoring_row_add",
        allow(*EDITOR_ROLES),
        kwargs=lambda ctx: {"pk": ctx["authoring_draft"].pk, "kind": "section"},
    ),
    Row(
        "grids:authoring_row_edit",
        allow(*EDITOR_ROLES),
        kwargs=_row("criterion", "authoring_criterion"),
    ),
    Row(
        "grids:authoring_row_delete",
        allow(*EDITOR_ROLES),
        kwargs=_row("choice", "authoring_choice"),
    ),
    # Moving redirects back to the editor, whichever editor asks.
    Row(
        "grids:authoring_row_move",
        allow(*EDITOR_ROLES, ok=302),
        kwargs=_row("section", "authoring_section"),
        method="post",
        data=lambda ctx: {"direction": "down"},
    ),
    Row("grids:authoring_publish", allow(*EDITOR_ROLES), kwargs=_draft),
    # Cloning the published version: the first editor gets a new draft, the next one is told
    # that a draft exists; both are redirected.
    Row("grids:authoring_clone", allow(*EDITOR_ROLES, ok=302), kwargs=_published, method="post"),
    Row("grids:authoring_retire", allow(*EDITOR_ROLES), kwargs=_published),
    Row("grids:authoring_delete", allow(*EDITOR_ROLES), kwargs=_draft),
    Row("grids:authoring_preview", allow(*STAFF_ROLES), kwargs=_draft),
    Row(
        "grids:authoring_preview",
        allow(*STAFF_ROLES),
        kwargs=_published,
        query="lang=fr",
        label="grids:authoring_preview (published, fr)",
    ),
    Row(
        "grids:authoring_preview_score",
        allow(*STAFF_ROLES),
        kwargs=_draft,
        method="post",
        data=lambda ctx: {"Q01": "yes", "Q02": "12"},
    ),
]
