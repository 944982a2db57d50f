"""The open-data catalogue in DCAT-AP (JSON-LD), harvestable by a national open-data portal.

One dataset, "Quality of public services per service point", with one CSV and one JSON
distribution per period (years and semesters). The licence is the department's choice
(`RAQIB_OPEN_DATA_LICENCE_URL` / `_NAME`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .figures import open_periods

COLUMNS = (
    "period",
    "period_start",
    "period_end",
    "service_point_code",
    "service_point_name_ar",
    "service_point_name_fr",
    "body_code",
    "body_name_ar",
    "body_name_fr",
    "governorate_code",
    "governorate_name_ar",
    "governorate_name_fr",
    "visits",
    "visit_score_mean",
    "survey_wave",
    "survey_answers",
    "satisfaction_index",
    "satisfaction_low",
    "satisfaction_high",
    "marhba_label",
    "body_improvements_verified",
)

PUBLISHER = {
    "ar": "إدارة نوعية الخدمة العمومية — رئاسة الحكومة",
    "fr": "Direction de la qualité du service public — Présidence du gouvernement",
}
TITLE = {
    "ar": "جودة الخدمات العمومية حسب نقطة الخدمة",
    "fr": "Qualité des services publics par point de service",
}
DESCRIPTION = {
    "ar": (
        "نتائج زيارات المواطن الرقيب المصادق عليها، ومؤشر رضا المواطنين، وعلامة «مرحبا»، "
        "حسب نقطة الخدمة والفترة. لا تُنشر أيّ نتيجة دون الحد الأدنى من الزيارات أو الإجابات، "
        "ولا تتضمّن أيّ معطيات شخصية."
    ),
    "fr": (
        "Résultats des visites validées du Citoyen superviseur, indice de satisfaction des "
        "usagers et label Marhba, par point de service et par période. Aucun résultat n'est "
        "publié sous le minimum de visites ou de réponses ; aucune donnée personnelle."
    ),
}


def licence() -> dict[str, str]:
    return {
        "url": str(settings.RAQIB_OPEN_DATA_LICENCE_URL),
        "name": str(settings.RAQIB_OPEN_DATA_LICENCE_NAME),
    }


def _texts(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in values.items()]


def dcat_catalog(*, base: str) -> dict[str, Any]:
    """The DCAT-AP catalogue; `base` is the site's absolute root (no trailing slash)."""
    licence_url = licence()["url"]
    distributions = []
    for period in open_periods():
        for fmt, media in (("csv", "text/csv"), ("json", "application/json")):
            url = base + reverse("open_data:dataset", kwargs={"period": period.label, "fmt": fmt})
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{period.label} ({fmt.upper()})",
                    "dcat:downloadURL": {"@id": url},
                    "dcat:accessURL": {"@id": url},
                    "dcat:mediaType": media,
                    "dct:format": fmt.upper(),
                    "dct:license": {"@id": licence_url},
                    "dct:temporal": {
                        "@type": "dct:PeriodOfTime",
                        "dcat:startDate": period.start.isoformat(),
                        "dcat:endDate": period.end.isoformat(),
                    },
                }
            )
    catalogue_url = base + reverse("open_data:catalogue")
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts({"ar": "البيانات المفتوحة لرقيب", "fr": "Données ouvertes de Raqib"}),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": _texts(PUBLISHER)},
        "dct:license": {"@id": licence_url},
        "dct:modified": timezone.localdate().isoformat(),
        "dcat:dataset": [
            {
                "@id": catalogue_url + "#service-points",
                "@type": "dcat:Dataset",
                "dct:identifier": "raqib-service-points",
                "dct:title": _texts(TITLE),
                "dct:description": _texts(DESCRIPTION),
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": _texts(PUBLISHER)},
                "dct:language": [
                    {"@id": "http://publications.europa.eu/resource/authority/language/ARA"},
                    {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
                ],
                "dct:spatial": {
                    "@id": "http://publications.europa.eu/resource/authority/country/TUN"
                },
                "dcat:keyword": ["service public", "qualité", "satisfaction", "Marhba"],
                "dct:accrualPeriodicity": {
                    "@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2"
                },
                "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": PUBLISHER["fr"]},
                "dcat:distribution": distributions,
            }
        ],
    }
