"""Write a grid snapshot as an XLSForm workbook, and as an ODK XForm through pyxform."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

import raqib.grids.xlsform.columns as col


def _fmt(value: float | int | None) -> str | float | int:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _bands_text(bands: list[dict[str, Any]] | None) -> str:
    if not bands:
        return ""
    return ";".join(
        f"{'' if b['max'] is None else _fmt(b['max'])}:{_fmt(b['score'])}" for b in bands
    )


def _yes_no_list_names(snapshot: dict[str, Any]) -> dict[str, str]:
    """Names for the generated yes/no lists, avoiding any list the grid already has."""
    taken = set(snapshot.get("choice_lists", {}))
    names = {}
    for answer_type in ("yes_no", "yes_no_na"):
        name = answer_type
        while name in taken:
            name = f"raqib_{name}"
        names[answer_type] = name
    return names


def _survey_rows(snapshot: dict[str, Any], yes_no: dict[str, str]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for section in snapshot["sections"]:
        row: dict[str, Any] = dict.fromkeys(col.SURVEY_COLUMNS, "")
        row.update(
            {
                "type": "begin group",
                "name": section["code"],
                "label::Arabic (ar)": section["label"]["ar"],
                "label::French (fr)": section["label"]["fr"],
                "raqib_weight": _fmt(section["weight"]),
            }
        )
        rows.append(list(row.values()))
        for c in section["criteria"]:
            answer_type = c["type"]
            xls_type = {
                "yes_no": f"select_one {yes_no['yes_no']}",
                "yes_no_na": f"select_one {yes_no['yes_no_na']}",
                "scale": "range",
                "number": "decimal",
                "single_choice": f"select_one {c['choices']}",
                "multiple_choice": f"select_multiple {c['choices']}",
                "datetime": "dateTime",
                "text": "text",
                "photo": "image",
            }[answer_type]
            scale = c.get("scale") or {}
            evidence = c.get("evidence") or {}
            row = dict.fromkeys(col.SURVEY_COLUMNS, "")
            row.update(
                {
                    "type": xls_type,
                    "name": c["code"],
                    "label::Arabic (ar)": c["label"]["ar"],
                    "label::French (fr)": c["label"]["fr"],
                    "hint::Arabic (ar)": c["guidance"]["ar"],
                    "hint::French (fr)": c["guidance"]["fr"],
                    "required": "yes" if c["required"] else "",
                    "relevant": c.get("relevant") or "",
                    "parameters": (
                        f"start={scale['min']} end={scale['max']} step=1" if scale else ""
                    ),
                    "raqib_weight": _fmt(c["weight"]),
                    "raqib_unit": c.get("unit") or "",
                    "raqib_bands": _bands_text(c.get("bands")),
                    "raqib_negative": "yes" if c.get("negative") else "",
                    "raqib_critical": "yes" if c.get("critical") else "",
                    "raqib_photo_when": " ".join(evidence.get("photo_required_when") or []),
                    "raqib_reference": c.get("reference") or "",
                }
            )
            rows.append(list(row.values()))
        rows.append(["end group"] + [""] * (len(col.SURVEY_COLUMNS) - 1))
    return rows


def _choice_rows(snapshot: dict[str, Any], yes_no: dict[str, str]) -> list[list[Any]]:
    used = {c["type"] for s in snapshot["sections"] for c in s["criteria"] if c["type"] in yes_no}
    rows: list[list[Any]] = []
    for answer_type in ("yes_no", "yes_no_na"):
        if answer_type not in used:
            continue
        for name in ("yes", "no", "na") if answer_type == "yes_no_na" else ("yes", "no"):
            label = col.YES_NO_LABELS[name]
            rows.append([yes_no[answer_type], name, label["ar"], label["fr"], ""])
    for list_name in sorted(snapshot.get("choice_lists", {})):
        for choice in snapshot["choice_lists"][list_name]:
            rows.append(
                [
                    list_name,
                    choice["name"],
                    choice["label"]["ar"],
                    choice["label"]["fr"],
                    _fmt(choice.get("score")),
                ]
            )
    return rows


def _settings_row(snapshot: dict[str, Any]) -> list[Any]:
    grid, settings = snapshot["grid"], snapshot["settings"]
    return [
        grid["title"]["ar"],
        grid["code"],
        col.LANGUAGE_HEADERS["ar"],
        grid["kind"],
        grid["channel"],
        grid["title"]["ar"],
        grid["title"]["fr"],
        grid["description"]["ar"],
        grid["description"]["fr"],
        _fmt(settings["conformity_threshold"]),
        _fmt(settings.get("critical_cap")),
    ]


def xlsform_export(snapshot: dict[str, Any]) -> bytes:
    """The XLSForm workbook (.xlsx bytes) of a snapshot; importing it gives the same hash."""
    yes_no = _yes_no_list_names(snapshot)
    workbook = Workbook()
    sheets = [
        ("survey", col.SURVEY_COLUMNS, _survey_rows(snapshot, yes_no)),
        ("choices", col.CHOICES_COLUMNS, _choice_rows(snapshot, yes_no)),
        ("settings", col.SETTINGS_COLUMNS, [_settings_row(snapshot)]),
    ]
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title)
        # Left-to-right sheets: codes and expressions read wrongly in a right-to-left grid.
        sheet.sheet_view.rightToLeft = False
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                # openpyxl makes a text starting with "=" a formula: a label such as
                # "= 5 minutes" would be computed by Excel and lost on re-import.
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xform_export(snapshot: dict[str, Any]) -> str:
    """The ODK XForm (XML text) of a snapshot, converted by pyxform from our XLSForm."""
    from pyxform.xls2xform import convert

    result = convert(
        xlsform=xlsform_export(snapshot),
        file_type=".xlsx",
        form_name="data",
        pretty_print=True,
        warnings=[],
    )
    return str(result.xform)
