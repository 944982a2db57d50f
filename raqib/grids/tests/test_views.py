"""The grid pages: list, version detail, changes, export, import with preview, actions."""

from __future__ import annotations

import io
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from raqib.grids import services
from raqib.grids.models import Grid, GridVersion
from raqib.grids.tests.factories import make_draft, make_published
from raqib.grids.tests.xlsform_helpers import SETTINGS, good_choices, good_survey, workbook

pytestmark = pytest.mark.django_db
VISIT = Path(__file__).resolve().parent.parent / "data" / "01_visit.xlsx"


def _fr(msgid: str) -> str:
    with translation.override("fr"):
        return escape(gettext(msgid))


def _upload(data: bytes, name: str = "grid.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_grid_list_and_detail_in_both_languages(client, director):
    version = make_published()
    client.force_login(director)
    response = client.get("/ar/grids/")
    assert "شبكة تجريبية" in response.content.decode()
    response = client.get(f"/fr/grids/versions/{version.pk}/")
    page = response.content.decode()
    assert "Grille d&#x27;essai" in page
    assert version.content_hash in page
    assert "Marhba — signalétique" in page


def test_draft_detail_lists_publication_problems(client, coordinator):
    grid = services.grid_create(
        actor=None, code="EMPTY", channel="web", title_ar="فارغة", title_fr="Vide"
    )
    client.force_login(coordinator)
    page = client.get(f"/fr/grids/versions/{grid.versions.get().pk}/").content.decode()
    assert _fr("A grid needs at least one section.") in page


def test_export_downloads(client, coordinator):
    version = make_published()
    client.force_login(coordinator)
    response = client.get(f"/ar/grids/versions/{version.pk}/export/?format=xlsform")
    assert response["Content-Disposition"] == 'attachment; filename="TEST-v1.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    assert book["survey"].sheet_view.rightToLeft is False
    response = client.get(f"/ar/grids/versions/{version.pk}/export/?format=xform")
    ET.fromstring(response.content)


def test_diff_page(client, coordinator):
    v1 = make_published()
    draft = services.grid_version_clone(actor=None, version=v1)
    services.criterion_delete(actor=None, criterion=draft.criteria.get(code="Q05"))
    client.force_login(coordinator)
    page = client.get(f"/fr/grids/versions/{draft.pk}/changes/").content.decode()
    assert _fr("Removed:") in page
    assert "Q05" in page
    other = make_published("OTHER")
    assert (
        client.get(f"/fr/grids/versions/{draft.pk}/changes/?against={other.pk}").status_code == 404
    )
    assert client.get(f"/fr/grids/versions/{draft.pk}/changes/?against=x").status_code == 404


def test_import_preview_then_import(client, coordinator):
    client.force_login(coordinator)
    data = VISIT.read_bytes()
    response = client.post(
        "/fr/grids/import/", {"file": _upload(data, "01_visit.xlsx"), "preview": "on"}
    )
    assert response.status_code == 200
    assert _fr("Preview: the workbook is valid") in response.content.decode()
    assert not Grid.objects.exists()
    response = client.post(
        "/fr/grids/import/", {"file": _upload(data, "01_visit.xlsx"), "publish": "on"}
    )
    version = GridVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/grids/versions/{version.pk}/")
    assert version.status == "published"


def test_import_errors_are_listed_and_nothing_created(client, coordinator):
    client.force_login(coordinator)
    survey = good_survey()
    survey[4][0] = "integr"
    response = client.post(
        "/fr/grids/import/", {"file": _upload(workbook(survey, good_choices(), SETTINGS))}
    )
    assert response.status_code == 400
    with translation.override("fr"):
        expected = gettext("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
            "sheet": "survey",
            "row": 5,
            "message": gettext("Unknown type “%(type)s”.") % {"type": "integr"},
        }
    assert escape(expected) in response.content.decode()
    response = client.post("/fr/grids/import/", {"file": _upload(b"not a workbook")})
    assert response.status_code == 400
    assert _fr("The file is not an Excel workbook (.xlsx).") in response.content.decode()
    assert not Grid.objects.exists()


def test_publish_clone_retire_from_the_version_page(client, coordinator):
    draft = make_draft()
    client.force_login(coordinator)
    page = client.get(f"/fr/grids/versions/{draft.pk}/").content.decode()
    publish_url = f"/fr/grids/authoring/versions/{draft.pk}/publish/"
    assert publish_url in page
    assert f"/fr/grids/authoring/versions/{draft.pk}/" in page  # edit this draft
    response = client.post(publish_url)
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == "published"
    page = client.get(f"/fr/grids/versions/{draft.pk}/").content.decode()
    assert f"/fr/grids/authoring/versions/{draft.pk}/clone/" in page
    assert f"/fr/grids/authoring/versions/{draft.pk}/preview/" in page
    client.post(f"/fr/grids/authoring/versions/{draft.pk}/clone/")
    assert GridVersion.objects.filter(number=2, status="draft").exists()
    client.post(f"/fr/grids/authoring/versions/{draft.pk}/retire/")
    draft.refresh_from_db()
    assert draft.status == "retired"
    assert client.get(f"/fr/grids/authoring/versions/{draft.pk}/clone/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["abc", "²", "-1", "1.5", " 1"])
def test_ids_that_are_not_plain_numbers_answer_404_not_500(client, coordinator, raw):
    """Query-string ids go through the selectors: "²".isdigit() is true but int() fails."""
    draft = make_draft("BADID")
    published = make_published("BADIDP")
    client.force_login(coordinator)
    urls = [
        reverse("grids:version_diff", kwargs={"pk": published.pk}) + f"?against={raw}",
        reverse("grids:authoring_row_add", kwargs={"pk": draft.pk, "kind": "criterion"})
        + f"?parent={raw}",
        reverse("grids:authoring_row_add", kwargs={"pk": draft.pk, "kind": "choice"})
        + f"?parent={raw}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    validate = reverse("grids:authoring_validate", kwargs={"pk": draft.pk, "kind": "section"})
    assert client.post(f"{validate}?obj={raw}", {"code": "X"}).status_code == 404


@pytest.mark.django_db
def test_grid_list_makes_a_bounded_number_of_queries(
    client, director, django_assert_max_num_queries
):
    for n in range(6):
        make_published(f"NQ{n}")
        make_draft(f"NQD{n}")
    client.force_login(director)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("grids:grid_list"))
    assert len(response.context["grids"]) == 12
