from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from raqib.audit.models import AuditEvent
from raqib.exports.testing import exported
from raqib.registry.importing import COLUMNS, service_point_import_file
from raqib.registry.services import service_point_deactivate

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(make_point, coordinator):
    make_point(
        code="A-1",
        latitude=Decimal("36.8"),
        longitude=Decimal("10.18"),
        phones="71 123 456;+21698765432",
        email="a@poste.tn",
        website="https://poste.tn/a",
        opening_hours='08:00–17:00, "samedi" 08:00–12:00',
        address="Rue de l'Inde; 2e étage",
    )
    make_point(code="B-2", name_ar="مستشفى قرطاج", in_person=False)
    closed = make_point(code="C-3")
    service_point_deactivate(
        actor=coordinator, service_point=closed, on=timezone.localdate(), reason="x"
    )


def _get(client, *args, **kwargs):
    return exported(client, client.get(*args, **kwargs))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_a_no_op(client, coordinator, registry, fmt):
    client.force_login(coordinator)
    response = _get(
        client, reverse("registry:service_point_export"), {"format": fmt, "active": "all"}
    )
    assert response.status_code == 200
    content = response.content
    points_events = AuditEvent.objects.filter(object_type="registry.servicepoint").count()
    result = service_point_import_file(actor=coordinator, content=content, filename=f"export.{fmt}")
    assert result.ok, result.errors
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert AuditEvent.objects.filter(object_type="registry.servicepoint").count() == points_events


def test_csv_has_bom_and_the_import_columns(client, coordinator, registry):
    client.force_login(coordinator)
    response = _get(
        client, reverse("registry:service_point_export"), {"format": "csv", "active": "all"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == ["A-1", "B-2", "C-3"]
    assert rows[1][COLUMNS.index("phones")] == "71 123 456; +21698765432"


def test_export_respects_the_filters(client, coordinator, registry):
    client.force_login(coordinator)
    response = _get(client, reverse("registry:service_point_export"), {"format": "csv"})
    codes = [r[0] for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))][1:]
    assert codes == ["A-1", "B-2"]  # the list shows active points unless asked otherwise
    response = _get(
        client, reverse("registry:service_point_export"), {"format": "csv", "channel": "email"}
    )
    codes = [r[0] for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))][1:]
    assert codes == ["A-1"]


def test_xlsx_is_right_to_left_in_arabic_only(client, coordinator, registry):
    client.force_login(coordinator)
    for lang, rtl in (("ar", True), ("fr", False)):
        response = _get(client, f"/{lang}/registry/service-points/export/", {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert bool(sheet.sheet_view.rightToLeft) is rtl
        assert [c.value for c in sheet[1]] == list(COLUMNS)


def test_export_command(registry, tmp_path):
    output = tmp_path / "points.xlsx"
    call_command(
        "export_service_points", "--format", "xlsx", "--output", str(output), stdout=io.StringIO()
    )
    result = service_point_import_file(actor=None, content=output.read_bytes(), filename="p.xlsx")
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 3}


FORMULA_NAME = '=HYPERLINK("https://evil.example","Cliquez")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_texts_that_look_like_formulas_are_exported_inert_and_import_back_unchanged(
    client, coordinator, make_point, fmt
):
    make_point(code="F-1", name_fr=FORMULA_NAME, address="+ rue 1", opening_hours="'08:00 – 12:00")
    client.force_login(coordinator)
    response = _get(client, reverse("registry:service_point_export"), {"format": fmt})
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        row = dict(zip(rows[0], rows[1], strict=True))
        # Excel and LibreOffice show a cell starting with an apostrophe as plain text.
        assert row["name_fr"] == "'" + FORMULA_NAME
        assert row["address"] == "'+ rue 1"
        assert row["opening_hours"] == "''08:00 – 12:00"
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = sheet.cell(row=2, column=COLUMNS.index("name_fr") + 1)
        assert (cell.value, cell.data_type) == (FORMULA_NAME, "s")
    result = service_point_import_file(
        actor=coordinator, content=response.content, filename=f"export.{fmt}"
    )
    assert result.ok, result.errors
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 1}
