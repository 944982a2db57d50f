"""XLSForm vocabulary: sheets, columns, types, and the Raqib extension columns.

Documented for authors in docs/xlsform.md. Extension columns start with `raqib_` so that
KoboToolbox and ODK ignore them, and a form authored for them imports with defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"

LANGUAGE_HEADERS = {"ar": "Arabic (ar)", "fr": "French (fr)"}
LANGUAGE_NAMES = {
    "ar": "ar",
    "arabic": "ar",
    "arabe": "ar",
    "العربية": "ar",
    "fr": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "الفرنسية": "fr",
}

# Survey sheet, in export order.
SURVEY_COLUMNS = [
    "type",
    "name",
    "label::Arabic (ar)",
    "label::French (fr)",
    "hint::Arabic (ar)",
    "hint::French (fr)",
    "required",
    "relevant",
    "parameters",
    "raqib_weight",
    "raqib_unit",
    "raqib_bands",
    "raqib_negative",
    "raqib_critical",
    "raqib_photo_when",
    "raqib_reference",
]
CHOICES_COLUMNS = ["list_name", "name", "label::Arabic (ar)", "label::French (fr)", "raqib_score"]
SETTINGS_COLUMNS = [
    "form_title",
    "form_id",
    "default_language",
    "raqib_kind",
    "raqib_channel",
    "raqib_title_ar",
    "raqib_title_fr",
    "raqib_description_ar",
    "raqib_description_fr",
    "raqib_threshold",
    "raqib_critical_cap",
]

# XLSForm type → Raqib answer type (select types and range are handled apart).
SIMPLE_TYPES = {
    "integer": "number",
    "int": "number",
    "decimal": "number",
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "text": "text",
    "string": "text",
    "image": "photo",
    "photo": "photo",
}
# Metadata the observer app records by itself: skipped silently.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "simserial",
    "subscriberid",
    "audit",
    "start-geopoint",
    "instanceid",
}
# Valid XLSForm that a grid cannot represent: refused, one message each.
UNSUPPORTED_TYPES = {
    "calculate",
    "hidden",
    "acknowledge",
    "trigger",
    "geopoint",
    "geotrace",
    "geoshape",
    "audio",
    "video",
    "file",
    "barcode",
    "rank",
    "xml-external",
    "csv-external",
    "background-audio",
    "background-geopoint",
    "select_one_from_file",
    "select_multiple_from_file",
    "begin repeat",
    "end repeat",
    "begin_repeat",
    "end_repeat",
    "begin loop",
    "end loop",
}
TRUE_WORDS = {"yes", "true", "true()", "1", "oui", "نعم"}
FALSE_WORDS = {"", "no", "false", "false()", "0", "non", "لا"}
YES_NO_SETS = {frozenset({"yes", "no"}): "yes_no", frozenset({"yes", "no", "na"}): "yes_no_na"}
YES_NO_LABELS = {
    "yes": {"ar": "نعم", "fr": "Oui"},
    "no": {"ar": "لا", "fr": "Non"},
    "na": {"ar": "لا ينطبق", "fr": "Sans objet"},
}

_LANG_CODE_RE = re.compile(r"\(([A-Za-z]{2,3})\)\s*$")


def split_header(header: str) -> tuple[str, str | None]:
    """'label::Arabic (ar)' → ('label', 'ar'); 'label' → ('label', None); other → (base, '?')."""
    text = " ".join(str(header).split())
    if "::" not in text:
        return text.lower(), None
    base, language = text.split("::", 1)
    match = _LANG_CODE_RE.search(language)
    code = match.group(1).lower() if match else LANGUAGE_NAMES.get(language.strip().lower())
    return base.strip().lower(), code or language.strip()


@dataclass(frozen=True)
class ImportProblem:
    """One error in a workbook; `row` is the spreadsheet row number (1 = header)."""

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }
