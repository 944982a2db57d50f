"""The referral letter (PDF, Arabic or French) through WeasyPrint, Amiri font embedded.

The letter carries the facts, the evidence list with SHA-256, the references (case, reports)
and the observer's pseudonym — never the identity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from raqib.core.bilingual import localized

from .authorities import authority_name
from .models import Case, Referral


def _font(bold: bool = False) -> str:
    import fontpkg_amiri

    name = "Amiri-Bold.ttf" if bold else "Amiri-Regular.ttf"
    return Path(fontpkg_amiri.ROOT / "files" / name).as_uri()


def letter_context(*, case: Case, referral: Referral, pseudonym: str) -> dict[str, Any]:
    lang = referral.language
    point = case.service_point
    return {
        "lang": lang,
        "rtl": lang == "ar",
        "font_url": _font(),
        "font_bold_url": _font(bold=True),
        "today": timezone.localdate(),
        "authority": authority_name(referral.authority, lang),
        "case": case,
        "body": localized(case.body.name_ar, case.body.name_fr, lang),
        "point": localized(point.name_ar, point.name_fr, lang) if point else "",
        "pseudonym": pseudonym,
        "evidence": list(case.evidence.all()),
        "facts_added": list(case.facts_added.all()),
        "missions": [link.report.mission.code for link in case.report_links.all()],
    }


def render_letter(*, case: Case, referral: Referral, pseudonym: str) -> bytes:
    from weasyprint import HTML

    with translation.override(referral.language):
        html = render_to_string(
            "integrity/letter.html",
            letter_context(case=case, referral=referral, pseudonym=pseudonym),
        )
    return bytes(HTML(string=html, base_url="file:///").write_pdf())
