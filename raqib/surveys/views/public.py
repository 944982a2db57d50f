"""The citizen's page: /<lang>/s/<token>/ — no sign-in, no framework, no personal data."""

from __future__ import annotations

import functools
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import abuse, answers, selectors, services
from ..models import WaveServicePoint, WaveStatus


def _other_language(request: HttpRequest) -> tuple[str, str]:
    other = "fr" if get_language() == "ar" else "ar"
    return other, translate_url(request.path, other)


def _unavailable(request: HttpRequest, wave_point: WaveServicePoint | None) -> HttpResponse:
    """A polite page instead of an error: unknown links 404, paused or closed waves 410."""
    state = "unknown"
    status = 404
    if wave_point is not None and wave_point.wave.status in (WaveStatus.PAUSED, WaveStatus.CLOSED):
        state = wave_point.wave.status
        status = 410
    other, other_url = _other_language(request)
    return render(
        request,
        "surveys/public/unavailable.html",
        {"state": state, "wave_point": wave_point, "other_lang": other, "other_url": other_url},
        status=status,
    )


def _with_device_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not request.COOKIES.get(abuse.DEVICE_COOKIE):
        response.set_cookie(
            abuse.DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=abuse.cookie_seconds(),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# The page carries no session and no sign-in: a CSRF token would only add a cookie and break
# answers on phones that block cookies. Forged cross-site posts are handled like any other
# ballot: the signed start time, the honeypot and the duplicate rules.
def _store_at_once(request: HttpRequest, token: str) -> HttpResponse | None:
    """The common case of a POST — an open wave, a complete form — with the least work: one
    light query, the form checked, one INSERT; the rules that compare it with the wave's
    other answers run in a background task (services/screening.py). None: anything else,
    which the full page handles (and explains)."""
    found = selectors.wave_point_for_answer(token=token)
    if found is None or found[0].wave.status != WaveStatus.OPEN:
        return None
    wave_point, snapshot = found
    cleaned, errors = answers.clean(
        snapshot,
        request.POST,
        get_language() or "ar",
        version_key=wave_point.wave.grid_version.content_hash,
    )
    if errors:
        return None
    try:
        services.survey_response_submit(
            wave_point=wave_point,
            answers=cleaned,
            client_uuid=request.POST.get("client_uuid") or str(uuid.uuid4()),
            language=get_language() or "ar",
            device_token=request.COOKIES.get(abuse.DEVICE_COOKIE, ""),
            client_ip=abuse.client_ip(request),
            honeypot=request.POST.get(abuse.HONEYPOT_FIELD, ""),
            started=request.POST.get(abuse.STARTED_FIELD, ""),
            screen_later=True,
        )
    except ValidationError:
        # Closed or paused since this process remembered the link, or a damaged form.
        selectors.forget_answer_target(token=token)
        return None
    return HttpResponseRedirect(_thanks_url(get_language() or "ar", token))


@functools.lru_cache(maxsize=8)
def _thanks_pattern(lang: str) -> str:
    with translation.override(lang):
        return reverse("surveys_public:thanks", kwargs={"token": _TOKEN_MARK})


def _thanks_url(lang: str, token: str) -> str:
    """The thank-you page of TOKEN: reversed once per language (reversing costs more than
    the rest of the answer's work); tokens are URL-safe base64, nothing to escape."""
    return _thanks_pattern(lang).replace(_TOKEN_MARK, token)


_TOKEN_MARK = "TOKEN-MARK"  # noqa: S105 (a placeholder in a URL, not a secret)


@csrf_exempt
@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        stored = _store_at_once(request, token)
        if stored is not None:
            return stored
    wave_point = selectors.wave_point_by_token(token=token)
    if wave_point is None or wave_point.wave.status != WaveStatus.OPEN:
        return _unavailable(request, wave_point)
    lang = get_language() or "ar"
    snapshot = wave_point.wave.grid_version.snapshot or {}
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    client_uuid = str(uuid.uuid4())
    started = abuse.started_sign(wave_point.pk)
    if request.method == "POST":
        cleaned, errors = answers.clean(snapshot, request.POST, lang)
        client_uuid = request.POST.get("client_uuid") or client_uuid
        started = request.POST.get(abuse.STARTED_FIELD, "")
        if not errors:
            try:
                services.survey_response_submit(
                    wave_point=wave_point,
                    answers=cleaned,
                    client_uuid=client_uuid,
                    language=lang,
                    device_token=request.COOKIES.get(abuse.DEVICE_COOKIE, ""),
                    client_ip=abuse.client_ip(request),
                    honeypot=request.POST.get(abuse.HONEYPOT_FIELD, ""),
                    started=started,
                    screen_later=True,
                )
            except ValidationError as exc:
                errors = {"__all__": " ".join(exc.messages)}
            else:
                return redirect("surveys_public:thanks", token=token)
        values = {k: request.POST.getlist(k) for k in request.POST if k.startswith("q_")}
    other, other_url = _other_language(request)
    sections = answers.questions(snapshot, lang)
    for section in sections:
        for item in section["items"]:
            item["error"] = errors.get(item["code"], "")
            item["values"] = values.get(item["name"], [])
    error_list = [
        (item["name"], item["label"], item["error"])
        for section in sections
        for item in section["items"]
        if item["error"]
    ]
    response = render(
        request,
        "surveys/public/answer.html",
        {
            "wave_point": wave_point,
            "wave": wave_point.wave,
            "point": wave_point.service_point,
            "sections": sections,
            "error_list": error_list,
            "form_error": errors.get("__all__", ""),
            "client_uuid": client_uuid,
            "started": started,
            "honeypot_field": abuse.HONEYPOT_FIELD,
            "action": reverse("surveys_public:answer", kwargs={"token": token}),
            "other_lang": other,
            "other_url": other_url,
        },
    )
    return _with_device_cookie(request, response)


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    wave_point = selectors.wave_point_by_token(token=token)
    if wave_point is None or wave_point.wave.status == WaveStatus.DRAFT:
        return _unavailable(request, None)
    other, other_url = _other_language(request)
    return render(
        request,
        "surveys/public/thanks.html",
        {
            "wave": wave_point.wave,
            "point": wave_point.service_point,
            "other_lang": other,
            "other_url": other_url,
        },
    )
