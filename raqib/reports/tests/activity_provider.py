"""Test providers of sections of the periodic report (test_periodic_sections.py).

They stand in for ``raqib.<app>.selectors.periodic_report_section``: each answers in the language
it is called in, so a test sees that the build calls it inside the report's language.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language

from raqib.core.activity import ActivityFilters, ActivitySection, ActivityTable

TEXTS = {
    "ar": {
        "title": "متابعة التوصيات",
        "paragraph": "نسبة التوصيات المنفذة خلال الفترة.",
        "caption": "التوصيات حسب الهيكل",
        "columns": ("الهيكل", "التوصيات", "نسبة التنفيذ (%)", "المعدل"),
        "body": "وزارة الصحة",
        "note": "النسبة محسوبة على التوصيات المستحقة.",
    },
    "fr": {
        "title": "Suivi des recommandations",
        "paragraph": "Part des recommandations mises en œuvre dans la période.",
        "caption": "Recommandations par organisme",
        "columns": ("Organisme", "Recommandations", "Taux de mise en œuvre (%)", "Moyenne"),
        "body": "Ministère de la Santé",
        "note": "Taux calculé sur les recommandations échues.",
    },
}
COUNT = 987
RATE = Decimal("12.75")
METHOD = "docs/followup.md"
CALLS: list[ActivityFilters] = []


def periodic_report_section(*, filters: ActivityFilters) -> ActivitySection:
    CALLS.append(filters)
    texts = TEXTS[(get_language() or "ar")[:2]]
    table = ActivityTable(
        caption=texts["caption"],
        columns=texts["columns"],
        rows=((texts["body"], COUNT, RATE, None),),
        numeric=(False, True, True, True),
        note=texts["note"],
    )
    return ActivitySection(
        key="followup",
        title=texts["title"],
        paragraphs=(texts["paragraph"],),
        tables=(table,),
        method=METHOD,
    )


def nothing(*, filters: ActivityFilters) -> ActivitySection | None:
    return None


def exploding(*, filters: ActivityFilters) -> ActivitySection | None:
    raise RuntimeError("provider exploded")
