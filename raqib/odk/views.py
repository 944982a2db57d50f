"""The OpenRosa endpoints ODK Collect talks to, and the observer's ODK Collect page.

OpenRosa (docs/odk-collect.md): the key is in the URL, as in ODK Central, since Collect holds
no session; every answer carries `X-OpenRosa-Version: 1.0`; errors are OpenRosa XML messages
in the reader's language, which Collect shows as they are.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from raqib.core.access import roles_required
from raqib.core.roles import Role
from raqib.missions.services import CONFLICT_CODES, evidence_max_bytes

from . import selectors, services
from .instance import MAX_XML_BYTES
from .xform import form_id

MAX_POST_BYTES = 10 * 1024 * 1024
RESPONSE_NS = "http://openrosa.org/http/response"


def _openrosa(
    body: str, status: int = 200, content_type: str = "text/xml", *, declare: bool = True
) -> HttpResponse:
    response = HttpResponse(
        ('<?xml version="1.0" encoding="UTF-8"?>\n' if declare else "") + body,
        status=status,
        content_type=f"{content_type}; charset=utf-8",
    )
    response["X-OpenRosa-Version"] = "1.0"
    response["Date"] = http_date()
    return response


def _message(text: str, status: int) -> HttpResponse:
    return _openrosa(
        f'<OpenRosaResponse xmlns="{RESPONSE_NS}"><message nature="">{escape(text)}</message>'
        "</OpenRosaResponse>",
        status,
    )


def _unknown_key() -> HttpResponse:
    return _message(_("This ODK Collect key is unknown or was revoked: make a new one."), 404)


def _base(request: HttpRequest, key: str) -> str:
    return request.build_absolute_uri(reverse("openrosa:root", kwargs={"key": key}))


@never_cache
@require_http_methods(["GET", "HEAD"])
def form_list(request: HttpRequest, key: str) -> HttpResponse:
    try:
        user = selectors.key_user(key)
    except Http404:
        return _unknown_key()
    base = _base(request, key)
    rows = []
    for form in selectors.offered_forms(user):
        pk = form.mission.pk
        rows.append(
            "<xform>"
            f"<formID>{form_id(pk)}</formID>"
            f"<name>{escape(form.title)}</name>"
            f"<hash>{form.hash}</hash>"
            f"<downloadUrl>{escape(base)}forms/{pk}/form.xml</downloadUrl>"
            f"<manifestUrl>{escape(base)}forms/{pk}/manifest</manifestUrl>"
            "</xform>"
        )
    return _openrosa(
        '<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(rows) + "</xforms>"
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def form_xml(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    try:
        user = selectors.key_user(key)
        form = selectors.offered_form(user, pk)
    except Http404:
        return _message(_("This form is not (or no longer) one of your missions."), 404)
    # Served byte for byte as hashed in the form list (Collect compares the two).
    return _openrosa(form.xform, declare=False)


@never_cache
@require_http_methods(["GET", "HEAD"])
def manifest(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    try:
        user = selectors.key_user(key)
        selectors.offered_mission(user, pk)
    except Http404:
        return _message(_("This form is not (or no longer) one of your missions."), 404)
    # The grids carry no media files today; the list is where they would be named.
    return _openrosa('<manifest xmlns="http://openrosa.org/xforms/xformsManifest"></manifest>')


def _error_status(error: ValidationError) -> int:
    code = getattr(error, "code", None)
    if code == "instance_conflict" or code in CONFLICT_CODES:
        return 409
    return 400


def _error_text(error: ValidationError) -> str:
    answers = getattr(error, "answers", None)
    if answers:
        details = "; ".join(f"{code}: {' '.join(msgs)}" for code, msgs in sorted(answers.items()))
        return f"{error.messages[0]} ({details})"
    return " ".join(error.messages)


def _files(request: HttpRequest) -> dict[str, Any]:
    limit = evidence_max_bytes()
    files = {}
    for name, upload in request.FILES.items():
        if name == "xml_submission_file":
            continue
        if upload.size > limit:
            raise ValidationError(
                _("The attachment %(name)s is larger than %(mb)s MB.")
                % {"name": name, "mb": limit // (1024 * 1024)},
                code="too_large",
            )
        files[upload.name or name] = upload
    return files


@csrf_exempt
@never_cache
@require_http_methods(["HEAD", "POST"])
def submission(request: HttpRequest, key: str) -> HttpResponse:
    try:
        user = selectors.key_user(key)
    except Http404:
        return _unknown_key()
    if request.method == "HEAD":
        response = _openrosa("", 204)
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_POST_BYTES)
        return response
    instance = request.FILES.get("xml_submission_file")
    if instance is None:
        return _message(_("The submission has no xml_submission_file part."), 400)
    try:
        outcome = services.collect_submission_receive(
            actor=user,
            xml=instance.read(MAX_XML_BYTES + 1),
            files=_files(request),
            incomplete=request.POST.get("*isIncomplete*") == "yes",
        )
    except Http404:
        return _message(_("This form is not (or no longer) one of your missions."), 404)
    except ValidationError as error:
        return _message(_error_text(error), _error_status(error))
    response = _message(outcome.message, outcome.status)
    response["Location"] = request.build_absolute_uri()
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def root(request: HttpRequest, key: str) -> HttpResponse:
    """The server URL Collect is given; its own requests go to formList and submission."""
    try:
        selectors.key_user(key)
    except Http404:
        return _unknown_key()
    return _message(_("Raqib is ready for ODK Collect."), 200)


# --- The observer's page ------------------------------------------------------------------


def collect_settings(server_url: str) -> str:
    """The text of ODK Collect's configuration QR code: zlib-compressed JSON in base64."""
    settings = {
        "general": {
            "server_url": server_url,
            "form_update_mode": "match_exactly",
            "autosend": "wifi_and_cellular",
            "delete_send": False,
        },
        "admin": {"change_server": False},
        "project": {"name": "Raqib — رقيب", "icon": "ر", "color": "#0b6e4f"},
    }
    packed = zlib.compress(json.dumps(settings, ensure_ascii=False).encode())
    return base64.b64encode(packed).decode()


@roles_required(Role.OBSERVER)
@never_cache
def settings_page(request: HttpRequest) -> HttpResponse:
    return _settings(request, key="")


def _settings(request: HttpRequest, *, key: str, revoked: bool = False) -> HttpResponse:
    context: dict[str, Any] = {"live": selectors.live_key(request.user), "revoked": revoked}
    if key:
        server_url = _base(request, key).rstrip("/")
        context.update(
            key=key,
            server_url=server_url,
            qr=segno.make(collect_settings(server_url), error="l").svg_inline(
                scale=4, border=2, dark="#000"
            ),
            forms=len(selectors.offered_forms(request.user)),
            now=timezone.now(),
        )
    response = render(request, "odk/settings.html", context)
    response["Cache-Control"] = "no-store"
    return response


@roles_required(Role.OBSERVER)
@require_POST
def key_create(request: HttpRequest) -> HttpResponse:
    return _settings(request, key=services.collect_key_create(actor=request.user))


@roles_required(Role.OBSERVER)
@require_POST
def key_revoke(request: HttpRequest) -> HttpResponse:
    return _settings(request, key="", revoked=services.collect_key_revoke(actor=request.user))
