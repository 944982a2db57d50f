"""The rows written in Python (dashboard/rows.py) are the markup of their templates."""

from __future__ import annotations

import random

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from raqib.reports.dashboard import rows
from raqib.reports.figures import ItemScore, RankRow

ITEMS = [
    ItemScore("section", "S1", "S1", "الاستقبال", "Accueil <b>", 62.25, 12, 0),
    ItemScore("criterion", "S1.C1", "S1", "", "Propreté & ordre", 59.95, 3, 1),
    ItemScore("criterion", "S1.C2", "S1", "النظافة", "", None, 0, 0),
    ItemScore("criterion", "C3", "S1", "وقت الانتظار", "Attente", 100.0, 7, 4),
]
RANKS = [
    (1, RankRow(7, "P-1", "مكتب", 'Bureau "A"', 98.44999, 5, 0, "TN-11")),
    (2, RankRow(8, "P<2>", "", "Seulement FR", 0.05, 1, 1)),
    (3, RankRow(9, "P-3", "فقط", "", None, 0, 0)),
]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_numbers_are_floatformat_1(lang):
    values = [62.25, 0.05, 0.15, 1.25, 2.675, 99.95, 100.0, 0.0, 72.2, 1234.56]
    values += [random.Random(i).uniform(0, 100) for i in range(2000)]
    with translation.override(lang):
        numbers = rows.Numbers()
        assert [numbers.one(v) for v in values] == [floatformat(v, 1) for v in values]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_item_rows_are_the_template_markup(lang):
    template = get_template("reports/dashboard_item_row.html")
    with translation.override(lang):
        expected = "".join(template.render({"item": item}) for item in ITEMS)
        assert rows.item_rows(ITEMS) == expected


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("query", ["", "period=2026-S1&governorate=3"])
def test_ranking_rows_are_the_template_markup(lang, query):
    request = RequestFactory().get("/reports/?" + query)
    wrap = "{% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% for rank, row in ranked %}"
    body = Template(wrap + '{% include "reports/dashboard_body_row.html" %}{% endfor %}')
    point = Template(wrap + '{% include "reports/dashboard_point_row.html" %}{% endfor %}')
    with translation.override(lang):
        context = Context({"ranked": RANKS, "request": request})
        assert rows.body_rows(RANKS, request.GET.urlencode()) == body.render(context)
        assert rows.point_rows(RANKS) == point.render(context)
