"""Dashboard, body scorecard and the governorate boundary file (administrators).

The figures come whole from the selectors (a figures.Dashboard); these views only read the
filters, pick the map's mode and lay the numbers out for the templates.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raqib.core.access import has_any_role, roles_required
from raqib.core.bilingual import localized_field
from raqib.core.roles import STAFF_ROLES, Role
from raqib.registry.models import PublicBody

from .. import charts, formatting, maps, selectors, services
from ..figures import Dashboard, MonthRow
from ..forms import DashboardFilterForm, MapBoundaryForm
from ..periodic import xlsx
from . import rows

# The integrity officer reads the national figures (critical findings) until the integrity
# case-file work gives them a workspace of their own.
READERS = (
    Role.ADMINISTRATOR,
    Role.DIRECTOR,
    Role.COORDINATOR,
    Role.INTEGRITY_OFFICER,
    Role.FOCAL_POINT,
)


def trend_chart(rows: list[MonthRow]) -> dict[str, Any]:
    """The monthly chart (viewBox 0 0 100 50) from charts.trend_geometry, the PDF's geometry
    and colours; the page mirrors it in Arabic with CSS."""
    chart = charts.trend_geometry(
        [r.validated for r in rows], [r.mean for r in rows], width=100.0, height=50.0, pad=1.0
    )
    return {"chart": chart, "points": list(zip(rows, chart.points, strict=True))}


def _map_context(request: HttpRequest, board: Dashboard) -> dict[str, Any]:
    context = maps.map_context(board.governorates, request.GET.get("map") or "coverage")
    links = {}
    for choice in maps.MODES:
        query = request.GET.copy()
        query["map"] = choice
        links[choice] = "?" + query.urlencode() + "#map"
    context["map_links"] = links
    return context


# Rankings on the page: the best and the worst few. At national scale there are thousands of
# points; the whole list is in the XLSX export (same filters), and the page stays light.
RANK_SHOWN = 15


def ranked(rows: list[Any]) -> dict[str, Any]:
    """{"top": [(rank, row)…], "bottom": [(rank, row)…], "hidden": n} for a ranking."""
    total = len(rows)
    if total <= 2 * RANK_SHOWN:
        return {"top": list(enumerate(rows, start=1)), "bottom": [], "hidden": 0, "total": total}
    return {
        "top": list(enumerate(rows[:RANK_SHOWN], start=1)),
        "bottom": list(enumerate(rows[-RANK_SHOWN:], start=total - RANK_SHOWN + 1)),
        "hidden": total - 2 * RANK_SHOWN,
        "total": total,
    }


def _figures_context(request: HttpRequest, board: Dashboard) -> dict[str, Any]:
    bodies, points = ranked(board.bodies), ranked(board.points)
    query = request.GET.urlencode()
    context = {
        "board": board,
        "bodies_ranked": bodies,
        "points_ranked": points,
        # The long tables' rows, written in Python (rows.py): same markup as their templates.
        "rows": {
            "sections": rows.item_rows(board.sections),
            "criteria": rows.item_rows(board.criteria),
            "bodies_top": rows.body_rows(bodies["top"], query),
            "bodies_bottom": rows.body_rows(bodies["bottom"], query),
            "points_top": rows.point_rows(points["top"]),
            "points_bottom": rows.point_rows(points["bottom"]),
        },
        "trend": trend_chart(board.trend),
        "interior_rest": [
            (_("Interior regions"), board.coverage_interior),
            (_("Other regions"), board.coverage_rest),
        ],
        "survey_points": any(s.mystery_mean is not None for s in board.surveys),
    }
    context.update(_map_context(request, board))
    return context


@roles_required(*READERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET, user=request.user)
    context: dict[str, Any] = {"form": form, "board": None}
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    board = selectors.dashboard_for_user(user=request.user, filters=form.filters())
    context.update(_figures_context(request, board))
    context["period"] = form.resolved_period
    context["perms_admin"] = has_any_role(request.user, {Role.ADMINISTRATOR})
    context["followup"] = _followup(request, form.filters())
    context["followup_body"] = form.filters().body_id
    context["compliance"] = _compliance(request, form.filters())
    context["integrity"] = _integrity(request, form.filters())
    context["planning"] = _planning(request)
    return render(request, "reports/dashboard.html", context)


@roles_required(*READERS)
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures for the same filters as a workbook (full rankings included)."""
    form = DashboardFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        context = {"form": form, "board": None}
        return render(request, "reports/dashboard.html", context, status=400)
    board = selectors.dashboard_for_user(user=request.user, filters=form.filters())
    period = form.resolved_period
    lang = get_language() or "ar"
    meta = formatting.document_meta(
        label=period.label, start=period.start, end=period.end, issued=timezone.localdate()
    )
    content = xlsx.render_xlsx(board, lang=lang, meta=meta)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"raqib-dashboard-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{lang}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles_required(*READERS)
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    # Scope first: an out-of-scope body is a 404 whatever the filters say.
    body = _body_in_scope(request, pk)
    form = DashboardFilterForm(request.GET, user=request.user, with_body=False)
    context: dict[str, Any] = {
        "form": form,
        "board": None,
        "body": body,
        "body_name": localized_field(body, "name"),
    }
    if not form.is_valid():
        return render(request, "reports/scorecard.html", context, status=400)
    board = selectors.body_scorecard_get_for_user(
        user=request.user, body_id=pk, filters=form.filters()
    )
    context.update(_figures_context(request, board))
    context["period"] = form.resolved_period
    context["followup"] = _followup(request, dataclasses.replace(form.filters(), body_id=pk))
    context["followup_body"] = pk
    if has_any_role(request.user, {Role.COORDINATOR, Role.DIRECTOR}) and context["followup"]:
        # A criterion failing across the body: the draft starts from its weakest criteria.
        codes = ",".join(item.code for item in board.weaknesses if item.kind == "criterion")
        query = urlencode({"body": pk, "source": "pattern", "criteria": codes})
        context["followup_draft_url"] = f"{reverse('followup:recommendation_create')}?{query}"
    return render(request, "reports/scorecard.html", context)


def _planning(request: HttpRequest) -> Any:
    """Progress of the running campaigns against their plan (coordinators and the director;
    docs/planning.md § Progress). Not filtered: a campaign is national."""
    if not has_any_role(request.user, {Role.COORDINATOR, Role.DIRECTOR}):
        return None
    from raqib.planning.selectors import active_campaigns_progress

    return active_campaigns_progress(on=timezone.localdate()) or None


def _integrity(request: HttpRequest, filters: Any) -> Any:
    """The director's integrity counts (suppressed below the minimum; docs/integrity.md).

    Nobody else: focal points must not learn that a case exists."""
    if not apps.is_installed("raqib.integrity") or not has_any_role(request.user, {Role.DIRECTOR}):
        return None
    from raqib.integrity.selectors import periodic_report_section

    from ..periodic.sections import activity_filters

    return periodic_report_section(filters=activity_filters(filters))


def _followup(request: HttpRequest, filters: Any) -> Any:
    """The follow-up's figures for the same period and filters (docs/followup.md)."""
    if not apps.is_installed("raqib.followup"):
        return None
    from raqib.followup.selectors import followup_figures_for_user

    from ..periodic.sections import activity_filters

    return followup_figures_for_user(user=request.user, filters=activity_filters(filters))


def _compliance(request: HttpRequest, filters: Any) -> Any:
    """Label holders against comparable non-holders, for department staff (docs/compliance.md)."""
    if not apps.is_installed("raqib.compliance") or not has_any_role(request.user, STAFF_ROLES):
        return None
    from raqib.compliance.selectors import holders_for_filters, referential_current

    from ..periodic.sections import activity_filters

    referential = referential_current()
    if referential is None:
        return None
    comparison = holders_for_filters(referential=referential, filters=activity_filters(filters))
    return comparison if comparison.holders.points else None


def _body_in_scope(request: HttpRequest, pk: int) -> PublicBody:
    """The same answer for "no such body" and "not yours" (the selector checks again)."""
    body = selectors.public_body_get(pk=pk)
    if body is None or (
        not has_any_role(request.user, STAFF_ROLES)
        and pk not in getattr(request.user, "focal_body_ids", ())
    ):
        raise Http404
    return body


@roles_required(Role.ADMINISTRATOR)
def map_boundaries(request: HttpRequest) -> HttpResponse:
    form = MapBoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.map_boundary_upload(
                actor=request.user, name=form.cleaned_data["name"], data=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The boundary file is in use: the map now draws it."))
            return redirect("reports:map_boundaries")
    boundaries = selectors.map_boundary_list()
    return render(
        request,
        "reports/map_boundaries.html",
        {"form": form, "boundaries": boundaries},
        status=400 if form.errors else 200,
    )


@require_POST
@roles_required(Role.ADMINISTRATOR)
def map_boundary_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    boundary = selectors.map_boundary_get(pk=pk)
    if boundary.is_active:
        services.map_boundary_deactivate(actor=request.user, boundary=boundary)
        messages.success(request, _("The boundary file is no longer used: the map shows tiles."))
    else:
        messages.info(request, _("This boundary file was already out of use."))
    return redirect("reports:map_boundaries")
