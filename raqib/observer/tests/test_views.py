"""The shell, the manifest and the service worker, through the Django test client."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from raqib.observer.views import ICON_SIZES, STATIC_FILES

pytestmark = pytest.mark.django_db


def test_the_shell_is_for_observers_only(client, observer, coordinator):
    client.force_login(observer)
    response = client.get("/ar/observer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert f'data-db="raqib-observer-{observer.pk}"' in html
    assert 'data-sw="/ar/observer/sw.js"' in html
    assert 'data-scope="/ar/observer/"' in html
    assert 'href="/ar/jsi18n/"' not in html  # loaded as a script, not a link
    assert 'src="/ar/jsi18n/"' in html
    # CSP: no inline script or style anywhere in the shell.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html
    assert "<style" not in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    client.force_login(coordinator)
    assert client.get("/ar/observer/").status_code == 403


def test_the_french_shell_is_left_to_right(client, observer):
    client.force_login(observer)
    html = client.get("/fr/observer/").content.decode()
    assert 'dir="ltr"' in html
    assert 'lang="fr"' in html
    assert 'data-scope="/fr/observer/"' in html
    assert 'href="/ar/observer/"' in html  # the other language's app


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_manifest(client, lang, direction):
    response = client.get(f"/{lang}/observer/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == data["scope"] == f"/{lang}/observer/"
    assert data["display"] == "standalone"
    assert data["lang"] == lang
    assert data["dir"] == direction
    # The name carries both languages, Arabic and French.
    assert "رقيب" in data["name"]
    assert "Raqib — observateur citoyen" in data["name"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert sizes == {"192x192", "512x512"}


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icons_are_square_pngs(size):
    path = finders.find(f"observer/icons/icon-{size}.png")
    with open(path, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert image.format == "PNG"
    assert image.size == (size, size)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_service_worker(client, lang):
    response = client.get(f"/{lang}/observer/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["shell"] == f"/{lang}/observer/"
    assert config["version"].endswith(f"-{lang}")
    for url in (f"/{lang}/observer/", f"/{lang}/jsi18n/", "/static/observer/app.js"):
        assert url in config["precache"]
    assert 'importScripts("/static/observer/sw-core.js")' in body


def test_every_precached_file_exists():
    for name in (*STATIC_FILES, "observer/sw-core.js"):
        assert finders.find(name), name


def test_javascript_catalogue_has_the_app_strings(client):
    def catalogue(lang: str) -> dict:
        body = client.get(f"/{lang}/jsi18n/").content.decode()
        return json.loads(body.split("const newcatalog = ", 1)[1].split(";\n", 1)[0])

    waiting = "Saved on phone — waiting to send"
    assert catalogue("ar")[waiting] == "محفوظ على الهاتف — في انتظار الإرسال"
    assert catalogue("fr")[waiting] == "Enregistré sur le téléphone — en attente d'envoi"


@pytest.mark.parametrize(
    ("lang", "label"), [("ar", "تطبيق الملاحظ"), ("fr", "Application de l'observateur")]
)
def test_home_page_and_menu_link_observers_to_their_app(client, observer, coordinator, lang, label):
    """Issue 11: the observer no longer has to type the app's address."""
    client.force_login(observer)
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-nav="observer:app"' in html  # the menu
    assert f'<a class="card" href="/{lang}/observer/">' in html  # the home page's cards
    assert label.replace("'", "&#x27;") in html
    assert client.get(f"/{lang}/observer/").status_code == 200

    client.force_login(coordinator)  # not an observer: no link (the app answers 403)
    html = client.get(f"/{lang}/").content.decode()
    assert "/observer/" not in html
