"""Bad input never gives a 500: junk query strings, filter values, ids and uploads on every
finished app's pages answer a 4xx or a page with a form error (issue 2, "never a traceback")."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from raqib.grids.tests.factories import make_draft, make_published

pytestmark = pytest.mark.django_db

JUNK_QUERIES = [
    ("registry:service_point_list", {}, "governorate=zz&region=%00&body=xx&category=--&channel=x"),
    ("registry:service_point_list", {}, "active=maybe&page=abc"),
    ("registry:service_point_list", {}, "page=999999999999999999999"),
    ("registry:service_point_list", {}, "page=-5"),
    ("registry:service_point_list", {}, "q=" + "a" * 5000),
    ("registry:service_point_list", {}, "q=%00"),
    ("registry:service_point_export", {}, "format=zzz&governorate=%00"),
    ("registry:service_point_export", {}, "format=xlsx&q=%00"),
    ("registry:service_point_import_preview", {"token": "..."}, ""),
    ("registry:service_point_import_preview", {"token": "abc"}, ""),
    ("accounts:user_list", {}, "role=zzz&status=bogus&page=abc&q=%00"),
    ("accounts:user_list", {}, "page=99999999999999999999"),
    ("audit:event_list", {}, "since=2024-99-99&until=abc&action=%00&page=x&object_id=" + "9" * 99),
    ("audit:event_list", {}, "since=0001-01-01&until=9999-12-31"),
    ("audit:event_list", {}, "actor=%00"),
    ("grids:grid_list", {}, "page=abc"),
    ("observer:app", {}, "x=%00"),
]


@pytest.mark.parametrize(("name", "kwargs", "query"), JUNK_QUERIES)
def test_junk_query_strings(client, admin_user, name, kwargs, query):
    client.force_login(admin_user)
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
    assert client.get(url).status_code < 500, url


def test_junk_ids_and_values_on_grid_pages(client, admin_user):
    draft = make_draft("JUNK")
    published = make_published("JUNKP")
    section = draft.sections.first()
    client.force_login(admin_user)
    for raw in ["abc", "99999999999999999999999", "²", "%00", "-1", "1.5"]:
        for url in [
            reverse("grids:version_diff", kwargs={"pk": published.pk}) + f"?against={raw}",
            reverse("grids:authoring_row_add", kwargs={"pk": draft.pk, "kind": "criterion"})
            + f"?parent={raw}",
            reverse("grids:authoring_row_add", kwargs={"pk": draft.pk, "kind": "choice"})
            + f"?parent={raw}",
            reverse("grids:version_export", kwargs={"pk": published.pk}) + f"?format={raw}",
            reverse("grids:authoring_preview", kwargs={"pk": published.pk}) + f"?lang={raw}",
        ]:
            assert client.get(url).status_code < 500, url
        for kind in ("criterion", "section", "choice", "list", "settings"):
            validate = reverse("grids:authoring_validate", kwargs={"pk": draft.pk, "kind": kind})
            response = client.post(f"{validate}?obj={raw}", {"code": "x", "weight": "abc"})
            assert response.status_code < 500, (kind, raw)
            response = client.post(f"{validate}?parent={raw}", {"code": "x", "weight": "inf"})
            assert response.status_code < 500, (kind, raw)
    move = reverse(
        "grids:authoring_row_move", kwargs={"pk": draft.pk, "kind": "section", "obj_pk": section.pk}
    )
    assert client.post(move, {"direction": "sideways"}).status_code == 400
    edit = reverse(
        "grids:authoring_row_edit", kwargs={"pk": draft.pk, "kind": "section", "obj_pk": section.pk}
    )
    settings_url = reverse("grids:authoring_grid_settings", kwargs={"pk": draft.pk})
    for number in ["nan", "inf", "1e400", "-1", "abc"]:
        labels = {"code": "S1", "label_ar": "س", "label_fr": "s"}
        assert client.post(edit, {**labels, "weight": number}).status_code < 500, number
        titles = {"title_ar": "س", "title_fr": "t", "conformity_threshold": number}
        assert client.post(settings_url, titles).status_code < 500, number
    score = reverse("grids:authoring_preview_score", kwargs={"pk": published.pk})
    assert client.post(score, {f"a_{i}": "zz" for i in range(5)}).status_code < 500


def test_junk_ids_on_the_api_and_the_point_validator(client, admin_user):
    client.force_login(admin_user)
    for url in [
        "/api/v1/grids/versions/?page=abc",
        "/api/v1/grids/versions/?limit=100000000&offset=-1",
        "/api/v1/grids/versions/999999999999999999999/",
    ]:
        assert client.get(url).status_code < 500, url
    validate = reverse("registry:service_point_validate")
    for query in ["point=abc", "point=99999999999999999999999", "point=%00"]:
        response = client.post(f"{validate}?{query}", {"code": "x"}, HTTP_HX_TRIGGER_NAME="code")
        assert response.status_code < 500, query
    response = client.post(validate, {"code": "x"}, HTTP_HX_TRIGGER_NAME="__class__")
    assert response.status_code == 200


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


UPLOADS = [
    ("empty", b""),
    ("binary", b"\x00\xff\xfe" * 100),
    ("latin1", "code;name_ar\né;à\n".encode("latin-1")),
    ("truncated zip", b"PK\x03\x04" + b"\x00" * 100),
    ("zip without workbook", _zip_without_workbook()),
    ("one column", b"code\nx\n"),
    ("nul in header", b"code,name_ar\x00\nx,y\n"),
    ("only a BOM", b"\xef\xbb\xbf"),
    ("very wide row", b"a," * 100000 + b"\n"),
    ("value over the csv module's limit", b"code,name_ar\n" + b"x" * 200_000 + b",y\n"),
]


@pytest.mark.parametrize(("label", "content"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_malformed_uploads(client, admin_user, label, content):
    client.force_login(admin_user)
    for name in ("points.csv", "points.xlsx"):
        upload = SimpleUploadedFile(name, content)
        response = client.post(reverse("registry:service_point_import"), {"file": upload})
        assert response.status_code == 200, (label, name)
        assert response.context["errors"] or response.context["form"].errors, (label, name)
    upload = SimpleUploadedFile("grid.xlsx", content)
    response = client.post(reverse("grids:xlsform_import"), {"file": upload, "preview": "on"})
    assert response.status_code == 400, label


def test_a_workbook_that_inflates_past_the_limit_is_refused_by_both_imports(
    client, admin_user, monkeypatch
):
    """A "zip bomb" is small on the wire: the inflated size is checked before openpyxl."""
    from openpyxl import Workbook

    from raqib.core import uploads

    workbook = Workbook()
    workbook.active.append(["code", "name_ar"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert not uploads.xlsx_inflates_too_much(data)
    assert not uploads.xlsx_inflates_too_much(b"not a zip", limit=0)
    monkeypatch.setattr(uploads, "XLSX_MAX_UNCOMPRESSED_BYTES", 1000)
    client.force_login(admin_user)
    with translation.override("ar"):
        expected = translation.gettext("The workbook is too large once uncompressed.")
    assert expected != "The workbook is too large once uncompressed."  # it is translated
    response = client.post(
        reverse("registry:service_point_import"),
        {"file": SimpleUploadedFile("points.xlsx", data)},
    )
    assert response.status_code == 200
    assert [str(e) for e in response.context["errors"]] == [expected]
    response = client.post(
        reverse("grids:xlsform_import"),
        {"file": SimpleUploadedFile("grid.xlsx", data), "preview": "on"},
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
