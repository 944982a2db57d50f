"""XLSForm import/export: default grids, round trips, plain Kobo forms, malformed workbooks."""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.utils import translation

from raqib.grids import services
from raqib.grids.models import Grid, GridVersion, Section
from raqib.grids.snapshot import content_hash
from raqib.grids.tests.factories import make_draft, make_published
from raqib.grids.tests.xlsform_helpers import (
    CHOICES_HEADER,
    SETTINGS,
    SURVEY_HEADER,
    good_choices,
    good_survey,
    workbook,
)
from raqib.grids.xlsform import (
    grid_defaults_load,
    xform_export,
    xlsform_check,
    xlsform_export,
    xlsform_import,
)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULTS = sorted(DATA.glob("*.xlsx"))


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted on their English msgid; the project default language is Arabic.
    with translation.override("en"):
        yield


def test_default_grid_files_exist():
    assert [p.name for p in DEFAULTS] == ["01_visit.xlsx", "02_phone.xlsx", "03_web.xlsx"]


@pytest.mark.parametrize("path", DEFAULTS, ids=lambda p: p.stem)
def test_default_grid_import_export_import_gives_the_same_hash(path):
    first = xlsform_import(actor=None, data=path.read_bytes(), filename=path.name, publish=True)
    assert first.ok, [str(p) for p in first.problems]
    version = first.version
    assert version.status == "published"
    assert version.content_hash == first.content_hash == content_hash(version.snapshot)
    exported = xlsform_export(version.snapshot)
    again = xlsform_check(exported, "again.xlsx")
    assert again.ok, [str(p) for p in again.problems]
    assert again.content_hash == version.content_hash
    # Import the export as the grid's next version: same content, same hash.
    second = xlsform_import(actor=None, data=exported, filename="again.xlsx", publish=True)
    assert second.version.number == 2
    assert second.version.content_hash == version.content_hash


def test_default_visit_grid_content():
    result = xlsform_check((DATA / "01_visit.xlsx").read_bytes(), "01_visit.xlsx")
    snapshot = result.snapshot
    criteria = {c["code"]: c for s in snapshot["sections"] for c in s["criteria"]}
    assert len(snapshot["sections"]) == 7
    assert len(criteria) >= 40
    critical = {code for code, c in criteria.items() if c["critical"]}
    assert critical == {"G01", "G02", "G03"}
    assert all(criteria[code]["negative"] for code in critical | {"H03"})
    assert criteria["R06"]["unit"] == "minutes"
    assert criteria["R06"]["bands"][0] == {
        "max": 10,
        "score": 1.0,
    }
    assert snapshot["grid"]["channel"] == "in_person"
    assert snapshot["settings"] == {"conformity_threshold": 7.0, "critical_cap": 49.0}


def test_grid_defaults_load_is_idempotent():
    first = grid_defaults_load(actor=None)
    assert [r.ok for r in first] == [True, True, True]
    assert sorted(Grid.objects.values_list("code", flat=True)) == ["PHONE", "VISIT", "WEB"]
    second = grid_defaults_load(actor=None)
    assert all(r.skipped for r in second)
    assert GridVersion.objects.count() == 3


def test_ui_built_version_round_trips_through_xlsform():
    version = make_published()
    result = xlsform_check(xlsform_export(version.snapshot), "t.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert result.content_hash == version.content_hash


def test_xform_export_is_xml_with_both_translations():
    version = make_published()
    xml = xform_export(version.snapshot)
    root = ET.fromstring(xml.encode("utf-8"))
    xf = "{http://www.w3.org/2002/xforms}"
    languages = {t.get("lang") for t in root.iter(f"{xf}translation")}
    assert languages == {"Arabic (ar)", "French (fr)"}
    assert "هل توجد لافتة؟" in xml
    assert "Y a-t-il une signalétique ?" in xml
    assert 'start="1" end="5"' in xml


def test_plain_kobo_form_imports_with_default_weights():
    survey = [
        ["type", "name", "label", "hint", "required"],
        ["start", "start", "", "", ""],
        ["note", "intro", "Bienvenue", "", ""],
        ["select_one yn", "served", "Served?", "", "yes"],
        ["decimal", "wait", "Waiting time", "minutes", ""],
        ["text", "comment", "Comment", "", ""],
        ["end", "end", "", "", ""],
    ]
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
    settings = [["form_title", "form_id"], ["Kobo form", "kobo_form"]]
    result = xlsform_import(
        actor=None, data=workbook(survey, choices, settings), filename="kobo.xlsx"
    )
    assert result.ok, [str(p) for p in result.problems]
    snapshot = services.grid_version_build_snapshot(result.version)
    assert snapshot["grid"]["title"] == {"ar": "Kobo form", "fr": "Kobo form"}
    (section,) = snapshot["sections"]
    assert section["code"] == "general"
    served, wait, comment = section["criteria"]
    assert (served["type"], served["weight"], served["required"]) == ("yes_no", 1.0, True)
    assert (wait["type"], wait["required"], wait["guidance"]["fr"]) == ("number", False, "minutes")
    assert comment["type"] == "text"
    assert snapshot["choice_lists"] == {}


def _problems(data: bytes) -> list[str]:
    with translation.override("en"):
        before = (Grid.objects.count(), GridVersion.objects.count(), Section.objects.count())
        result = xlsform_import(actor=None, data=data, filename="bad.xlsx")
        messages = [str(p) for p in result.problems]
        assert not result.ok
        assert result.version is None
        assert (
            Grid.objects.count(),
            GridVersion.objects.count(),
            Section.objects.count(),
        ) == before
    return messages


def test_missing_survey_sheet():
    assert _problems(workbook(None, good_choices(), SETTINGS)) == [
        "Sheet “survey”: The sheet “survey” is missing."
    ]


def test_missing_choices_sheet():
    assert _problems(workbook(good_survey(), None, SETTINGS)) == [
        "Sheet “choices”: The sheet “choices” is missing, but the survey uses choice lists."
    ]


def test_not_a_workbook():
    assert _problems(b"PK\x03\x04 not really a zip") == [
        "The file is not an Excel workbook (.xlsx)."
    ]


def test_bad_relevance_expression():
    survey = good_survey()
    survey[3][4] = "${Q01} = = 'yes'"
    (message,) = _problems(workbook(survey, good_choices(), SETTINGS))
    assert message.startswith("Sheet “survey”, row 4: The relevance condition “${Q01} = = 'yes'”")


def test_relevance_to_a_later_question():
    survey = good_survey()
    survey[3][4] = "${Q03} > 2"
    assert _problems(workbook(survey, good_choices(), SETTINGS)) == [
        (
            "Sheet “survey”, row 4: The relevance condition refers to “Q03”, "
            "which is not an earlier criterion."
        )
    ]


def test_unknown_type():
    survey = good_survey()
    survey[4][0] = "integr"
    assert _problems(workbook(survey, good_choices(), SETTINGS)) == [
        "Sheet “survey”, row 5: Unknown type “integr”."
    ]


def test_duplicate_names():
    survey = good_survey()
    survey[4][1] = "Q01"
    choices = [*good_choices(), ["courtesy", "good", "جيّد", "Bon", "1"]]
    assert _problems(workbook(survey, choices, SETTINGS)) == [
        "Sheet “choices”, row 6: The name “good” is already used in row 4.",
        "Sheet “survey”, row 5: The name “Q01” is already used in row 3.",
    ]


def test_choice_list_that_does_not_exist():
    survey = good_survey()
    survey[3][0] = "select_one politeness"
    assert _problems(workbook(survey, good_choices(), SETTINGS)) == [
        "Sheet “survey”, row 4: The choice list “politeness” does not exist in the sheet “choices”."
    ]


def test_weights_that_are_not_numbers():
    survey = good_survey()
    survey[1][5] = "heavy"
    survey[3][5] = "1,5x"
    choices = good_choices()
    choices[3][4] = "high"
    assert _problems(workbook(survey, choices, SETTINGS)) == [
        "Sheet “choices”, row 4: The column “raqib_score” must be a number, not “high”.",
        "Sheet “survey”, row 2: The column “raqib_weight” must be a number, not “heavy”.",
        "Sheet “survey”, row 4: The column “raqib_weight” must be a number, not “1,5x”.",
    ]


def test_unsupported_constructs_get_one_message_each():
    survey = [
        SURVEY_HEADER,
        ["begin group", "g", "مجموعة", "Groupe", "", ""],
        ["text", "t1", "نص", "Texte", "", ""],
        ["calculate", "c1", "", "", "", ""],
        ["begin repeat", "r", "تكرار", "Répétition", "", ""],
        ["text", "inside", "نص", "Texte", "", ""],
        ["end repeat", "", "", "", "", ""],
        ["geopoint", "where", "أين", "Où", "", ""],
        ["end group", "", "", "", "", ""],
    ]
    assert _problems(workbook(survey, [CHOICES_HEADER], SETTINGS)) == [
        "Sheet “survey”, row 4: The type “calculate” is not supported by evaluation grids.",
        "Sheet “survey”, row 5: Repeat groups are not supported by evaluation grids.",
        "Sheet “survey”, row 8: The type “geopoint” is not supported by evaluation grids.",
    ]


def test_bad_bands_and_unit():
    survey = [[*SURVEY_HEADER, "raqib_bands", "raqib_unit"]]
    survey += [[*row, "", ""] for row in good_survey()[1:]]
    survey[4][6:8] = ["10:1;5:0.5", "hours"]
    messages = _problems(workbook(survey, good_choices(), SETTINGS))
    assert messages == ["Sheet “survey”, row 5: Unknown unit “hours”."]
    survey[4][7] = "rings"
    assert _problems(workbook(survey, good_choices(), SETTINGS)) == [
        "Sheet “survey”, row 5: Score bands must be in increasing order of their maximum."
    ]


def test_dry_run_creates_nothing_and_arabic_messages():
    result = xlsform_import(
        actor=None,
        data=workbook(good_survey(), good_choices(), SETTINGS),
        filename="small.xlsx",
        dry_run=True,
    )
    assert result.ok
    assert result.version is None
    assert not Grid.objects.exists()
    survey = good_survey()
    survey[4][0] = "integr"
    with translation.override("ar"):
        result = xlsform_check(workbook(survey, good_choices(), SETTINGS), "x.xlsx")
        assert "5" in str(result.problems[0])


def test_import_next_version_of_existing_grid_refused_while_a_draft_exists():
    data = workbook(good_survey(), good_choices(), SETTINGS)
    first = xlsform_import(actor=None, data=data, filename="small.xlsx")
    assert first.ok
    assert first.version.status == "draft"
    second = xlsform_import(actor=None, data=data, filename="small.xlsx")
    assert not second.ok
    assert "already has a draft" in str(second.problems[0])
    assert GridVersion.objects.count() == 1


def test_other_language_labels_and_booleans_from_excel():
    # Kobo forms are often in English only; Excel may store TRUE/FALSE and numbers as such.
    survey = [
        [
            "type",
            "name",
            "label::English (en)",
            "required",
            "raqib_critical",
            "raqib_weight",
            "parameters",
        ],
        ["begin group", "g", "Group", None, None, 2, None],
        ["select_one yesno", "q1", "Paid?", True, "yes", 3, None],
        ["range", "q2", "Rate", False, None, None, "start=0 end=10"],
        ["end group", None, None, None, None, None, None],
    ]
    choices = [
        ["list_name", "name", "label::English (en)"],
        ["yesno", "no", "No"],
        ["yesno", "yes", "Yes"],
    ]
    result = xlsform_check(workbook(survey, choices, [["form_id"], ["EN_FORM"]]), "en.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    (section,) = result.snapshot["sections"]
    assert (section["label"], section["weight"]) == ({"ar": "Group", "fr": "Group"}, 2.0)
    q1, q2 = section["criteria"]
    assert (q1["type"], q1["required"], q1["critical"], q1["weight"]) == ("yes_no", True, True, 3.0)
    assert (q2["type"], q2["required"], q2["scale"]) == ("scale", False, {"min": 0, "max": 10})
    assert result.snapshot["grid"]["code"] == "EN_FORM"


def test_texts_starting_with_equals_stay_texts_through_xlsform():
    """openpyxl writes "=…" as a formula: Excel would run it and re-import would lose it."""
    version = make_draft()
    criterion = version.criteria.get(code="Q01")
    services.criterion_update(
        actor=None,
        criterion=criterion,
        label_fr='=HYPERLINK("https://evil.example","Q")',
        reference="=1+1",
    )
    version = services.grid_version_publish(actor=None, version=version)
    data = xlsform_export(version.snapshot)
    result = xlsform_check(data, "t.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert result.content_hash == version.content_hash
