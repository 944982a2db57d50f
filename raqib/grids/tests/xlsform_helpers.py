"""Build small XLSForm workbooks in tests (openpyxl), so each malformed case is visible."""

from __future__ import annotations

import io

from openpyxl import Workbook

SURVEY_HEADER = [
    "type",
    "name",
    "label::Arabic (ar)",
    "label::French (fr)",
    "relevant",
    "raqib_weight",
]
CHOICES_HEADER = ["list_name", "name", "label::Arabic (ar)", "label::French (fr)", "raqib_score"]
SETTINGS = [["form_title", "form_id", "raqib_channel"], ["شبكة", "SMALL", "phone"]]


def good_survey() -> list[list[str]]:
    return [
        SURVEY_HEADER,
        ["begin group", "reception", "الاستقبال", "Accueil", "", "2"],
        ["select_one yes_no", "Q01", "هل ردّ أحد؟", "Quelqu'un a-t-il répondu ?", "", ""],
        ["select_one courtesy", "Q02", "اللياقة", "Courtoisie", "${Q01} = 'yes'", "1.5"],
        ["integer", "Q03", "عدد الرنّات", "Sonneries", "", ""],
        ["end group", "", "", "", "", ""],
    ]


def good_choices() -> list[list[str]]:
    return [
        CHOICES_HEADER,
        ["yes_no", "yes", "نعم", "Oui", ""],
        ["yes_no", "no", "لا", "Non", ""],
        ["courtesy", "good", "جيّد", "Bon", "1"],
        ["courtesy", "bad", "سيّئ", "Mauvais", "0"],
    ]


def workbook(
    survey: list[list[str]] | None = None,
    choices: list[list[str]] | None = None,
    settings: list[list[str]] | None = None,
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
