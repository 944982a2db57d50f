"""Read an XLSForm workbook into a grid snapshot, collecting every problem with its row.

Our own pass (openpyxl) keeps the row numbers that pyxform's JSON loses; pyxform then checks
the workbook as ODK would (see importer.py). Nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

import raqib.grids.xlsform.columns as col
from raqib.core import uploads

from ..models import GridChannel, GridKind, Unit
from ..snapshot import SCHEMA, num
from ..validation import CHOICE_NAME_RE, CODE_RE
from .columns import CHOICES, SETTINGS, SURVEY, ImportProblem

MAX_ROWS = 5000
_PARAM_RE = re.compile(r"(\w+)\s*=\s*([^\s,;]+)")


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, dict[tuple[str, str | None], str]]]


@dataclass
class ReadResult:
    snapshot: dict[str, Any] | None
    problems: list[ImportProblem] = field(default_factory=list)
    # Element code (criterion, section, choice list) → (sheet, row), to place later problems.
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _load_sheets(data: bytes) -> tuple[dict[str, _Sheet], list[ImportProblem]]:
    if uploads.xlsx_inflates_too_much(data):
        return {}, [ImportProblem("", None, _("The workbook is too large once uncompressed."))]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return {}, [ImportProblem("", None, _("The file is not an Excel workbook (.xlsx)."))]
    sheets: dict[str, _Sheet] = {}
    problems: list[ImportProblem] = []
    for worksheet in workbook.worksheets:
        name = worksheet.title.strip().lower()
        if name not in (SURVEY, CHOICES, SETTINGS):
            continue
        rows_iter = worksheet.iter_rows(values_only=True)
        header_row = next(rows_iter, None) or ()
        headers = [col.split_header(_text(h)) if _text(h) else None for h in header_row]
        rows = []
        for number, values in enumerate(rows_iter, start=2):
            if number > MAX_ROWS:
                problems.append(
                    ImportProblem(
                        name, None, _("The sheet has more than %(n)s rows.") % {"n": MAX_ROWS}
                    )
                )
                break
            cells: dict[tuple[str, str | None], str] = {}
            for header, value in zip(headers, values, strict=False):
                if header is not None and _text(value):
                    cells[header] = _text(value)
            if cells:
                rows.append((number, cells))
        sheets[name] = _Sheet(name, rows)
    workbook.close()
    return sheets, problems


def _get(cells: dict[tuple[str, str | None], str], base: str) -> str:
    return cells.get((base, None), "")


def _bilingual(cells: dict[tuple[str, str | None], str], base: str) -> dict[str, str]:
    """{'ar', 'fr'}: each language falls back to the plain column, then to the other one."""
    ar, fr = cells.get((base, "ar"), ""), cells.get((base, "fr"), "")
    other = next(
        (
            v
            for (b, lang), v in sorted(cells.items(), key=str)
            if b == base and lang not in ("ar", "fr")
        ),
        "",
    )
    plain = cells.get((base, None), "") or other
    return {"ar": ar or plain or fr, "fr": fr or plain or ar}


OTHER_LABEL = {"ar": "أخرى", "fr": "Autre"}


def _guidance(cells: dict[tuple[str, str | None], str]) -> dict[str, str]:
    """The observer's guidance: `hint`, else ODK's `guidance_hint` (shown on demand there)."""
    hint = _bilingual(cells, "hint")
    return hint if hint["ar"] else _bilingual(cells, "guidance_hint")


class _Reader:
    def __init__(self, sheets: dict[str, _Sheet], filename: str) -> None:
        self.sheets = sheets
        self.filename = filename
        self.problems: list[ImportProblem] = []
        self.locations: dict[str, tuple[str, int | None]] = {}

    def problem(self, sheet: str, row: int | None, message: str) -> None:
        self.problems.append(ImportProblem(sheet, row, message))

    # --- cell parsers ----------------------------------------------------------------------

    def number(
        self, sheet: str, row: int, column: str, text: str, default: float | None
    ) -> float | None:
        if text == "":
            return default
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.problem(
                sheet,
                row,
                _("The column “%(column)s” must be a number, not “%(value)s”.")
                % {"column": column, "value": text},
            )
            return default
        if value < 0:
            self.problem(
                sheet, row, _("The column “%(column)s” must not be negative.") % {"column": column}
            )
        return value

    def boolean(self, row: int, column: str, text: str) -> bool:
        lowered = text.lower()
        if lowered in col.TRUE_WORDS:
            return True
        if lowered not in col.FALSE_WORDS:
            self.problem(
                SURVEY,
                row,
                _("The column “%(column)s” must be yes or no, not “%(value)s”.")
                % {"column": column, "value": text},
            )
        return False

    def bands(self, row: int, text: str) -> list[dict[str, Any]] | None:
        if not text:
            return None
        bands: list[dict[str, Any]] = []
        try:
            for part in (p.strip() for p in text.split(";")):
                if not part:
                    continue
                upper, score = part.split(":")
                bands.append(
                    {
                        "max": num(upper.strip().replace(",", ".")) if upper.strip() else None,
                        "score": float(score.strip().replace(",", ".")),
                    }
                )
        except ValueError:
            self.problem(
                SURVEY,
                row,
                _("The score bands “%(value)s” cannot be read: write them like 10:1;20:0.5;:0.")
                % {"value": text},
            )
            return None
        return bands or None

    def name(
        self, sheet: str, row: int, name: str, seen: dict[str, int], pattern: Any = None
    ) -> bool:
        if not name:
            self.problem(sheet, row, _("The name is empty."))
            return False
        if not (pattern or CODE_RE).match(name):
            self.problem(
                sheet,
                row,
                _("The name “%(name)s” is not valid: use letters, digits and “_”.")
                % {"name": name},
            )
            return False
        if name in seen:
            self.problem(
                sheet,
                row,
                _("The name “%(name)s” is already used in row %(row)s.")
                % {"name": name, "row": seen[name]},
            )
            return False
        seen[name] = row
        return True

    # --- sheets ---------------------------------------------------------------------------

    def choices(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        seen: dict[str, dict[str, int]] = {}
        for row, cells in self.sheets[CHOICES].rows if CHOICES in self.sheets else []:
            list_name = _get(cells, "list_name") or _get(cells, "list name")
            name = _get(cells, "name")
            if not list_name:
                self.problem(CHOICES, row, _("The list name is empty."))
                continue
            if not self.name(
                CHOICES, row, name, seen.setdefault(list_name, {}), pattern=CHOICE_NAME_RE
            ):
                continue
            score_text = _get(cells, "raqib_score")
            score = self.number(CHOICES, row, "raqib_score", score_text, None)
            if score is not None and score > 1:
                self.problem(CHOICES, row, _("The column “raqib_score” must be between 0 and 1."))
            self.locations.setdefault(list_name, (CHOICES, row))
            label = _bilingual(cells, "label")
            if not label["ar"]:
                label = {"ar": name, "fr": name}
            lists.setdefault(list_name, []).append({"name": name, "label": label, "score": score})
        return lists

    def settings(self) -> tuple[dict[str, Any], dict[str, Any]]:
        rows = self.sheets[SETTINGS].rows if SETTINGS in self.sheets else []
        row, cells = rows[0] if rows else (2, {})
        code = _get(cells, "form_id") or re.sub(
            r"[^A-Za-z0-9_.-]", "_", self.filename.rsplit(".", 1)[0]
        )
        if not CODE_RE.match(code or ""):
            code = f"_{code}"
        self.locations[""] = (SETTINGS, row)
        kind = _get(cells, "raqib_kind") or GridKind.EVALUATION
        if kind not in GridKind.values:
            self.problem(SETTINGS, row, _("Unknown grid kind “%(value)s”.") % {"value": kind})
        channel = _get(cells, "raqib_channel") or GridChannel.IN_PERSON
        if channel not in GridChannel.values:
            self.problem(SETTINGS, row, _("Unknown channel “%(value)s”.") % {"value": channel})
        title = _get(cells, "form_title") or code
        cap = self.number(
            SETTINGS, row, "raqib_critical_cap", _get(cells, "raqib_critical_cap"), None
        )
        threshold = self.number(
            SETTINGS, row, "raqib_threshold", _get(cells, "raqib_threshold"), 7.0
        )
        grid = {
            "code": code,
            "kind": kind,
            "channel": channel,
            "title": {
                "ar": _get(cells, "raqib_title_ar") or title,
                "fr": _get(cells, "raqib_title_fr") or title,
            },
            "description": {
                "ar": _get(cells, "raqib_description_ar"),
                "fr": _get(cells, "raqib_description_fr"),
            },
        }
        return grid, {"conformity_threshold": threshold, "critical_cap": cap}

    def survey(self, lists: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:  # noqa: C901
        # One state machine over the survey sheet (groups, repeats, lists): left whole for now.
        sections: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        by_code: dict[str, dict[str, Any]] = {}
        # Groups inside groups (KoboToolbox's form builder makes them) are flattened: each
        # group's own questions make one section, coded by the path of group names joined with
        # "." and labelled with their labels joined with " — " (docs/xlsform.md).
        stack: list[dict[str, Any]] = []
        names: dict[str, int] = {}
        repeat = 0
        uses_lists = False
        for row, cells in self.sheets[SURVEY].rows:
            raw = " ".join(_get(cells, "type").split())
            kind = raw.lower()
            if repeat:
                repeat += {
                    "begin repeat": 1,
                    "begin_repeat": 1,
                    "end repeat": -1,
                    "end_repeat": -1,
                }.get(kind, 0)
                continue
            if not raw:
                self.problem(SURVEY, row, _("The type is empty."))
                continue
            if kind in ("begin group", "begin_group"):
                name = _get(cells, "name")
                self.name(SURVEY, row, name, names)
                if _get(cells, "relevant"):
                    self.problem(
                        SURVEY,
                        row,
                        _(
                            "A relevance condition on a group is not supported: "
                            "put it on each question."
                        ),
                    )
                label = _bilingual(cells, "label")
                stack.append(
                    {
                        "name": name,
                        "row": row,
                        "label": label if label["ar"] else {"ar": name, "fr": name},
                        "weight": self.number(
                            SURVEY, row, "raqib_weight", _get(cells, "raqib_weight"), 1.0
                        ),
                    }
                )
                current = None
                continue
            if kind in ("end group", "end_group"):
                if stack:
                    stack.pop()
                current = None
                continue
            if kind in ("begin repeat", "begin_repeat"):
                self.problem(SURVEY, row, _("Repeat groups are not supported by evaluation grids."))
                repeat = 1
                continue
            if kind in col.METADATA_TYPES or kind == "note":
                continue
            first, _sep, rest = raw.partition(" ")
            criterion_type: str | None = None
            list_name = None
            if first.lower() in ("select_one", "select_multiple"):
                list_name = rest.strip()
                # "select_one likert or_other": the list gains an unscored "other" choice.
                if list_name.lower().endswith(" or_other"):
                    list_name = list_name[: -len(" or_other")].strip()
                    if list_name in lists and not any(
                        c["name"] == "other" for c in lists[list_name]
                    ):
                        lists[list_name].append(
                            {"name": "other", "label": dict(OTHER_LABEL), "score": None}
                        )
                if not list_name or " " in list_name:
                    self.problem(
                        SURVEY,
                        row,
                        _("The type “%(type)s” must name one choice list.") % {"type": raw},
                    )
                    continue
                uses_lists = True
                if CHOICES in self.sheets and list_name not in lists:
                    self.problem(
                        SURVEY,
                        row,
                        _("The choice list “%(name)s” does not exist in the sheet “choices”.")
                        % {"name": list_name},
                    )
                    continue
                names_in_list = frozenset(c["name"] for c in lists.get(list_name, []))
                if first.lower() == "select_one" and names_in_list in col.YES_NO_SETS:
                    criterion_type, list_name = col.YES_NO_SETS[names_in_list], None
                else:
                    criterion_type = (
                        "single_choice" if first.lower() == "select_one" else "multiple_choice"
                    )
            elif kind == "range":
                criterion_type = "scale"
            elif kind in col.SIMPLE_TYPES:
                criterion_type = col.SIMPLE_TYPES[kind]
            elif kind in col.UNSUPPORTED_TYPES or first.lower() in col.UNSUPPORTED_TYPES:
                self.problem(
                    SURVEY,
                    row,
                    _("The type “%(type)s” is not supported by evaluation grids.") % {"type": raw},
                )
                continue
            else:
                self.problem(SURVEY, row, _("Unknown type “%(type)s”.") % {"type": raw})
                continue
            criterion = self.criterion(row, cells, criterion_type, list_name, names)
            if criterion is None:
                continue
            if current is None:
                current = self.section_for(stack, by_code, sections, row)
            current["criteria"].append(criterion)
        if uses_lists and CHOICES not in self.sheets:
            self.problem(
                CHOICES,
                None,
                _("The sheet “choices” is missing, but the survey uses choice lists."),
            )
        return sections

    def section_for(
        self,
        stack: list[dict[str, Any]],
        by_code: dict[str, dict[str, Any]],
        sections: list[dict[str, Any]],
        row: int,
    ) -> dict[str, Any]:
        """The section of the innermost open group (made on its first question)."""
        if not stack:
            # Questions outside any group (a plain KoboToolbox form) share one section.
            code, label, weight, where = "general", {"ar": "عام", "fr": "Général"}, 1.0, row
        else:
            code = ".".join(frame["name"] for frame in stack)
            label = {
                lang: " — ".join(frame["label"][lang] for frame in stack) for lang in ("ar", "fr")
            }
            weight, where = stack[-1]["weight"], stack[-1]["row"]
        found = by_code.get(code)
        if found is None:
            if len(code) > 64:
                self.problem(
                    SURVEY,
                    where,
                    _("The group path “%(code)s” is longer than 64 characters: shorten names.")
                    % {"code": code},
                )
            found = {"code": code, "label": label, "weight": weight, "criteria": []}
            by_code[code] = found
            self.locations.setdefault(code, (SURVEY, where))
            sections.append(found)
        return found

    def criterion(
        self,
        row: int,
        cells: dict[tuple[str, str | None], str],
        answer_type: str,
        list_name: str | None,
        names: dict[str, int],
    ) -> dict[str, Any] | None:
        code = _get(cells, "name")
        if not self.name(SURVEY, row, code, names):
            return None
        self.locations[code] = (SURVEY, row)
        label = _bilingual(cells, "label")
        if not label["ar"]:
            self.problem(SURVEY, row, _("The question “%(name)s” has no label.") % {"name": code})
        scale = None
        if answer_type == "scale":
            params = dict(_PARAM_RE.findall(_get(cells, "parameters")))
            try:
                scale = {"min": int(params["start"]), "max": int(params["end"])}
                if int(params.get("step", "1")) != 1:
                    raise ValueError
            except (KeyError, ValueError):
                self.problem(
                    SURVEY,
                    row,
                    _("A range needs whole-number parameters, e.g. start=1 end=5 step=1."),
                )
        unit = _get(cells, "raqib_unit")
        if unit not in Unit.values:
            self.problem(SURVEY, row, _("Unknown unit “%(value)s”.") % {"value": unit})
            unit = ""
        photo_when = [p for p in re.split(r"[\s;,]+", _get(cells, "raqib_photo_when")) if p]
        return {
            "code": code,
            "label": label,
            "guidance": _guidance(cells),
            "type": answer_type,
            "weight": self.number(SURVEY, row, "raqib_weight", _get(cells, "raqib_weight"), 1.0),
            "required": self.boolean(row, "required", _get(cells, "required")),
            "relevant": _get(cells, "relevant") or None,
            "negative": self.boolean(row, "raqib_negative", _get(cells, "raqib_negative")),
            "scale": scale,
            "unit": unit,
            "bands": self.bands(row, _get(cells, "raqib_bands")),
            "choices": list_name,
            "critical": self.boolean(row, "raqib_critical", _get(cells, "raqib_critical")),
            "evidence": {"photo_required_when": photo_when} if photo_when else None,
            "reference": _get(cells, "raqib_reference"),
        }


def read_xlsform(data: bytes, filename: str = "grid.xlsx") -> ReadResult:
    """Parse the workbook; the snapshot is None when a problem prevents building it."""
    sheets, problems = _load_sheets(data)
    if problems:
        return ReadResult(None, problems)
    if SURVEY not in sheets:
        return ReadResult(None, [ImportProblem(SURVEY, None, _("The sheet “survey” is missing."))])
    reader = _Reader(sheets, filename)
    lists = reader.choices()
    grid, settings = reader.settings()
    sections = reader.survey(lists)
    used_multi = {c["choices"] for s in sections for c in s["criteria"] if c["choices"]}
    # Yes/no lists become answer types; keep them only if a choice question uses them.
    kept = {
        name: choices
        for name, choices in lists.items()
        if frozenset(c["name"] for c in choices) not in col.YES_NO_SETS or name in used_multi
    }
    snapshot = {
        "schema": SCHEMA,
        "grid": grid,
        "settings": settings,
        "choice_lists": kept,
        "sections": sections,
    }
    return ReadResult(snapshot, reader.problems, reader.locations)
