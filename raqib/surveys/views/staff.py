"""Coordinators run waves; staff read results and print posters; focal points read their
bodies' results; observers and coordinators may enter answers as interviewers."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from raqib.core.access import has_any_role, roles_required
from raqib.core.forms import apply_service_errors
from raqib.core.pagination import paginate
from raqib.core.roles import EDITOR_ROLES, STAFF_ROLES, Role
from raqib.exports.views import export_start

from .. import answers, export_kinds, exports, indices, posters, selectors, services
from ..forms import PosterForm, TargetForm, WaveForm
from ..models import ResponseMode, WaveStatus

READERS = (*STAFF_ROLES, Role.FOCAL_POINT)
INTERVIEWERS = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.OBSERVER)
ACTIONS = {
    "open": services.survey_wave_open,
    "pause": services.survey_wave_pause,
    "close": services.survey_wave_close,
}


def _is_editor(request: HttpRequest) -> bool:
    return has_any_role(request.user, EDITOR_ROLES)


@roles_required(*READERS)
def wave_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/wave_list.html",
        {"waves": selectors.wave_list_for_user(user=request.user), "can_edit": _is_editor(request)},
    )


@roles_required(*EDITOR_ROLES)
def wave_create(request: HttpRequest) -> HttpResponse:
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.survey_wave_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The wave was created. Now choose its service points."))
            return redirect("surveys:wave_detail", pk=wave.pk)
    return render(request, "surveys/wave_form.html", {"form": form, "wave": None})


@roles_required(*EDITOR_ROLES)
def wave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    form = WaveForm(request.POST or None, instance=wave)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_wave_update(actor=request.user, wave=wave, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The wave was saved."))
            return redirect("surveys:wave_detail", pk=wave.pk)
    return render(request, "surveys/wave_form.html", {"form": form, "wave": wave})


@roles_required(*READERS)
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    is_staff = has_any_role(request.user, STAFF_ROLES)
    points = list(selectors.wave_points_for_user(user=request.user, wave=wave))
    links = (
        [
            (p, posters.public_url(p, "ar", request), posters.public_url(p, "fr", request))
            for p in points
        ]
        if is_staff
        else [(p, "", "") for p in points]
    )
    return render(
        request,
        "surveys/wave_detail.html",
        {
            "wave": wave,
            "links": links,
            "can_edit": _is_editor(request),
            "can_read_comments": has_any_role(request.user, COMMENT_READERS),
            "is_staff": is_staff,
            "target_form": TargetForm() if _is_editor(request) else None,
            "poster_form": PosterForm(),
            "next_actions": [a for a in ACTIONS if _allowed(wave.status, a)],
        },
    )


def _allowed(status: str, action: str) -> bool:
    target = {"open": WaveStatus.OPEN, "pause": WaveStatus.PAUSED, "close": WaveStatus.CLOSED}
    from ..services.waves import TRANSITIONS

    return target[action] in TRANSITIONS[status]


@require_POST
@roles_required(*EDITOR_ROLES)
def wave_targets(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = services.survey_wave_targets_add(
                actor=request.user,
                wave=wave,
                body=data["body"],
                category=data["category"],
                governorate=data["governorate"],
                region=data["region"],
                points=data["codes"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Service points added to the wave: %(n)d.") % {"n": len(added)}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("surveys:wave_detail", pk=wave.pk)


@require_POST
@roles_required(*EDITOR_ROLES)
def wave_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](actor=request.user, wave=wave)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The wave status was changed."))
    return redirect("surveys:wave_detail", pk=wave.pk)


@roles_required(*READERS)
def wave_results(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    data = selectors.wave_indices(wave=wave, user=request.user)
    matrix, cut_imp, cut_sat = indices.priority_matrix(data["wave"].result)
    is_staff = has_any_role(request.user, STAFF_ROLES)
    trend = (
        selectors.survey_trend(
            waves=selectors.wave_list_for_user(
                user=request.user, grid=wave.grid_version.grid, counts=False
            ),
            drivers=False,
        )
        if is_staff
        else []
    )
    return render(
        request,
        "surveys/wave_results.html",
        {
            "wave": wave,
            "data": data,
            "groups": [
                (_("Service points"), data["point"]),
                (_("Public bodies"), data["body"]),
                (_("Service categories"), data["category"]),
                (_("Governorates"), data["governorate"]),
                (_("Region tags"), data["region"]),
            ],
            "matrix": matrix,
            "cut_imp": cut_imp,
            "cut_sat": cut_sat,
            "trend": trend,
            "mystery": (
                # Staff read every point: `data` is the whole wave's.
                selectors.survey_mystery_comparison(wave=wave, indices_data=data)
                if is_staff
                else None
            ),
            "is_staff": is_staff,
        },
    )


@roles_required(*EDITOR_ROLES)
def wave_quarantine(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "surveys/wave_quarantine.html",
        {
            "wave": wave,
            "responses": selectors.quarantine_list(wave=wave, pending_only=not show_all)[:500],
            "show_all": show_all,
            "can_decide": has_any_role(request.user, EDITOR_ROLES),
        },
    )


@require_POST
@roles_required(*EDITOR_ROLES)
def response_review(request: HttpRequest, pk: int, response_pk: int, action: str) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    response = selectors.response_get_in_wave(wave=wave, pk=response_pk)
    service = {
        "release": services.survey_response_release,
        "confirm": services.survey_response_confirm,
    }.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, response=response)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("surveys:wave_quarantine", pk=wave.pk)


@require_POST
@roles_required(*EDITOR_ROLES)
def responses_bulk_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision, with its reason, for every selected quarantined answer (all or none)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    ids = [int(v) for v in request.POST.getlist("responses") if v.isdigit()]
    try:
        decided = services.survey_response_bulk_decide(
            actor=request.user,
            wave=wave,
            response_ids=ids,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Decision recorded for %(n)s answer.",
                "Decision recorded for %(n)s answers.",
                len(decided),
            )
            % {"n": len(decided)},
        )
    return redirect("surveys:wave_quarantine", pk=wave.pk)


@roles_required(*STAFF_ROLES)
def point_qr(request: HttpRequest, pk: int) -> HttpResponse:
    wave_point = selectors.wave_point_get_for_user(user=request.user, pk=pk)
    lang = request.GET.get("lang") if request.GET.get("lang") in posters.LANGS else "ar"
    svg = posters.qr_svg(posters.public_url(wave_point, lang, request))
    return HttpResponse(svg, content_type="image/svg+xml")


@roles_required(*STAFF_ROLES)
def point_poster(request: HttpRequest, pk: int) -> HttpResponse:
    wave_point = selectors.wave_point_get_for_user(user=request.user, pk=pk)
    form = PosterForm(request.GET)
    form.is_valid()
    lang = form.cleaned_data.get("lang") or "ar"
    size = form.cleaned_data.get("size") or "a4"
    pdf = posters.poster_pdf(wave_point, lang=lang, size=size, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{wave_point.wave.code}-{wave_point.service_point.code}-{lang}-{size}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@roles_required(*STAFF_ROLES)
def wave_posters_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Starts the posters ZIP in the background and opens its page (raqib.exports)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    form = PosterForm(request.GET)
    form.is_valid()
    size = form.cleaned_data.get("size") or "a4"
    lang = form.cleaned_data.get("lang") or ""
    return export_start(
        request,
        kind=export_kinds.POSTERS,
        fmt="zip",
        parameters={
            "wave": wave.pk,
            "size": size,
            "lang": lang,
            "base": request.build_absolute_uri("/"),
            "stem": f"{wave.code}-posters-{size}",
        },
    )


@roles_required(*STAFF_ROLES)
def wave_responses_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Starts the answers export in the background and opens its page (raqib.exports)."""
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return export_start(
        request,
        kind=export_kinds.RESPONSES,
        fmt=fmt,
        parameters={"wave": wave.pk, "stem": f"{wave.code}-responses"},
    )


@roles_required(*STAFF_ROLES)
def wave_indices_export(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(
        exports.indices_xlsx(selectors.wave_indices(wave=wave)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{wave.code}-indices.xlsx"'
    return response


@roles_required(*INTERVIEWERS)
def interview_list(request: HttpRequest) -> HttpResponse:
    waves = selectors.open_waves_for_interview()
    return render(request, "surveys/interview_list.html", {"waves": waves})


@roles_required(*INTERVIEWERS)
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    """An observer or coordinator types a paper form or interviews at a tablet: the answer is
    marked "interviewer" with their account, and skips the anonymous-abuse rules."""
    wave_point = selectors.wave_point_for_interview(pk=pk)
    lang = request.GET.get("lang") if request.GET.get("lang") in ("ar", "fr") else "ar"
    snapshot = wave_point.wave.grid_version.snapshot or {}
    errors: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    client_uuid = str(uuid.uuid4())
    if request.method == "POST":
        lang = request.POST.get("lang") if request.POST.get("lang") in ("ar", "fr") else "ar"
        cleaned, errors = answers.clean(snapshot, request.POST, lang)
        client_uuid = request.POST.get("client_uuid") or client_uuid
        if not errors:
            try:
                services.survey_response_submit(
                    wave_point=wave_point,
                    answers=cleaned,
                    client_uuid=client_uuid,
                    language=lang,
                    mode=ResponseMode.INTERVIEWER,
                    interviewer=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("The answers were recorded. You can enter the next form.")
                )
                return redirect("surveys:interview", pk=wave_point.pk)
        values = {k: request.POST.getlist(k) for k in request.POST if k.startswith("q_")}
    sections = answers.questions(snapshot, lang)
    for section in sections:
        for item in section["items"]:
            item["error"] = errors.get(item["code"], "")
            item["values"] = values.get(item["name"], [])
    return render(
        request,
        "surveys/interview.html",
        {
            "wave_point": wave_point,
            "sections": sections,
            "lang": lang,
            "client_uuid": client_uuid,
            "error_list": [
                (i["name"], i["label"], i["error"])
                for s in sections
                for i in s["items"]
                if i["error"]
            ],
        },
    )


# Citizens' free comments: read and flagged for the integrity officers by coordinators and the
# director (administrators run the platform and have no need to read citizens' words).
COMMENT_READERS = (Role.COORDINATOR, Role.DIRECTOR)


@roles_required(*COMMENT_READERS)
def wave_comments(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    query = request.GET.get("q", "")[:100].replace("\x00", "")
    listing = paginate(request, selectors.wave_comments(wave=wave, query=query))
    return render(
        request,
        "surveys/wave_comments.html",
        {
            "wave": wave,
            "q": query,
            "rows": selectors.comment_rows(wave=wave, responses=listing["page"].object_list),
            **listing,
        },
    )


@require_POST
@roles_required(*COMMENT_READERS)
def comment_flag(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    wave = selectors.wave_get_for_user(user=request.user, pk=pk)
    response = selectors.response_get_in_wave(wave=wave, pk=response_pk)
    try:
        services.survey_comment_flag(
            actor=request.user, response=response, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The comment is flagged for the integrity officers."))
    return redirect("surveys:wave_comments", pk=wave.pk)
