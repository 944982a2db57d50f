"""The referential as an XLSX workbook: one row per requirement (chapter, code, texts,
placeholder flag, mapped criteria as "GRID vN:CODE")."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from raqib.core.spreadsheets import table_xlsx

from .models import Referential
from .scoping import referential_requirements


def referential_xlsx(*, referential: Referential) -> bytes:
    headers = [
        _("Chapter"),
        _("Chapter title (Arabic)"),
        _("Chapter title (French)"),
        _("Reference code"),
        _("Requirement (Arabic)"),
        _("Requirement (French)"),
        _("To be completed by the department"),
        _("Mapped criteria"),
    ]
    rows = []
    for requirement in referential_requirements(referential=referential):
        chapter = requirement.chapter
        mapped = sorted(
            f"{m.grid_version.grid.code} v{m.grid_version.number}:{m.criterion_code}"
            for m in requirement.mappings.all()
        )
        rows.append(
            [
                str(chapter.number),
                chapter.title_ar,
                chapter.title_fr,
                requirement.code,
                requirement.text_ar,
                requirement.text_fr,
                _("yes") if requirement.placeholder else _("no"),
                " ".join(mapped),
            ]
        )
    rtl = get_language() == "ar"
    return table_xlsx(headers, rows, title=str(referential), right_to_left=rtl)
