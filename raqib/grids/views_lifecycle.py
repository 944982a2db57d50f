"""Lifecycle steps of a grid version: publish, retire, delete a draft (each with a
confirmation page showing what blocks it) and clone. Every step is a service of
`raqib.grids.services`; the views only confirm, report and redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from raqib.core.access import roles_required
from raqib.core.roles import EDITOR_ROLES

from . import selectors, services
from .views_authoring import editor_url, frozen_version

# What each confirmed step does: (service, may run on a draft?, confirmation title, button,
# success message).
_STEPS: dict[str, tuple[str, bool, Any, Any, Any]] = {
    "publish": (
        "grid_version_publish",
        True,
        gettext_lazy("Publish this version"),
        gettext_lazy("Publish now"),
        gettext_lazy("The version was published. It can no longer change."),
    ),
    "retire": (
        "grid_version_retire",
        False,
        gettext_lazy("Retire this version"),
        gettext_lazy("Retire"),
        gettext_lazy("The version was retired."),
    ),
    "delete": (
        "grid_version_delete_draft",
        True,
        gettext_lazy("Delete this draft"),
        gettext_lazy("Delete the draft"),
        gettext_lazy("The draft was deleted."),
    ),
}


def _confirmed_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """GET: a confirmation page (with what blocks publication); POST: run the service."""
    service, on_draft, title, button, done = _STEPS[step]
    version = selectors.grid_version_get(pk=pk)
    if on_draft and not version.is_draft:
        return frozen_version(request, version)
    error = ""
    if request.method == "POST":
        try:
            getattr(services, service)(actor=request.user, version=version)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, str(done))
            if step == "delete":
                return redirect("grids:grid_list")
            return redirect(editor_url(version))
    problems = services.grid_version_problems(version) if step == "publish" else []
    blocked = bool(problems) or (step == "retire" and version.status != "published")
    context = {
        "version": version,
        "title": title,
        "action_label": button,
        "step": step,
        "problems": problems,
        "blocked": blocked,
        "error": error,
        "danger": step != "publish",
    }
    return render(request, "grids/authoring/confirm.html", context, status=400 if error else 200)


@roles_required(*EDITOR_ROLES)
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_step(request, pk, "publish")


@roles_required(*EDITOR_ROLES)
def version_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_step(request, pk, "retire")


@roles_required(*EDITOR_ROLES)
def version_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_step(request, pk, "delete")


@require_POST
@roles_required(*EDITOR_ROLES)
def version_clone(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    try:
        draft = services.grid_version_clone(actor=request.user, version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(editor_url(version))
    messages.success(request, _("A new draft was created from this version."))
    return redirect(editor_url(draft))
