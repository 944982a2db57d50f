"""Grid list, version detail and "what changed", XLSForm import with preview, export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from raqib.core.access import has_any_role, roles_required
from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES

from .. import selectors, services
from ..forms import ExportFormatForm, XLSFormUploadForm
from ..models import GridVersion
from ..validation import snapshot_problems
from ..xlsform import xform_export, xlsform_export, xlsform_import


@roles_required(*STAFF_ROLES)
def grid_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grids/grid_list.html",
        {
            "grids": selectors.grid_list(),
            "can_edit": has_any_role(request.user, EDITOR_ROLES),
        },
    )


@roles_required(*STAFF_ROLES)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    snapshot = services.grid_version_build_snapshot(version)
    return render(
        request,
        "grids/version_detail.html",
        {
            "version": version,
            "snapshot": snapshot,
            "problems": snapshot_problems(snapshot) if version.is_draft else [],
            "previous": selectors.grid_version_previous(version=version),
            "versions": selectors.grid_versions_of(grid=version.grid),
            "can_edit": has_any_role(request.user, EDITOR_ROLES),
        },
    )


@roles_required(*STAFF_ROLES)
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    against_id = request.GET.get("against", "")
    older: GridVersion | None
    if against_id:
        older = selectors.grid_version_get(pk=against_id)
        if older.grid_id != version.grid_id:
            raise Http404
    else:
        older = selectors.grid_version_previous(version=version)
    diff = services.grid_version_diff(older, version) if older else None
    return render(
        request,
        "grids/version_diff.html",
        {
            "version": version,
            "older": older,
            "diff": diff,
            "versions": selectors.grid_versions_of(grid=version.grid),
        },
    )


@roles_required(*STAFF_ROLES)
def version_export(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.grid_version_get(pk=pk)
    form = ExportFormatForm(request.GET)
    fmt = form.cleaned_data.get("format") if form.is_valid() else ""
    snapshot = services.grid_version_build_snapshot(version)
    stem = f"{version.grid.code}-v{version.number}"
    if fmt == "xform":
        response = HttpResponse(xform_export(snapshot), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{stem}.xml"'
        return response
    response = HttpResponse(
        xlsform_export(snapshot),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@roles_required(*EDITOR_ROLES)
def xlsform_import_view(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = XLSFormUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = xlsform_import(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                publish=form.cleaned_data["publish"],
                dry_run=form.cleaned_data["preview"],
            )
            if result.ok and result.version is not None:
                messages.success(request, _("The grid was imported."))
                return redirect("grids:version_detail", pk=result.version.pk)
            status = 200 if result.ok else 400
            return render(
                request,
                "grids/xlsform_import.html",
                {"form": form, "result": result},
                status=status,
            )
        return render(request, "grids/xlsform_import.html", {"form": form}, status=400)
    form = XLSFormUploadForm()
    return render(request, "grids/xlsform_import.html", {"form": form, "result": result})
