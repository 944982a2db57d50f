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


def test_governorates_referral_stages_and_median_time_to_referral(coordinator, settings):
    """Hand computation: five cases opened 10, 8, 6, 4 and 2 days ago, each referred today
    (first referral; the first case also has a second referral, which does not count for the
    median): days to referral 10, 8, 6, 4, 2 → median 6. Stages: two acknowledged (one with
    its outcome), four only sent: sent 4, acknowledged 1, outcome 1 — the last two below 5."""
    from raqib.integrity.models import Referral

    settings.RAQIB_INTEGRITY_MIN_COUNT = 5
    first = bribe_case(coordinator=coordinator)
    now = timezone.now()
    cases = [first] + [
        Case.objects.create(
            reference=f"INT-M-{n}",
            category=Category.FAVOURITISM,
            origin="manual",
            body=first.body,
            service_point=first.service_point,
        )
        for n in range(4)
    ]
    for case, days in zip(cases, (10, 8, 6, 4, 2), strict=True):
        Case.objects.filter(pk=case.pk).update(created_at=now - dt.timedelta(days=days))
        Referral.objects.create(case=case, authority="prosecutor", language="ar")
    Referral.objects.create(case=first, authority="inspection", language="fr")
    today = timezone.localdate()
    Referral.objects.filter(case=cases[1]).update(acknowledged_on=today)
    Referral.objects.filter(case=cases[2]).update(acknowledged_on=today, outcome_on=today)
    with translation.override("fr"):
        section = periodic_report_section(filters=_filters())
    assert section is not None
    governorates = section.tables[2]
    assert dict(governorates.rows) == {first.service_point.governorate.name_fr: 5}
    stages = dict(section.tables[3].rows)
    assert stages == {
        "Envoyé, sans accusé de réception": "< 5",
        "Accusé de réception, sans suite": "< 5",
        "Suite reçue": "< 5",
    }
    assert "6" in section.paragraphs[1]
    assert "5" in section.paragraphs[1]
    settings.RAQIB_INTEGRITY_MIN_COUNT = 1
    stages = dict(periodic_report_section(filters=_filters()).tables[3].rows)
    assert sorted(stages.values()) == [1, 1, 4]
    # Below the minimum of referred cases, the median is not printed.
    settings.RAQIB_INTEGRITY_MIN_COUNT = 6
    with translation.override("fr"):
        hidden = periodic_report_section(filters=_filters()).paragraphs[1]
    assert "non publié en dessous de 6" in hidden
    assert "jours" not in hidden
