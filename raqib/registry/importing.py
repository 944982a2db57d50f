"""Import of service points from a CSV or XLSX file: all or nothing, idempotent by code.

Columns (the first row holds their names, in any order; other columns are ignored):

    code             unique code of the point (required); an existing code is updated
    name_ar          name in Arabic (required)
    name_fr          name in French (required)
    body_code        code of the public body (required, must exist)
    category_code    code of the service category (required, must exist)
    governorate_iso  ISO 3166-2 code of the governorate, e.g. TN-11 (may be left empty:
                     it is derived from the delegation, but must match it when given)
    delegation_code  INS code of the delegation, e.g. 1151 (required)
    address          street address
    latitude         decimal degrees, e.g. 36.80650 (with longitude, or both empty)
    longitude        decimal degrees, e.g. 10.18150
    in_person        yes/no (also 1/0, true/false, oui/non, نعم/لا); empty means yes
    opening_hours    free text
    phones           Tunisian numbers, 8 digits, optional +216 or 00216; several separated by ;
    email            e-mail address
    website          web address starting with http:// or https://
    active           yes/no; empty means yes. Changing it deactivates or reactivates the
                     point today.

A cell that starts with an apostrophe followed by = + - @ or another apostrophe loses that
first apostrophe: the export writes it so that spreadsheets never run a name as a formula.

A CSV file must be UTF-8 (with or without the byte-order mark Excel adds); separators
comma or semicolon. Row numbers in messages are spreadsheet rows: the header is row 1.
Any error in any row and nothing is written. Rows identical to the registry are not written
and leave no audit trace, so importing an export of the registry changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.audit.services import audit_event_record
from raqib.core import uploads
from raqib.core.spreadsheets import csv_unescape
from raqib.core.writes import Actor

from . import services
from .models import Delegation, Governorate, PublicBody, ServiceCategory, ServicePoint
from .validators import coordinates_in_tunisia, invalid_phones, normalize_phones
from .validators import validate_web_address as _validate_web_address

COLUMNS = (
    "code",
    "name_ar",
    "name_fr",
    "body_code",
    "category_code",
    "governorate_iso",
    "delegation_code",
    "address",
    "latitude",
    "longitude",
    "in_person",
    "opening_hours",
    "phones",
    "email",
    "website",
    "active",
)
REQUIRED_COLUMNS = ("code", "name_ar", "name_fr", "body_code", "category_code", "delegation_code")
_TRUE = {"yes", "y", "1", "true", "oui", "o", "نعم", "x"}
_FALSE = {"no", "n", "0", "false", "non", "لا"}
# The byte limit alone does not bound the work: a 5 MB XLSX is compressed and can hold
# millions of cells. The national registry has a few thousand points; columns past the
# known ones are ignored anyway.
MAX_ROWS = 50_000
MAX_COLUMNS = 64
_MAX_LENGTHS = {"code": 40, "name_ar": 255, "name_fr": 255, "address": 255, "opening_hours": 255}


class ImportFileError(Exception):
    """The file cannot be read at all (type, encoding, size, header)."""


@dataclass(frozen=True)
class RowError:
    row: int | None
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class RowPlan:
    row: int
    code: str
    name: str
    values: dict[str, Any]
    is_active: bool
    point: ServicePoint | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: list[RowPlan] = field(default_factory=list)
    updated: list[RowPlan] = field(default_factory=list)
    unchanged: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


# --- Reading the file ----------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _header(cells: Iterable[Any]) -> list[str]:
    return [_cell_text(c).strip().lower() for c in cells]


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )


def _bounded(lines: Iterable[list[Any]]) -> list[list[Any]]:
    """The lines of the file, refused past MAX_ROWS data rows (header excluded)."""
    kept: list[list[Any]] = []
    for line in lines:
        if len(kept) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows: split it into several files.")
                % {"count": MAX_ROWS}
            )
        kept.append(line)
    return kept


def _read_csv(content: bytes) -> list[dict[str, str]]:
    try:
        # utf-8-sig drops the byte-order mark Excel writes with "CSV UTF-8".
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not encoded in UTF-8 (it was probably saved as Windows Arabic "
                "or Latin-1). In Excel choose “CSV UTF-8”, or import the XLSX file directly."
            )
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV text file."))
    # The header holds only column names, so the separator it uses most is the file's
    # (French-locale Excel writes ";"). csv.Sniffer guesses wrong when values contain ";".
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = _bounded(line[:MAX_COLUMNS] for line in reader)
    except csv.Error:
        # A value over the csv module's 128 KB limit, or a stray NUL: no registry field is
        # that long, so the file is damaged or is not the table it claims to be.
        raise ImportFileError(
            _("Line %(line)s of the file cannot be read as CSV (a value is far too long).")
            % {"line": reader.line_num}
        ) from None
    if not lines:
        raise ImportFileError(_("The file is empty."))
    header = _header(lines[0])
    _check_header(header)
    return [
        dict(zip(header, (csv_unescape(c.strip()) for c in line), strict=False))
        for line in lines[1:]
    ]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        lines = _bounded(list(r) for r in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        workbook.close()
    if not lines:
        raise ImportFileError(_("The file is empty."))
    header = _header(lines[0])
    _check_header(header)
    return [dict(zip(header, (_cell_text(c) for c in line), strict=False)) for line in lines[1:]]


def read_table(*, content: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of the file as {column: text}; the first data row is spreadsheet row 2."""
    limit = settings.RAQIB_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportFileError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(limit)}
        )
    name = (filename or "").lower()
    is_zip = content[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(content))
    if name.endswith((".xlsx", ".xlsm")) or is_zip:
        kind = filetype.guess(content)
        if not is_zip or (kind is not None and kind.extension not in ("xlsx", "zip")):
            raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook (XLSX)."))
        if uploads.xlsx_inflates_too_much(content):
            raise ImportFileError(_("The workbook is too large once uncompressed."))
        return _read_xlsx(content)
    if name.endswith(".xls"):
        raise ImportFileError(
            _("Old Excel files (.xls) are not accepted: save the file as XLSX or CSV UTF-8.")
        )
    if filetype.guess(content) is not None:
        raise ImportFileError(_("Unsupported file type: upload a CSV (UTF-8) or XLSX file."))
    return _read_csv(content)


# --- Checking the rows ---------------------------------------------------------------------


def _parse_bool(raw: str, default: bool) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def _parse_decimal(raw: str) -> Decimal | None:
    value = raw.strip().replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number.quantize(Decimal("0.00001"))


class _Lookups:
    def __init__(self, codes: list[str]) -> None:
        self.bodies = {b.code: b for b in PublicBody.objects.all()}
        self.categories = {c.code: c for c in ServiceCategory.objects.all()}
        self.governorates = {g.iso_code: g for g in Governorate.objects.all()}
        self.delegations = {
            d.code: d for d in Delegation.objects.select_related("governorate").order_by()
        }
        self.points = {
            p.code: p
            for p in ServicePoint.objects.filter(code__in=codes).select_related(
                "body", "category", "delegation", "governorate"
            )
        }


def _check_sizes(text: dict[str, str], problems: list[str]) -> None:
    for column in REQUIRED_COLUMNS:
        if not text[column]:
            problems.append(_("the column %(column)s is empty") % {"column": column})
    for column, limit in _MAX_LENGTHS.items():
        if len(text[column]) > limit:
            problems.append(
                _("%(column)s is longer than %(limit)s characters")
                % {"column": column, "limit": limit}
            )


def _check_relations(
    text: dict[str, str], lookups: _Lookups, problems: list[str]
) -> dict[str, Any]:
    body = lookups.bodies.get(text["body_code"])
    if text["body_code"] and body is None:
        problems.append(_("unknown public body code %(code)s") % {"code": text["body_code"]})
    category = lookups.categories.get(text["category_code"])
    if text["category_code"] and category is None:
        problems.append(
            _("unknown service category code %(code)s") % {"code": text["category_code"]}
        )
    governorate = None
    if text["governorate_iso"]:
        governorate = lookups.governorates.get(text["governorate_iso"].upper())
        if governorate is None:
            problems.append(
                _("unknown governorate code %(code)s") % {"code": text["governorate_iso"]}
            )
    delegation = lookups.delegations.get(text["delegation_code"])
    if text["delegation_code"] and delegation is None:
        problems.append(_("unknown delegation code %(code)s") % {"code": text["delegation_code"]})
    if (
        delegation is not None
        and governorate is not None
        and delegation.governorate_id != governorate.pk
    ):
        problems.append(
            _("delegation %(delegation)s (%(name)s) is not in governorate %(governorate)s")
            % {
                "delegation": delegation.code,
                "name": delegation.name,
                "governorate": governorate.iso_code,
            }
        )
    return {"body": body, "category": category, "delegation": delegation}


def _check_coordinates(text: dict[str, str], problems: list[str]) -> dict[str, Any]:
    try:
        latitude = _parse_decimal(text["latitude"])
        longitude = _parse_decimal(text["longitude"])
    except ValueError as exc:
        problems.append(_("“%(value)s” is not a number") % {"value": exc.args[0]})
        latitude = longitude = None
    else:
        if (latitude is None) != (longitude is None):
            problems.append(_("give both latitude and longitude, or neither"))
        elif not coordinates_in_tunisia(latitude, longitude):
            problems.append(
                _("the coordinates %(latitude)s, %(longitude)s are outside Tunisia")
                % {"latitude": text["latitude"], "longitude": text["longitude"]}
            )
    return {"latitude": latitude, "longitude": longitude}


def _check_flags(text: dict[str, str], problems: list[str]) -> dict[str, Any]:
    in_person = _parse_bool(text["in_person"], default=True)
    active = _parse_bool(text["active"], default=True)
    for column, parsed in (("in_person", in_person), ("active", active)):
        if parsed is None:
            problems.append(
                _("%(column)s must be yes or no, not “%(value)s”")
                % {"column": column, "value": text[column]}
            )
    return {"in_person": bool(in_person), "is_active": bool(active)}


def _check_contacts(text: dict[str, str], problems: list[str]) -> dict[str, Any]:
    bad_phones = invalid_phones(text["phones"])
    if bad_phones:
        problems.append(_("malformed telephone number “%(value)s”") % {"value": bad_phones[0]})
    if text["email"]:
        try:
            validate_email(text["email"])
        except ValidationError:
            problems.append(_("malformed e-mail address “%(value)s”") % {"value": text["email"]})
    if text["website"]:
        try:
            _validate_web_address(text["website"])
        except ValidationError:
            problems.append(
                _("malformed web address “%(value)s” (it must start with http:// or https://)")
                % {"value": text["website"]}
            )
    return {
        "phones": normalize_phones(text["phones"]),
        "email": text["email"],
        "website": text["website"],
    }


def _check_row(row: Mapping[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], list[str]]:
    """The values for the services, and the problems of this row (messages without prefix)."""
    text = {c: _cell_text(row.get(c)) for c in COLUMNS}
    problems: list[str] = []
    _check_sizes(text, problems)
    values: dict[str, Any] = {
        "code": text["code"],
        "name_ar": text["name_ar"],
        "name_fr": text["name_fr"],
        "address": text["address"],
        "opening_hours": text["opening_hours"],
    }
    values.update(_check_relations(text, lookups, problems))
    values.update(_check_coordinates(text, problems))
    values.update(_check_flags(text, problems))
    values.update(_check_contacts(text, problems))
    return values, problems


def _row_message(row_no: int, problem: str) -> str:
    return _("Row %(row)s: %(problem)s.") % {"row": row_no, "problem": problem}


def _plan(rows: list[Mapping[str, Any]], start_row: int, result: ImportResult) -> list[RowPlan]:
    codes = [_cell_text(r.get("code")) for r in rows]
    lookups = _Lookups([c for c in codes if c])
    seen: dict[str, int] = {}
    plans: list[RowPlan] = []
    for offset, row in enumerate(rows):
        row_no = start_row + offset
        if not any(_cell_text(v) for v in row.values()):
            continue  # blank lines at the end of spreadsheets
        values, problems = _check_row(row, lookups)
        code = values["code"]
        if code in seen:
            problems.insert(
                0,
                _("the code %(code)s already appears in row %(first)s")
                % {"code": code, "first": seen[code]},
            )
        elif code:
            seen[code] = row_no
        if problems:
            result.errors.extend(RowError(row_no, _row_message(row_no, p)) for p in problems)
            continue
        is_active = values.pop("is_active")
        plan = RowPlan(
            row=row_no,
            code=code,
            name=values["name_ar"] or values["name_fr"],
            values=values,
            is_active=is_active,
            point=lookups.points.get(code),
        )
        if plan.point is None:
            candidate = ServicePoint(
                **values, governorate=values["delegation"].governorate, is_active=is_active
            )
            try:
                # Relations and uniqueness were checked above against the preloaded maps.
                candidate.full_clean(
                    exclude=["body", "category", "delegation", "governorate"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    for message in messages:
                        result.errors.append(
                            RowError(row_no, _row_message(row_no, f"{field_name}: {message}"))
                        )
                continue
            result.created.append(plan)
        else:
            plan.changes = services.service_point_changes(service_point=plan.point, **values)
            if plan.point.is_active != is_active:
                plan.changes["is_active"] = [plan.point.is_active, is_active]
            (result.updated if plan.changes else result.unchanged).append(plan)
        plans.append(plan)
    return plans


def service_point_import_rows(
    *,
    actor: Actor,
    rows: Iterable[Mapping[str, Any]],
    dry_run: bool = False,
    start_row: int = 2,
    source: str = "",
    is_demo: bool = False,
) -> ImportResult:
    """Check every row, then create and update points in one transaction (unless dry_run).

    `rows` map column names (see the module docstring) to values, text or native (numbers,
    booleans). Rows are numbered from `start_row` in messages. With any error nothing is
    written and `result.errors` lists every problem found. `is_demo` marks the points it
    creates as synthetic (the demo dataset).
    """
    result = ImportResult(dry_run=dry_run)
    row_list = list(rows)
    _plan(row_list, start_row, result)
    if result.errors or dry_run:
        return result
    today = timezone.localdate()
    try:
        with transaction.atomic():
            for plan in result.created:
                is_active = plan.is_active
                services.service_point_create(
                    actor=actor, **plan.values, is_active=is_active, is_demo=is_demo
                )
            for plan in result.updated:
                point = plan.point
                assert point is not None
                services.service_point_update(actor=actor, service_point=point, **plan.values)
                if point.is_active and not plan.is_active:
                    services.service_point_deactivate(
                        actor=actor,
                        service_point=point,
                        on=today,
                        reason=_("Deactivated by an import"),
                    )
                elif plan.is_active and not point.is_active:
                    services.service_point_reactivate(actor=actor, service_point=point, on=today)
            audit_event_record(
                actor=actor,
                action="service_point.import",
                # Not "registry.service_point": the import is not one point's history.
                object_type="registry.service_point_import",
                object_label=source[:255],
                changes={"extra": {**result.counts, "source": source}},
            )
    except ValidationError as exc:
        # A check the plan missed (e.g. a concurrent change): nothing of the import stays.
        result.errors.append(RowError(None, "; ".join(exc.messages)))
    except IntegrityError:
        # Two confirmations of the same file racing: the second one loses, cleanly.
        result.errors.append(
            RowError(
                None,
                _("The registry changed during the import: nothing was imported. Try again."),
            )
        )
    return result


def service_point_import_file(
    *, actor: Actor, content: bytes, filename: str, dry_run: bool = False
) -> ImportResult:
    """Read a CSV or XLSX file and import it (see the module docstring for the columns)."""
    try:
        rows = read_table(content=content, filename=filename)
    except ImportFileError as exc:
        return ImportResult(dry_run=dry_run, errors=[RowError(None, str(exc))])
    if not rows:
        return ImportResult(dry_run=dry_run, errors=[RowError(None, _("The file has no rows."))])
    return service_point_import_rows(actor=actor, rows=rows, dry_run=dry_run, source=filename)
