from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core.management import CommandError, call_command

from raqib.grids.models import GridVersion
from raqib.grids.tests.xlsform_helpers import SETTINGS, good_choices, good_survey, workbook

pytestmark = pytest.mark.django_db
VISIT = Path(__file__).resolve().parent.parent / "data" / "01_visit.xlsx"


def test_import_grid_dry_run_then_publish_then_export(tmp_path, capsys):
    call_command("import_grid", str(VISIT), "--dry-run")
    assert not GridVersion.objects.exists()
    call_command("import_grid", str(VISIT), "--publish")
    version = GridVersion.objects.get()
    assert version.status == "published"
    out = tmp_path / "visit.xlsx"
    call_command("export_grid", "VISIT", "1", "--format", "xlsform", "--output", str(out))
    call_command("import_grid", str(out), "--dry-run")
    assert version.content_hash in capsys.readouterr().out
    xml = tmp_path / "visit.xml"
    call_command("export_grid", "VISIT", "1", "--format", "xform", "--output", str(xml))
    ET.parse(xml)


def test_import_grid_reports_problems(tmp_path):
    survey = good_survey()
    survey[2][1] = ""
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(survey, good_choices(), SETTINGS))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_grid", str(bad))
    with pytest.raises(CommandError):
        call_command("export_grid", "NOPE", "1", "--output", str(tmp_path / "x.xlsx"))
