"""The link, the QR code and the printable posters (A4/A5, Arabic/French) of a wave point.

The Arabic font comes from the fontpkg-amiri pip package and is embedded in the PDF through
@font-face with a file:// URL, so a poster prints the same on any machine.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from raqib.core import conf

from .models import SurveyWave, WaveServicePoint

SIZES = {"a4": "A4", "a5": "A5"}
LANGS = ("ar", "fr")


def font_path() -> str:
    import fontpkg_amiri

    return str(fontpkg_amiri.ROOT / "files" / "Amiri-Regular.ttf")


def font_bold_path() -> str:
    import fontpkg_amiri

    return str(fontpkg_amiri.ROOT / "files" / "Amiri-Bold.ttf")


def public_url(wave_point: WaveServicePoint, lang: str, request: Any = None) -> str:
    """The absolute link printed on posters. RAQIB_PUBLIC_BASE_URL (e.g. https://raqib.tn)
    wins over the request's host, which may be an internal name behind the proxy."""
    with translation.override(lang):
        path = reverse("surveys_public:answer", kwargs={"token": wave_point.token})
    base = conf.public_base_url()
    if base:
        return base.rstrip("/") + path
    if request is not None:
        return str(request.build_absolute_uri(path))
    return path


def qr_svg(url: str) -> str:
    # Level M survives a crumpled or partly covered poster; scale sets the SVG unit only.
    return str(segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000"))


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=8, border=2))


def poster_pdf(wave_point: WaveServicePoint, *, lang: str, size: str, request: Any = None) -> bytes:
    from weasyprint import HTML

    lang = lang if lang in LANGS else "ar"
    size = size if size in SIZES else "a4"
    url = public_url(wave_point, lang, request)
    with translation.override(lang):
        html = render_to_string(
            "surveys/posters/poster.html",
            {
                "lang": lang,
                "rtl": lang == "ar",
                "page_size": SIZES[size],
                "small": size == "a5",
                "font_url": "file://" + font_path(),
                "font_bold_url": "file://" + font_bold_path(),
                "qr": qr_data_uri(url),
                "url": url,
                "wave": wave_point.wave,
                "point": wave_point.service_point,
            },
        )
    return bytes(HTML(string=html, base_url="file:///").write_pdf())


def posters_zip(
    wave: SurveyWave,
    points: list[WaveServicePoint],
    *,
    size: str,
    langs: tuple[str, ...] = LANGS,
    request: Any = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for wave_point in points:
            for lang in langs:
                name = f"{wave.code}/{wave_point.service_point.code}-{lang}-{size}.pdf"
                archive.writestr(
                    name, poster_pdf(wave_point, lang=lang, size=size, request=request)
                )
    return buffer.getvalue()
