"""Screens of the registry. Thin: forms validate, selectors read, services write."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from raqib.audit.labels import action_label, field_label
from raqib.audit.selectors import audit_event_list
from raqib.core.access import has_any_role, roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.exports.views import export_start

from . import export_kinds, selectors, services
from .forms import (
    DeactivateForm,
    ImportUploadForm,
    ReactivateForm,
    ServicePointFilterForm,
    ServicePointForm,
)
from .importing import COLUMNS, RowError, service_point_import_file

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
CHANGE_LABELS = {
    "service_point.create": pgettext_lazy("change", "Created"),
    "service_point.update": pgettext_lazy("change", "Edited"),
    "service_point.deactivate": pgettext_lazy("change", "Deactivated"),
    "service_point.reactivate": pgettext_lazy("change", "Reactivated"),
}
EDITORS = tuple(EDITOR_ROLES)
PAGE_SIZE = 50
IMPORT_TTL_SECONDS = 3600
_SESSION_KEY = "registry_imports"


def _import_dir() -> Path:
    """Uploads waiting for confirmation, for an hour. The folder is a setting so that every
    web worker sees the same files (a per-machine temp folder would not, behind a load
    balancer); it is never served."""
    return Path(settings.RAQIB_PENDING_UPLOADS_DIR) / "registry-imports"


@roles_required(*READERS)
def service_point_list(request: HttpRequest) -> HttpResponse:
    form = ServicePointFilterForm(request.GET, user=request.user)
    points = selectors.service_point_list_for_user(user=request.user, filters=form.filters())
    paging = paginate(request, points, per_page=PAGE_SIZE)
    return render(
        request,
        "registry/service_point_list.html",
        {
            "form": form,
            **paging,
            "points": paging["page"].object_list,
            "can_edit": has_any_role(request.user, EDITORS),
        },
    )


POINT_TYPE = "registry.servicepoint"


@roles_required(*READERS)
def service_point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.service_point_get_for_user(user=request.user, pk=pk)
    # Who changed what is internal to the department: focal points see the periods only.
    changes = []
    if has_any_role(request.user, STAFF_ROLES):
        events = audit_event_list(object_type=POINT_TYPE, object_id=str(point.pk))
        changes = [
            (
                event,
                CHANGE_LABELS.get(event.action) or action_label(event.action),
                sorted(field_label(POINT_TYPE, name) for name in event.changes),
            )
            for event in events[:20]
        ]
    return render(
        request,
        "registry/service_point_detail.html",
        {
            "point": point,
            "periods": selectors.service_point_history(service_point=point),
            "changes": changes,
            "can_edit": has_any_role(request.user, EDITORS),
        },
    )


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_create(request: HttpRequest) -> HttpResponse:
    validate_url = reverse("registry:service_point_validate")
    form = ServicePointForm(request.POST or None, user=request.user, validate_url=validate_url)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.service_point_create(
                actor=request.user,
                **form.service_values(),
                started_on=form.cleaned_data.get("started_on"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The service point was created."))
            return redirect("registry:service_point_detail", pk=point.pk)
    return render(request, "registry/service_point_form.html", {"form": form, "point": None})


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_update(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.service_point_get_for_user(user=request.user, pk=pk)
    validate_url = reverse("registry:service_point_validate") + f"?point={point.pk}"
    form = ServicePointForm(
        request.POST or None, user=request.user, instance=point, validate_url=validate_url
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_point_update(
                actor=request.user, service_point=point, **form.service_values()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:service_point_detail", pk=point.pk)
    return render(request, "registry/service_point_form.html", {"form": form, "point": point})


@roles_required(*EDITORS)
@require_POST
def service_point_validate(request: HttpRequest) -> HttpResponse:
    """htmx: the errors of one field of the point form, checked when the field loses focus."""
    instance = None
    if request.GET.get("point"):
        instance = selectors.service_point_get_for_user(user=request.user, pk=request.GET["point"])
    form = ServicePointForm(request.POST, user=request.user, instance=instance)
    name = request.headers.get("HX-Trigger-Name") or request.POST.get("field", "")
    errors = form.errors.get(name) if name in form.fields else None
    return render(request, "core/forms/field_errors.html", {"errors": errors or []})


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.service_point_get_for_user(user=request.user, pk=pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_point_deactivate(
                actor=request.user,
                service_point=point,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The service point was deactivated."))
            return redirect("registry:service_point_detail", pk=point.pk)
    return render(
        request,
        "registry/service_point_status.html",
        {"form": form, "point": point, "deactivate": True},
    )


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.service_point_get_for_user(user=request.user, pk=pk)
    form = ReactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_point_reactivate(
                actor=request.user, service_point=point, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The service point was reactivated."))
            return redirect("registry:service_point_detail", pk=point.pk)
    return render(
        request,
        "registry/service_point_status.html",
        {"form": form, "point": point, "deactivate": False},
    )


# --- Import and export ---------------------------------------------------------------------


def _purge_old_uploads() -> None:
    cutoff = time.time() - IMPORT_TTL_SECONDS
    for path in _import_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def _stored_upload(request: HttpRequest, token: str) -> tuple[Path, str]:
    """The pending upload of this session; someone else's token or an expired one is a 404."""
    filename = request.session.get(_SESSION_KEY, {}).get(token)
    path = _import_dir() / f"{token}.upload"
    if not filename or not token.isalnum() or not path.exists():
        raise Http404
    return path, filename


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_import(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        result = service_point_import_file(
            actor=request.user, content=content, filename=upload.name, dry_run=True
        )
        if result.errors:
            errors = result.errors
        else:
            _import_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
            _purge_old_uploads()
            token = secrets.token_hex(16)
            (_import_dir() / f"{token}.upload").write_bytes(content)
            pending = request.session.get(_SESSION_KEY, {})
            pending[token] = upload.name
            request.session[_SESSION_KEY] = pending
            return redirect("registry:service_point_import_preview", token=token)
    return render(
        request,
        "registry/service_point_import.html",
        {"form": form, "errors": errors, "columns": _import_columns()},
    )


def _import_columns() -> list[str]:
    return list(COLUMNS)


@roles_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def service_point_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    path, filename = _stored_upload(request, token)
    content = path.read_bytes()
    # Checked again on confirmation: the registry may have changed since the upload.
    confirm = request.method == "POST"
    result = service_point_import_file(
        actor=request.user, content=content, filename=filename, dry_run=not confirm
    )
    if confirm and result.ok:
        path.unlink(missing_ok=True)
        pending = request.session.get(_SESSION_KEY, {})
        pending.pop(token, None)
        request.session[_SESSION_KEY] = pending
        messages.success(
            request,
            _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % result.counts,
        )
        return redirect("registry:service_point_list")
    return render(
        request,
        "registry/service_point_import_preview.html",
        {
            "result": result,
            "filename": filename,
            "token": token,
            "updates": [(plan, _readable_changes(plan.changes)) for plan in result.updated],
        },
    )


def _readable(value: object) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return "—" if value in (None, "") else str(value)


def _readable_changes(changes: dict[str, list[object]]) -> list[tuple[str, str, str]]:
    return [
        (field_label(POINT_TYPE, name), _readable(old), _readable(new))
        for name, (old, new) in changes.items()
    ]


@roles_required(*EDITORS)
def service_point_export(request: HttpRequest) -> HttpResponse:
    """Starts the export of the filtered points in the background (raqib.exports)."""
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    filters = {k: v for k, v in request.GET.items() if k not in ("format", "page")}
    return export_start(
        request, kind=export_kinds.SERVICE_POINTS, fmt=fmt, parameters={"filters": filters}
    )
