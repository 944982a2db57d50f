"""The referential's XLSX import: export → import round trip, and all-or-nothing with the row
of every problem."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from raqib.compliance.exporting import referential_xlsx
from raqib.compliance.importing import referential_import
from raqib.compliance.models import Referential, RequirementMapping
from raqib.compliance.tests.factories import make_referential

pytestmark = pytest.mark.django_db


def _book(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["h"] * 8)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_export_then_import_gives_the_same_referential(coordinator, lang):
    original = make_referential(actor=coordinator)
    with translation.override(lang):
        content = referential_xlsx(referential=original)
    copy = referential_import(
        actor=coordinator, code="TESTREF", edition=2, title_ar="ع", title_fr="f", content=content
    )

    def shape(ref):
        return [
            (r.chapter.number, r.code, r.text_ar, r.text_fr, r.placeholder)
            for r in ref.requirements.select_related("chapter").order_by("position")
        ]

    assert shape(copy) == shape(original)
    mapped = set(
        RequirementMapping.objects.filter(requirement__referential=copy).values_list(
            "requirement__code", "criterion_code"
        )
    )
    assert mapped == {("R1", "Q03"), ("R2", "Q01")}


def test_every_bad_row_is_named_and_nothing_is_created(coordinator):
    make_referential(actor=coordinator)  # the test grid, for the mapped criteria
    content = _book(
        [
            ["1", "باب", "Chapitre", "A1", "نص", "Texte", "no", "MISSIONTEST v1:Q03"],
            ["x", "باب", "Chapitre", "A2", "نص", "Texte", "no", ""],
            ["1", "باب", "Chapitre", "A1", "نص", "", "maybe", "NOPE v9:Q1"],
        ]
    )
    before = Referential.objects.count()
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        referential_import(
            actor=coordinator, code="NEW", edition=1, title_ar="ع", title_fr="f", content=content
        )
    messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Ligne 3 :")
    assert messages[1].startswith("Ligne 4 :")
    assert "A1" in messages[1]
    assert "NOPE v9:Q1" in messages[1]
    assert Referential.objects.count() == before
    with pytest.raises(ValidationError):
        referential_import(
            actor=coordinator, code="NEW", edition=1, title_ar="ع", title_fr="f", content=b"nope"
        )


def test_import_page(client, coordinator, focal_point):
    make_referential(actor=coordinator)
    url = reverse("compliance:referential_import")
    content = _book([["1", "باب", "Chapitre", "B1", "نص", "Texte", "oui", ""]])
    data = {"code": "IMP", "edition": 1, "title_ar": "مرجع", "title_fr": "Réf"}
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    answer = client.post(url, {**data, "file": SimpleUploadedFile("r.xlsx", content)})
    assert answer.status_code == 302
    created = Referential.objects.get(code="IMP")
    assert created.requirements.get().placeholder is True
    again = client.post(url, {**data, "file": SimpleUploadedFile("r.xlsx", content)})
    assert again.status_code == 400  # the same edition exists
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
