"""The observer app: one HTML shell, its web manifest and its service worker.

Everything else happens in the browser (static ES modules under static/observer/): the app
talks to the sync API documented in raqib/missions/API.md and keeps its data in IndexedDB, so
that an observer can work for days without a connection.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from raqib.core.access import roles_required
from raqib.core.roles import Role

# The files the service worker stores at installation, so the app opens with no network.
STATIC_FILES = (
    "core/raqib.css",
    "observer/observer.css",
    "observer/app.js",
    "observer/conflict.js",
    "observer/db.js",
    "observer/form.js",
    "observer/i18n.js",
    "observer/pager.js",
    "observer/photos.js",
    "observer/relevance.js",
    "observer/sw-core.js",
    "observer/sync.js",
    "observer/training.js",
    "observer/ui.js",
    "observer/icons/icon-192.png",
    "observer/icons/icon-512.png",
)
ICON_SIZES = (192, 512)


@cache
def _static_fingerprint() -> str:
    """A digest of the app's static files: a new release gives a new service worker.

    With the manifest storage of production the hashed URLs change too; in development and
    tests (plain storage) this digest is what makes the browser install the new worker.
    """
    digest = hashlib.sha256()
    for name in STATIC_FILES:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


@roles_required(Role.OBSERVER)
@never_cache
def app_shell(request: HttpRequest) -> HttpResponse:
    language = get_language()
    other = "fr" if language == "ar" else "ar"
    with override(other):
        other_url = reverse("observer:app")
    return render(
        request,
        "observer/app.html",
        {
            "other_language": other,
            "other_url": other_url,
            # One IndexedDB database per account: two observers sharing a phone never see
            # (or send) each other's reports.
            "db_name": f"raqib-observer-{request.user.pk}",
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        },
    )


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web manifest. Public: browsers fetch it without cookies (credentials "omit")."""
    language = get_language()
    start = reverse("observer:app")
    with override("ar"):
        name_ar = gettext("Raqib — citizen observer")
    with override("fr"):
        name_fr = gettext("Raqib — citizen observer")
    data = {
        "id": start,
        "name": f"{name_ar} · {name_fr}" if language == "ar" else f"{name_fr} · {name_ar}",
        "short_name": gettext("Raqib observer"),
        "description": gettext("Fill in your observation missions, even without a connection."),
        "lang": language,
        "dir": "rtl" if language == "ar" else "ltr",
        "start_url": start,
        "scope": start,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#8a1c1c",
        "icons": [
            {
                "src": static(f"observer/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in ICON_SIZES
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /<lang>/observer/ so its scope covers that language.

    Public (it holds no data): the browser re-fetches it to look for updates, and must get the
    script even when the session has expired, or the installed app could never update.
    """
    shell = reverse("observer:app")
    precache = [
        shell,
        reverse("javascript-catalog"),
        reverse("observer:manifest"),
        *(static(name) for name in STATIC_FILES),
    ]
    config = {
        "version": f"{_static_fingerprint()}-{get_language()}",
        "shell": shell,
        "catalogue": reverse("javascript-catalog"),
        "manifest": reverse("observer:manifest"),
        "precache": precache,
        "login": reverse("account_login"),
    }
    body = (
        f"const CONFIG = {json.dumps(config)};\n"
        f"importScripts({json.dumps(static('observer/sw-core.js'))});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
