from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.registry.importing import COLUMNS, service_point_import_file, service_point_import_rows
from raqib.registry.models import ServicePoint

pytestmark = pytest.mark.django_db


def good_row(**overrides):
    row = {
        "code": "SP-100",
        "name_ar": "مكتب بريد قرطاج",
        "name_fr": "Bureau de poste de Carthage",
        "body_code": "poste",
        "category_code": "courrier",
        "governorate_iso": "TN-11",
        "delegation_code": "1151",
        "address": "Avenue Habib Bourguiba",
        "latitude": "36.85270",
        "longitude": "10.32330",
        "in_person": "yes",
        "opening_hours": "08:00-17:00",
        "phones": "71 123 456; +216 98 765 432",
        "email": "carthage@poste.tn",
        "website": "https://www.poste.tn",
        "active": "yes",
    }
    row.update(overrides)
    return row


def csv_bytes(rows, *, bom=False, encoding="utf-8"):
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(f'"{row.get(c, "")}"' for c in COLUMNS))
    text = "\n".join(lines) + "\n"
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


@pytest.fixture
def refs(body, category):
    return body, category


def test_a_good_file_creates_points_with_one_import_event(refs, coordinator):
    content = csv_bytes([good_row(), good_row(code="SP-101", latitude="", longitude="")])
    result = service_point_import_file(actor=coordinator, content=content, filename="points.csv")
    assert result.ok, result.errors
    assert result.counts == {"created": 2, "updated": 0, "unchanged": 0}
    point = ServicePoint.objects.get(code="SP-100")
    assert point.governorate.iso_code == "TN-11"
    assert point.active_periods.filter(ended_on__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="service_point.create").count() == 2
    event = AuditEvent.objects.get(action="service_point.import")
    assert event.changes["extra"]["created"] == 2


def test_reimport_is_a_no_op_and_changes_are_updates(refs, coordinator):
    content = csv_bytes([good_row()])
    service_point_import_file(actor=coordinator, content=content, filename="a.csv")
    events = AuditEvent.objects.filter(object_type="registry.servicepoint").count()
    again = service_point_import_file(actor=coordinator, content=content, filename="a.csv")
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert AuditEvent.objects.filter(object_type="registry.servicepoint").count() == events
    assert AuditEvent.objects.filter(action="service_point.import").count() == 2
    changed = csv_bytes([good_row(name_fr="Poste de Carthage", active="no")])
    result = service_point_import_file(actor=coordinator, content=changed, filename="a.csv")
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 0}
    point = ServicePoint.objects.get(code="SP-100")
    assert point.name_fr == "Poste de Carthage"
    assert not point.is_active
    assert point.active_periods.get().ended_on is not None


BAD_ROWS = [
    ({"delegation_code": "9999"}, "Row 3: unknown delegation code 9999."),
    ({"governorate_iso": "TN-99"}, "Row 3: unknown governorate code TN-99."),
    ({"governorate_iso": "TN-61"}, "is not in governorate TN-61"),
    ({"body_code": "nobody"}, "unknown public body code nobody"),
    ({"category_code": "nothing"}, "unknown service category code nothing"),
    (
        {"latitude": "48.85", "longitude": "2.35"},
        "Row 3: the coordinates 48.85, 2.35 are outside Tunisia.",
    ),
    ({"latitude": "abc"}, "Row 3: “abc” is not a number."),
    ({"phones": "71 12 34"}, "Row 3: malformed telephone number “71 12 34”."),
    ({"email": "bad@"}, "Row 3: malformed e-mail address “bad@”."),
    ({"website": "www.poste.tn"}, "Row 3: malformed web address “www.poste.tn”"),
    ({"active": "maybe"}, "Row 3: active must be yes or no"),
    ({"name_ar": ""}, "Row 3: the column name_ar is empty."),
    ({"code": "SP-100"}, "Row 3: the code SP-100 already appears in row 2."),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_ROWS, ids=[m for _o, m in BAD_ROWS])
def test_each_bad_row_is_reported_with_its_number_and_nothing_changes(
    refs, coordinator, overrides, message
):
    content = csv_bytes([good_row(), good_row(**{"code": "SP-200", **overrides})])
    with translation.override("en"):
        result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert not result.ok
    assert any(message in str(e) for e in result.errors), result.errors
    assert all(e.row == 3 for e in result.errors)
    assert not ServicePoint.objects.exists()
    assert not AuditEvent.objects.exists()


def test_messages_follow_the_users_language(refs, coordinator):
    content = csv_bytes([good_row(delegation_code="9999")])
    with translation.override("fr"):
        result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert str(result.errors[0]) == "Ligne 2 : code de délégation inconnu 9999."
    with translation.override("ar"):
        result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert "9999" in str(result.errors[0])
    assert "السطر 2" in str(result.errors[0])


def test_an_error_in_the_last_row_rolls_back_everything(refs, coordinator):
    rows = [good_row(code=f"SP-{i}") for i in range(10)] + [good_row(code="X", email="x@")]
    result = service_point_import_file(actor=coordinator, content=csv_bytes(rows), filename="p.csv")
    assert [e.row for e in result.errors] == [12]
    assert not ServicePoint.objects.exists()


def test_csv_with_bom_and_semicolons(refs, coordinator):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow([good_row()[c] for c in COLUMNS])
    content = "\ufeff".encode() + buffer.getvalue().encode()
    result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert result.ok, result.errors
    assert ServicePoint.objects.get().name_ar == "مكتب بريد قرطاج"


def test_non_utf8_file_is_refused_with_a_clear_message(refs, coordinator):
    content = csv_bytes([good_row()], encoding="cp1256")
    with translation.override("en"):
        result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert "not encoded in UTF-8" in str(result.errors[0])
    assert result.errors[0].row is None
    assert not ServicePoint.objects.exists()


def test_fake_xlsx_is_refused(refs, coordinator):
    with translation.override("en"):
        result = service_point_import_file(
            actor=coordinator, content=csv_bytes([good_row()]), filename="p.xlsx"
        )
        assert "not an Excel workbook" in str(result.errors[0])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
        result = service_point_import_file(
            actor=coordinator, content=buffer.getvalue(), filename="p.xlsx"
        )
        assert "not a valid XLSX workbook" in str(result.errors[0])
        result = service_point_import_file(
            actor=coordinator, content=b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", filename="p.csv"
        )
        assert result.errors


def test_missing_columns_and_size_limit(refs, coordinator):
    with translation.override("en"):
        result = service_point_import_file(
            actor=coordinator, content=b"code,name_ar\nA,B\n", filename="p.csv"
        )
        assert "Missing columns: name_fr, body_code" in str(result.errors[0])
        with override_settings(RAQIB_IMPORT_MAX_BYTES=100):
            result = service_point_import_file(
                actor=coordinator, content=csv_bytes([good_row()]), filename="p.csv"
            )
        assert "too large" in str(result.errors[0])


def test_xlsx_with_numbers_as_cells(refs, coordinator):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    row = good_row()
    row.update(delegation_code=1151, latitude=36.8527, longitude=10.3233, phones=71123456)
    sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = service_point_import_file(
        actor=coordinator, content=buffer.getvalue(), filename="p.xlsx"
    )
    assert result.ok, result.errors
    point = ServicePoint.objects.get()
    assert point.phones == "71123456"
    assert str(point.latitude) == "36.85270"


def test_import_rows_service_for_the_demo_dataset(refs, coordinator):
    row = good_row(delegation_code=1151, latitude=36.8527, longitude=10.3233, in_person=False)
    dry = service_point_import_rows(actor=None, rows=[row], dry_run=True)
    assert dry.counts["created"] == 1
    assert not ServicePoint.objects.exists()
    result = service_point_import_rows(actor=None, rows=[row], is_demo=True)
    assert result.ok
    point = ServicePoint.objects.get()
    assert point.is_demo
    assert not point.in_person
    assert service_point_import_rows(actor=None, rows=[row]).counts["unchanged"] == 1


def test_management_command(refs, tmp_path):
    path = tmp_path / "points.csv"
    path.write_bytes(csv_bytes([good_row()]))
    out = io.StringIO()
    call_command("import_service_points", str(path), "--dry-run", stdout=out)
    assert "1 created" in out.getvalue()
    assert not ServicePoint.objects.exists()
    call_command("import_service_points", str(path), stdout=io.StringIO())
    assert ServicePoint.objects.count() == 1
    path.write_bytes(csv_bytes([good_row(delegation_code="9999")]))
    with pytest.raises(CommandError):
        call_command("import_service_points", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_rows_past_the_limit_are_refused_for_csv_and_xlsx(refs, coordinator, monkeypatch):
    """The byte limit does not bound a compressed XLSX: the row count is bounded too."""
    from openpyxl import Workbook

    from raqib.registry import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = [good_row(code=f"SP-{i}") for i in range(4)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    for content, name in ((csv_bytes(rows), "p.csv"), (buffer.getvalue(), "p.xlsx")):
        with translation.override("en"):
            result = service_point_import_file(actor=coordinator, content=content, filename=name)
        assert [str(e) for e in result.errors] == [
            "The file has more than 3 rows: split it into several files."
        ], name
    assert service_point_import_file(
        actor=coordinator, content=csv_bytes(rows[:3]), filename="p.csv"
    ).ok
    assert ServicePoint.objects.count() == 3


def test_a_csv_field_larger_than_the_csv_module_allows_is_an_error_not_a_crash(refs, coordinator):
    content = csv_bytes([good_row(address="x" * 200_000)])
    with translation.override("en"):
        result = service_point_import_file(actor=coordinator, content=content, filename="p.csv")
    assert [str(e) for e in result.errors] == [
        "Line 2 of the file cannot be read as CSV (a value is far too long)."
    ]
    assert not ServicePoint.objects.exists()
