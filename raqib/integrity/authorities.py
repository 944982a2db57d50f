"""The competent authorities a case can be referred to: the department's list.

`settings.RAQIB_INTEGRITY_AUTHORITIES` replaces the default below: {code: (Arabic, French)}.
"""

from __future__ import annotations

from django.conf import settings

from raqib.core.bilingual import localized

DEFAULT: dict[str, tuple[str, str]] = {
    "inspection": ("التفقدية العامة للهيكل المعني", "Inspection générale de l'organisme concerné"),
    "prosecutor": ("وكيل الجمهورية", "Procureur de la République"),
    "inlucc": ("الهيئة الوطنية لمكافحة الفساد", "Instance nationale de lutte contre la corruption"),
}


def authorities() -> dict[str, tuple[str, str]]:
    configured = settings.RAQIB_INTEGRITY_AUTHORITIES
    return dict(configured) if configured else dict(DEFAULT)


def authority_name(code: str, lang: str | None = None) -> str:
    names = authorities().get(code)
    if names is None:
        return code
    if lang is not None:
        return names[0] if lang == "ar" else names[1]
    return localized(names[0], names[1])
