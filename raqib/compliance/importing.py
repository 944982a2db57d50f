"""Import a referential from an XLSX workbook in the export's layout (exporting.py), all or
nothing: every row is checked first, each problem reported with its spreadsheet row, and only
a file without any problem creates the new draft referential (through the services)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from raqib.core import uploads
from raqib.grids.models import Criterion, GridVersion

from . import services
from .models import Referential

MAX_ROWS = 500
COLUMNS = 8  # chapter, chapter ar, chapter fr, code, text ar, text fr, placeholder, criteria
YES = {"yes", "oui", "نعم", "1", "true", "x"}
NO = {"", "no", "non", "لا", "0", "false"}
MAPPED = re.compile(r"(?P<grid>[A-Za-z0-9_.-]+) v(?P<number>\d+):(?P<code>[A-Za-z0-9_.-]+)")


@dataclass
class Row:
    line: int
    chapter: int
    chapter_ar: str
    chapter_fr: str
    code: str
    text_ar: str
    text_fr: str
    placeholder: bool
    mapped: list[tuple[GridVersion, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(content: bytes) -> list[list[str]]:
    limit = settings.RAQIB_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(limit)}
        )
    if content[:4] != b"PK\x03\x04" or not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(_("The file is not an Excel workbook (XLSX)."))
    if uploads.xlsx_inflates_too_much(content):
        raise ValidationError(_("The workbook is too large once uncompressed."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ValidationError(_("The file is not a valid XLSX workbook.")) from None
    try:
        lines: list[list[str]] = []
        for values in workbook.worksheets[0].iter_rows(values_only=True, max_col=COLUMNS):
            lines.append([_text(v) for v in values] + [""] * (COLUMNS - len(values)))
            if len(lines) > MAX_ROWS + 1:
                raise ValidationError(
                    _("The file has more than %(n)s requirements.") % {"n": MAX_ROWS}
                )
    finally:
        workbook.close()
    return lines[1:]  # the first row holds the headings


def _check(number: int, cells: list[str], seen: set[str], errors: list[str]) -> Row | None:
    chapter, chapter_ar, chapter_fr, code, text_ar, text_fr, flag, mapped = cells[:COLUMNS]
    problems = []
    if not chapter.isdigit() or not 1 <= int(chapter) <= 99:
        problems.append(_("the chapter must be a number from 1 to 99"))
    if not code or len(code) > 30:
        problems.append(_("the reference code is missing or longer than 30 characters"))
    elif code in seen:
        problems.append(_("the reference code %(code)s appears twice") % {"code": code})
    if not (chapter_ar and chapter_fr and text_ar and text_fr):
        problems.append(_("the chapter and the requirement need their Arabic and French texts"))
    if flag.lower() not in YES | NO:
        problems.append(_("“to be completed” must be yes or no"))
    found: list[tuple[GridVersion, str]] = []
    leftover = MAPPED.sub("", mapped).strip()
    if leftover:
        problems.append(
            _("the mapped criterion %(token)s is not in any grid version") % {"token": leftover}
        )
    for match in MAPPED.finditer(mapped):
        token = match.group(0)
        version = GridVersion.objects.filter(
            grid__code=match["grid"], number=int(match["number"])
        ).first()
        if (
            version is None
            or not Criterion.objects.filter(version=version, code=match["code"]).exists()
        ):
            problems.append(
                _("the mapped criterion %(token)s is not in any grid version") % {"token": token}
            )
        else:
            found.append((version, match["code"]))
    seen.add(code)
    if problems:
        errors.append(
            _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
        )
        return None
    return Row(
        number,
        int(chapter),
        chapter_ar,
        chapter_fr,
        code,
        text_ar,
        text_fr,
        flag.lower() in YES,
        found,
    )


@transaction.atomic
def referential_import(
    *, actor: Any, code: str, edition: int, title_ar: str, title_fr: str, content: bytes
) -> Referential:
    """A new draft referential from the workbook; ValidationError (every row's problems,
    nothing created) otherwise."""
    if Referential.objects.filter(code=code, edition=edition).exists():
        raise ValidationError(_("This referential and edition already exist."))
    errors: list[str] = []
    rows: list[Row] = []
    seen: set[str] = set()
    lines = _rows(content)
    for number, cells in enumerate(lines, start=2):
        if not any(cells):
            continue
        row = _check(number, cells, seen, errors)
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        raise ValidationError(_("The file has no requirement."))
    if errors:
        raise ValidationError(errors)
    referential = services.referential_create(
        actor=actor, code=code, edition=edition, title_ar=title_ar, title_fr=title_fr
    )
    chapters: dict[int, Any] = {}
    for position, row in enumerate(rows, start=1):
        if row.chapter not in chapters:
            chapters[row.chapter] = services.chapter_create(
                actor=actor,
                referential=referential,
                number=row.chapter,
                title_ar=row.chapter_ar,
                title_fr=row.chapter_fr,
            )
        requirement = services.requirement_create(
            actor=actor,
            chapter=chapters[row.chapter],
            code=row.code,
            text_ar=row.text_ar,
            text_fr=row.text_fr,
            placeholder=row.placeholder,
            position=position,
        )
        for version, criterion in row.mapped:
            services.requirement_map(
                actor=actor, requirement=requirement, grid_version=version, criterion_code=criterion
            )
    return referential
