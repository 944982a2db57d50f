"""KoboToolbox-shaped forms (issue 17 item 2): numeric choice names (Likert 1–5), groups
inside groups (flattened into sections with their path), round trip and scoring."""

from __future__ import annotations

import pytest
from django.utils import translation

from raqib.grids.scoring import score_report
from raqib.grids.tests.xlsform_helpers import workbook
from raqib.grids.xlsform import xform_export, xlsform_check, xlsform_export, xlsform_import

pytestmark = pytest.mark.django_db

HEADER = [
    "type",
    "name",
    "label::English (en)",
    "label::Arabic (ar)",
    "label::French (fr)",
    "hint::French (fr)",
    "required",
    "relevant",
]
# As Kobo's form builder exports it: groups inside groups, a Likert list named 1…5.
SURVEY = [
    HEADER,
    ["start", "start", None, None, None, None, None, None],
    ["begin_group", "reception", "Reception", "الاستقبال", "Accueil", None, None, None],
    ["select_one likert", "q1", "Welcome", "الترحيب", "Accueil reçu", None, "true", None],
    ["begin_group", "waiting", "Waiting", "الانتظار", "Attente", None, None, None],
    ["integer", "wait", "Minutes", "الدقائق", "Minutes", "Durée", "false", None],
    ["select_one likert", "q2", "Comfort", "الراحة", "Confort", None, "true", "${q1} = '5'"],
    ["end_group", None, None, None, None, None, None, None],
    ["select_one likert", "q3", "Courtesy", "اللباقة", "Courtoisie", None, "true", None],
    ["end_group", None, None, None, None, None, None, None],
]
CHOICES = [
    ["list_name", "name", "label::Arabic (ar)", "label::French (fr)", "raqib_score"],
    *[["likert", str(n), f"{n}", f"{n}", (n - 1) / 4] for n in range(1, 6)],
]


def _book() -> bytes:
    return workbook(SURVEY, CHOICES, [["form_title", "form_id"], ["Kobo", "KOBO_NESTED"]])


def test_nested_groups_and_numeric_choices_import_score_and_round_trip():
    with translation.override("en"):
        result = xlsform_check(_book(), "kobo.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    snapshot = result.snapshot
    sections = {s["code"]: s for s in snapshot["sections"]}
    assert list(sections) == ["reception", "reception.waiting"]
    assert [c["code"] for c in sections["reception"]["criteria"]] == ["q1", "q3"]
    assert [c["code"] for c in sections["reception.waiting"]["criteria"]] == ["wait", "q2"]
    assert sections["reception.waiting"]["label"] == {
        "ar": "الاستقبال — الانتظار",
        "fr": "Accueil — Attente",
    }
    assert [c["name"] for c in snapshot["choice_lists"]["likert"]] == ["1", "2", "3", "4", "5"]
    # Scored on the numeric names: q1 "5" (1), q2 "4" (0.75), q3 "1" (0).
    score = score_report(snapshot, {"q1": "5", "wait": 7, "q2": "4", "q3": "1"}).to_dict()
    by_code = {s["code"]: s for s in score["sections"]}
    assert by_code["reception"]["percent"] == "50.0"
    assert by_code["reception.waiting"]["percent"] == "75.0"
    # Import → export → import gives the same content.
    exported = xlsform_export(snapshot)
    again = xlsform_check(exported, "again.xlsx")
    assert again.ok, [str(p) for p in again.problems]
    assert again.content_hash == result.content_hash
    # Stored and published, and the XForm builds.
    stored = xlsform_import(actor=None, data=_book(), filename="kobo.xlsx", publish=True)
    assert stored.ok
    assert "reception.waiting" in xform_export(stored.version.snapshot)


def test_a_repeat_and_a_file_list_are_still_refused_with_their_row():
    survey = [
        HEADER,
        ["begin_repeat", "r", "R", "ر", "R", None, None, None],
        ["text", "t", "T", "ن", "T", None, None, None],
        ["end_repeat", None, None, None, None, None, None, None],
        ["select_one_from_file places.csv", "p", "P", "م", "P", None, None, None],
    ]
    with translation.override("en"):
        result = xlsform_check(workbook(survey, CHOICES, [["form_id"], ["BAD"]]), "b.xlsx")
        messages = [str(p) for p in result.problems]
    assert not result.ok
    assert any("row 2" in m and "Repeat" in m for m in messages)
    assert any("row 5" in m and "select_one_from_file" in m for m in messages)


def test_or_other_and_guidance_hint_map_and_other_columns_are_ignored():
    header = [*HEADER, "guidance_hint", "constraint", "constraint_message", "required_message"]
    survey = [
        header,
        [
            "select_one likert or_other",
            "q1",
            "W",
            "ت",
            "A",
            None,
            "true",
            None,
            "Regardez",
            ". > 0",
            "Non",
            "x = 1",
        ],
    ]
    with translation.override("en"):
        result = xlsform_check(workbook(survey, CHOICES, [["form_id"], ["OTHER"]]), "o.xlsx")
        assert result.ok, [str(p) for p in result.problems]
    names = [c["name"] for c in result.snapshot["choice_lists"]["likert"]]
    assert names == ["1", "2", "3", "4", "5", "other"]
    other = result.snapshot["choice_lists"]["likert"][-1]
    assert other["label"] == {"ar": "أخرى", "fr": "Autre"}
    assert other.get("score") is None
    (criterion,) = result.snapshot["sections"][0]["criteria"]
    assert criterion["guidance"] == {"ar": "Regardez", "fr": "Regardez"}
