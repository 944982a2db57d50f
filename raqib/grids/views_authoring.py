"""Authoring UI: the draft editor, its forms with inline validation (the lifecycle steps
live in views_lifecycle.py) and the observer preview with transparent scoring.

Views stay thin: every write is a service of `raqib.grids.services`, which also enforce the
immutability of published versions. The views check it first only to *say* so (409 and a
"frozen" page) instead of showing a form that could never be saved.

Inline validation runs the real service inside a transaction that is always rolled back, so
the author sees exactly the messages a save would give, and nothing is written (no audit row
either).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from raqib.core.access import roles_required
from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES

from . import selectors, services
from .forms_authoring import (
    ChoiceForm,
    ChoiceListForm,
    CriterionForm,
    GridCreateForm,
    GridSettingsForm,
    SectionForm,
    add_service_errors,
    preview_answers,
    preview_score_breakdown,
    preview_sections,
    preview_text,
)
from .models import Choice, ChoiceList, Criterion, GridVersion, Section
from .selectors import (
    choice_get_for_user,
    choice_list_get_for_user,
    criterion_get_for_user,
    section_get_for_user,
)

# --- Row kinds: one table drives add / edit / delete / move / validate ------------------------


@dataclass(frozen=True)
class Kind:
    form: type
    get: Callable[..., Any]
    parent: Callable[..., Any] | None  # the parent's selector when adding needs one
    noun: str  # services are f"{noun}_create", f"{noun}_update", f"{noun}_delete"...
    add_title: Any
    edit_title: Any
    delete_title: Any

    def service(self, verb: str) -> Callable[..., Any]:
        return getattr(services, f"{self.noun}_{verb}")  # type: ignore[no-any-return,unused-ignore]


KINDS: dict[str, Kind] = {
    "section": Kind(
        SectionForm,
        section_get_for_user,
        None,
        "section",
        gettext_lazy("Add a section"),
        gettext_lazy("Edit the section"),
        gettext_lazy("Delete the section"),
    ),
    "criterion": Kind(
        CriterionForm,
        criterion_get_for_user,
        section_get_for_user,
        "criterion",
        gettext_lazy("Add a criterion"),
        gettext_lazy("Edit the criterion"),
        gettext_lazy("Delete the criterion"),
    ),
    "list": Kind(
        ChoiceListForm,
        choice_list_get_for_user,
        None,
        "choice_list",
        gettext_lazy("Add a choice list"),
        gettext_lazy("Edit the choice list"),
        gettext_lazy("Delete the choice list"),
    ),
    "choice": Kind(
        ChoiceForm,
        choice_get_for_user,
        choice_list_get_for_user,
        "choice",
        gettext_lazy("Add a choice"),
        gettext_lazy("Edit the choice"),
        gettext_lazy("Delete the choice"),
    ),
}
# The keyword under which each service takes its parent when creating a row.
_PARENT_KW = {"section": "version", "criterion": "section", "choice_list": "version"}


def _save(spec: Kind, *, actor: Any, version: GridVersion, obj: Any, parent: Any, data: dict):
    """Create (obj None) or update a row through its service."""
    if obj is None:
        if spec.noun == "criterion":
            data.pop("section", None)  # a new criterion goes into the section in the URL
        parent_kw = _PARENT_KW.get(spec.noun, "choice_list")
        return spec.service("create")(actor=actor, **{parent_kw: parent or version}, **data)
    section = data.get("section")
    if spec.noun == "criterion" and section is not None and section.pk == obj.section_id:
        data.pop("section")  # passing the same section would move the criterion to its end
    return spec.service("update")(actor=actor, **{spec.noun: obj}, **data)


def _siblings(obj: Any) -> tuple[dict[str, Any], list[int]]:
    """The reorder service's parent argument and the current order of `obj`'s siblings."""
    if isinstance(obj, Section):
        rows: Any = Section.objects.filter(version_id=obj.version_id)
        parent: dict[str, Any] = {"version": obj.version}
    elif isinstance(obj, Criterion):
        rows = Criterion.objects.filter(section_id=obj.section_id)
        parent = {"section": obj.section}
    else:
        rows = Choice.objects.filter(choice_list_id=obj.choice_list_id)
        parent = {"choice_list": obj.choice_list}
    return parent, list(rows.order_by("position", "pk").values_list("pk", flat=True))


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _initial(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Criterion):
        return CriterionForm.initial_from(obj)
    if isinstance(obj, Section):
        return {f: getattr(obj, f) for f in ("code", "label_ar", "label_fr", "weight")}
    if isinstance(obj, ChoiceList):
        return {"name": obj.name}
    return {f: getattr(obj, f) for f in ("name", "label_ar", "label_fr", "score")}


def _anchor(obj: Any) -> str:
    if isinstance(obj, Section):
        return f"#s-{obj.pk}"
    if isinstance(obj, Criterion):
        return f"#c-{obj.pk}"
    if isinstance(obj, ChoiceList):
        return f"#l-{obj.pk}"
    if isinstance(obj, Choice):
        return f"#l-{obj.choice_list_id}"
    return ""


def editor_url(version: GridVersion, obj: Any = None) -> str:
    return reverse("grids:authoring_editor", kwargs={"pk": version.pk}) + _anchor(obj)


class _Rollback(Exception):
    """Raised to undo a dry run of a service (inline validation)."""


def _dry_run(call: Callable[[], Any]) -> None:
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        pass


def frozen_version(request: HttpRequest, version: GridVersion) -> HttpResponse:
    # 409 Conflict: the request is well-formed but the version's state forbids it.
    return render(request, "grids/authoring/frozen.html", {"version": version}, status=409)


def _render_form(
    request: HttpRequest,
    *,
    version: GridVersion,
    form: Any,
    title: Any,
    validate_url: str,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "version": version,
        "form": form,
        "title": title,
        "validate_url": validate_url,
        "cancel_url": editor_url(version),
        **(extra or {}),
    }
    return render(request, "grids/authoring/form.html", context, status=status)


def _validate_url(version: GridVersion, kind: str, obj: Any = None, parent: Any = None) -> str:
    url = reverse("grids:authoring_validate", kwargs={"pk": version.pk, "kind": kind})
    if obj is not None:
        return f"{url}?obj={obj.pk}"
    if parent is not None:
        return f"{url}?parent={parent.pk}"
    return url


def _lookup(request: HttpRequest, version: GridVersion, spec: Kind, name: str) -> Any:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    getter = spec.get if name == "obj" else spec.parent
    if getter is None:
        raise Http404
    return getter(user=request.user, version=version, pk=raw)


# --- Editor ----------------------------------------------------------------------------------


@roles_required(*EDITOR_ROLES)
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    sections = selectors.grid_version_draft_rows(version=version)
    lists = selectors.grid_version_choice_lists(version=version)
    for criterion in (c for s in sections for c in s.criteria.all()):
        # The open-ended last band reads "> 20" rather than a bare ">".
        previous = None
        for band in criterion.bands or []:
            band["after"], previous = previous, band.get("max")
    anchors = {s.code: f"s-{s.pk}" for s in sections}
    anchors.update({c.code: f"c-{c.pk}" for s in sections for c in s.criteria.all()})
    problems = [
        {"element": p.element, "message": p.message, "anchor": anchors.get(p.element, "")}
        for p in services.grid_version_problems(version)
    ]
    return render(
        request,
        "grids/authoring/editor.html",
        {
            "version": version,
            "grid": version.grid,
            "sections": sections,
            "choice_lists": lists,
            "problems": problems,
            "frozen": not version.is_draft,
            # A frozen version's grid may already have a draft: offer it instead of a clone.
            "current_draft": (
                None if version.is_draft else selectors.grid_draft_of(grid=version.grid)
            ),
        },
    )


@roles_required(*EDITOR_ROLES)
def grid_create(request: HttpRequest) -> HttpResponse:
    form = GridCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grid = services.grid_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The grid was created with an empty draft."))
            return redirect("grids:authoring_editor", pk=grid.versions.get().pk)
    return render(
        request,
        "grids/authoring/form.html",
        {"form": form, "title": _("New grid"), "cancel_url": reverse("grids:grid_list")},
        status=400 if form.errors else 200,
    )


@roles_required(*EDITOR_ROLES)
def grid_settings(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    if not version.is_draft:
        return frozen_version(request, version)
    grid = version.grid
    fields = GridSettingsForm.base_fields
    form = GridSettingsForm(
        request.POST or None, initial={name: getattr(grid, name) for name in fields}
    )
    validate_url = reverse("grids:authoring_validate", kwargs={"pk": pk, "kind": "settings"})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.grid_update(actor=request.user, grid=grid, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The grid settings were saved."))
                return redirect(editor_url(version))
        grid.refresh_from_db()
    return _render_form(
        request,
        version=version,
        form=form,
        title=_("Grid settings"),
        validate_url=validate_url,
        status=400 if form.errors else 200,
    )


@roles_required(*EDITOR_ROLES)
def row_form(request: HttpRequest, pk: int, kind: str, obj_pk: int | None = None) -> HttpResponse:
    """Add (no `obj_pk`; `?parent=` for criteria and choices) or edit one row of a draft."""
    spec = _kind(kind)
    version = selectors.grid_version_get(pk=pk)
    obj = spec.get(user=request.user, version=version, pk=obj_pk) if obj_pk else None
    parent = None
    if obj is None and spec.parent is not None:
        parent = _lookup(request, version, spec, "parent")
        if parent is None:
            raise Http404
    if not version.is_draft:
        return frozen_version(request, version)
    form = spec.form(
        request.POST or None,
        version=version,
        instance=obj,
        initial=_initial(obj) if obj is not None else _add_initial(kind, parent),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(
                spec,
                actor=request.user,
                version=version,
                obj=obj,
                parent=parent,
                data=dict(form.cleaned_data),
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "frozen":
                return frozen_version(request, version)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            if kind == "list" and obj is None:
                return redirect(reverse("grids:authoring_row_edit", args=[pk, "list", saved.pk]))
            return redirect(editor_url(version, saved))
    extra: dict[str, Any] = {"parent": parent, "kind": kind, "obj": obj}
    if kind == "list" and obj is not None:
        extra["choices"] = obj.choices.order_by("position", "pk")
    title = spec.edit_title if obj is not None else spec.add_title
    return _render_form(
        request,
        version=version,
        form=form,
        title=title,
        validate_url=_validate_url(version, kind, obj, parent),
        status=400 if form.errors else 200,
        extra=extra,
    )


def _add_initial(kind: str, parent: Any) -> dict[str, Any]:
    if kind == "criterion":
        return {"section": parent.pk, "required": True, "weight": 1.0}
    if kind == "section":
        return {"weight": 1.0}
    return {}


@require_POST
@roles_required(*EDITOR_ROLES)
def validate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Inline validation (htmx, on change): the form's errors, nothing saved."""
    version = selectors.grid_version_get(pk=pk)
    if not version.is_draft:
        return frozen_version(request, version)
    if kind == "settings":
        form: Any = GridSettingsForm(request.POST)
        grid = version.grid
        if form.is_valid():
            call = lambda: services.grid_update(  # noqa: E731
                actor=request.user, grid=grid, **form.cleaned_data
            )
    else:
        spec = _kind(kind)
        obj = _lookup(request, version, spec, "obj")
        parent = _lookup(request, version, spec, "parent") if obj is None else None
        if obj is None and spec.parent is not None and parent is None:
            raise Http404
        form = spec.form(request.POST, version=version, instance=obj)
        if form.is_valid():
            data = dict(form.cleaned_data)
            call = lambda: _save(  # noqa: E731
                spec, actor=request.user, version=version, obj=obj, parent=parent, data=data
            )
    if form.is_valid():
        try:
            _dry_run(call)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "grids/authoring/_errors_oob.html", {"form": form})


@roles_required(*EDITOR_ROLES)
def row_delete(request: HttpRequest, pk: int, kind: str, obj_pk: int) -> HttpResponse:
    spec = _kind(kind)
    version = selectors.grid_version_get(pk=pk)
    obj = spec.get(user=request.user, version=version, pk=obj_pk)
    if not version.is_draft:
        return frozen_version(request, version)
    error = ""
    if request.method == "POST":
        try:
            spec.service("delete")(actor=request.user, **{spec.noun: obj})
        except ValidationError as exc:
            if getattr(exc, "code", None) == "frozen":
                return frozen_version(request, version)
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted."))
            if kind == "choice":
                return redirect("grids:authoring_row_edit", pk, "list", obj.choice_list_id)
            return redirect(editor_url(version))
    return render(
        request,
        "grids/authoring/confirm.html",
        {
            "version": version,
            "title": spec.delete_title,
            "obj": obj,
            "kind": kind,
            "error": error,
            "criteria_count": obj.criteria.count() if kind == "section" else 0,
            "action_label": _("Delete"),
            "danger": True,
        },
        status=400 if error else 200,
    )


@require_POST
@roles_required(*EDITOR_ROLES)
def row_move(request: HttpRequest, pk: int, kind: str, obj_pk: int) -> HttpResponse:
    """Move a section, criterion or choice one place up or down (buttons, not drag and drop)."""
    spec = _kind(kind)
    if kind == "list":
        raise Http404
    version = selectors.grid_version_get(pk=pk)
    obj = spec.get(user=request.user, version=version, pk=obj_pk)
    if not version.is_draft:
        return frozen_version(request, version)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse(_("Choose a direction: up or down."), status=400)
    parent_kwargs, ids = _siblings(obj)
    index = ids.index(obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        try:
            spec.service("reorder")(
                actor=request.user, **{f"{spec.noun}_ids": ids}, **parent_kwargs
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    if kind == "choice":
        return redirect(reverse("grids:authoring_row_edit", args=[pk, "list", obj.choice_list_id]))
    return redirect(editor_url(version, obj))


# --- Preview ---------------------------------------------------------------------------------


def _content_lang(request: HttpRequest) -> str:
    return "fr" if request.GET.get("lang") == "fr" else "ar"


def _preview_page(
    request: HttpRequest, version: GridVersion, answers: dict[str, Any], score: Any
) -> HttpResponse:
    snapshot = services.grid_version_build_snapshot(version)
    lang = _content_lang(request)
    return render(
        request,
        "grids/authoring/preview.html",
        {
            "version": version,
            "lang": lang,
            "other_lang": "fr" if lang == "ar" else "ar",
            "grid_title": preview_text(snapshot["grid"]["title"], lang),
            "sections": preview_sections(snapshot, lang, answers),
            "score": score,
        },
    )


@roles_required(*STAFF_ROLES)
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The form as an observer sees it, in the content language `?lang=ar|fr`.

    A draft is previewed from its rows (`grid_version_build_snapshot`), a frozen version from
    its snapshot, so the preview always shows what observers get (or would get).
    """
    version = selectors.grid_version_get(pk=pk)
    return _preview_page(request, version, {}, None)


@require_POST
@roles_required(*STAFF_ROLES)
def preview_score(request: HttpRequest, pk: int) -> HttpResponse:
    """Score the preview's answers with the real engine; nothing is stored."""
    version = selectors.grid_version_get(pk=pk)
    snapshot = services.grid_version_build_snapshot(version)
    answers = preview_answers(snapshot, request)
    score = preview_score_breakdown(snapshot, answers, _content_lang(request))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "grids/authoring/_score.html", {"score": score})
    return _preview_page(request, version, answers, score)
