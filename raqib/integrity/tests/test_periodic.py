"""The periodic report's integrity chapter: counts by category only, small counts suppressed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from raqib.core.activity import ActivityFilters
from raqib.integrity.models import Case, Category
from raqib.integrity.selectors import periodic_report_section
from raqib.integrity.tests.factories import bribe_case

pytestmark = pytest.mark.django_db


def _filters(**kwargs):
    today = timezone.localdate()
    return ActivityFilters(start=today - dt.timedelta(days=30), end=today, **kwargs)


def test_counts_by_category_with_small_counts_suppressed(coordinator, settings):
    assert periodic_report_section(filters=_filters()) is None
    first = bribe_case(coordinator=coordinator)
    for _n in range(5):
        Case.objects.create(
            reference=f"INT-T-{_n}", category=Category.FAVOURITISM, origin="manual", body=first.body
        )
    with translation.override("fr"):
        section = periodic_report_section(filters=_filters())
    assert section is not None
    table = section.tables[0]
    assert dict(table.rows) == {"Extorsion (pot-de-vin demandé)": "< 5", "Favoritisme": 5}
    assert "6" in section.paragraphs[0]
    text = repr(section.to_json())
    assert first.reference not in text
    assert first.observer.username not in text
    # The minimum is the department's: with 1, every count prints.
    settings.RAQIB_INTEGRITY_MIN_COUNT = 1
    section = periodic_report_section(filters=_filters())
    assert sorted(c for _label, c in section.tables[0].rows) == [1, 5]
    # A body filter that matches nothing: nothing to say.
    assert periodic_report_section(filters=_filters(body_id=first.body_id + 999)) is None
