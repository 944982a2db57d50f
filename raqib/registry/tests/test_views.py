from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from raqib.audit.models import AuditEvent
from raqib.registry.models import Delegation, ServicePoint
from raqib.registry.tests.factories import (
    PublicBodyFactory,
    ServiceCategoryFactory,
    ServicePointFactory,
)
from raqib.registry.tests.test_import import csv_bytes, good_row

pytestmark = pytest.mark.django_db
LIST = reverse("registry:service_point_list")


def codes(response):
    return [p.code for p in response.context["points"]]


def test_list_filters(client, director, make_point, coordinator):
    sfax = Delegation.objects.filter(governorate__iso_code="TN-61").first()
    kasserine = Delegation.objects.filter(governorate__iso_code="TN-42").first()
    child = PublicBodyFactory(code="poste-sfax", parent=make_point(code="T-1").body)
    health = ServiceCategoryFactory(code="sante")
    make_point(code="S-1", delegation=sfax, body=child, email="s@poste.tn")
    make_point(code="K-1", delegation=kasserine, category=health, website="https://k.tn")
    closed = make_point(code="Z-9", phones="71123456")
    from raqib.registry.services import service_point_deactivate

    service_point_deactivate(
        actor=coordinator, service_point=closed, on=timezone.localdate(), reason="x"
    )
    client.force_login(director)
    assert codes(client.get(LIST)) == ["K-1", "S-1", "T-1"]
    assert codes(client.get(LIST, {"active": "all"})) == ["K-1", "S-1", "T-1", "Z-9"]
    assert codes(client.get(LIST, {"active": "no"})) == ["Z-9"]
    assert codes(client.get(LIST, {"governorate": "TN-61"})) == ["S-1"]
    assert codes(client.get(LIST, {"region": "interior"})) == ["K-1"]
    assert codes(client.get(LIST, {"body": "poste"})) == ["K-1", "S-1", "T-1"]  # descendants
    assert codes(client.get(LIST, {"body": "poste-sfax"})) == ["S-1"]
    assert codes(client.get(LIST, {"category": "sante"})) == ["K-1"]
    assert codes(client.get(LIST, {"channel": "email"})) == ["S-1"]
    assert codes(client.get(LIST, {"channel": "web"})) == ["K-1"]
    assert codes(client.get(LIST, {"channel": "phone", "active": "all"})) == ["Z-9"]
    response = client.get(LIST, {"governorate": "TN-99"})  # a bad value is ignored, no 500
    assert response.status_code == 200


def test_arabic_search_folds_letter_variants(client, director, make_point):
    make_point(code="A-1", name_ar="إدارة الجباية", name_fr="Recette des finances")
    make_point(code="B-2", name_ar="مستشفى جهوي", name_fr="Hôpital régional")
    client.force_login(director)
    assert codes(client.get(LIST, {"q": "اداره"})) == ["A-1"]
    assert codes(client.get(LIST, {"q": "مستشفي"})) == ["B-2"]
    assert codes(client.get(LIST, {"q": "hopital"})) == ["B-2"]
    assert codes(client.get(LIST, {"q": "قرطاج"})) == ["A-1", "B-2"]  # delegation name
    response = client.get(LIST, {"q": "اداره"})
    assert "إدارة الجباية" in response.content.decode()


def test_focal_point_sees_only_its_bodies(client, focal_point, focal_body):
    sub = PublicBodyFactory(code="focal-sub", parent=focal_body)
    mine = ServicePointFactory(body=focal_body, code="MINE")
    below = ServicePointFactory(body=sub, code="BELOW")
    other = ServicePointFactory(code="OTHER")
    client.force_login(focal_point)
    assert codes(client.get(LIST)) == ["BELOW", "MINE"]
    for point in (mine, below):
        url = reverse("registry:service_point_detail", kwargs={"pk": point.pk})
        assert client.get(url).status_code == 200
    url = reverse("registry:service_point_detail", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("registry:service_point_detail", kwargs={"pk": 99999})).status_code
        == 404
    )


def test_list_has_no_n_plus_one(client, director, django_assert_max_num_queries):
    bodies = [PublicBodyFactory() for _ in range(5)]
    for i in range(35):
        ServicePointFactory(body=bodies[i % 5], phones="71123456", email=f"p{i}@x.tn")
    client.force_login(director)
    # Session, user, roles, MFA, count, five filter lists, the page, the session save: a
    # fixed number, whatever the number of rows shown.
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"q": "bureau", "channel": "phone"})
    assert response.context["page"].paginator.count == 35
    assert len(response.context["points"]) == 35


def test_detail_shows_fields_channels_and_history(client, director, make_point, coordinator):
    point = make_point(phones="71123456", email="c@poste.tn", website="https://poste.tn")
    from raqib.registry.services import service_point_deactivate

    service_point_deactivate(
        actor=coordinator, service_point=point, on=timezone.localdate(), reason="Travaux"
    )
    client.force_login(director)
    page = client.get(reverse("registry:service_point_detail", kwargs={"pk": point.pk}))
    html = page.content.decode()
    for text in ("إدارة البريد بقرطاج", "Bureau de poste de Carthage", "c@poste.tn", "Travaux"):
        assert text in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    assert reverse("registry:service_point_update", kwargs={"pk": point.pk}) not in html
    assert response_changes(page) == ["service_point.deactivate", "service_point.create"]


def response_changes(response):
    return [event.action for event, _label, _fields in response.context["changes"]]


def test_focal_point_does_not_see_who_changed_the_point(
    client, focal_point, focal_body, make_point
):
    point = make_point(body=focal_body)
    client.force_login(focal_point)
    page = client.get(reverse("registry:service_point_detail", kwargs={"pk": point.pk}))
    assert page.status_code == 200
    assert page.context["changes"] == []
    assert "coordinator" not in page.content.decode()


def test_create_edit_deactivate_reactivate_through_the_screens(
    client, coordinator, body, category, carthage
):
    client.force_login(coordinator)
    data = {
        "code": "NEW-1",
        "name_ar": "مكتب جديد",
        "name_fr": "Nouveau bureau",
        "body": body.pk,
        "category": category.pk,
        "delegation": carthage.pk,
        "latitude": "36.85",
        "longitude": "10.32",
        "in_person": "on",
        "phones": "71 000 000",
        "website": "ftp://bad",
    }
    response = client.post(reverse("registry:service_point_create"), data)
    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    data["website"] = "https://ok.tn"
    response = client.post(reverse("registry:service_point_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    point = ServicePoint.objects.get(code="NEW-1")
    assert point.governorate == carthage.governorate
    assert point.latitude == Decimal("36.85")

    data["name_fr"] = "Bureau renommé"
    url = reverse("registry:service_point_update", kwargs={"pk": point.pk})
    assert client.post(url, data).status_code == 302
    point.refresh_from_db()
    assert point.name_fr == "Bureau renommé"

    today = timezone.localdate().isoformat()
    url = reverse("registry:service_point_deactivate", kwargs={"pk": point.pk})
    response = client.post(url, {"on": today, "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert client.post(url, {"on": today, "reason": "Déménagé"}).status_code == 302
    point.refresh_from_db()
    assert not point.is_active
    response = client.post(url, {"on": today, "reason": "encore"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()

    url = reverse("registry:service_point_reactivate", kwargs={"pk": point.pk})
    assert client.post(url, {"on": today}).status_code == 302
    point.refresh_from_db()
    assert point.is_active
    actions = list(
        AuditEvent.objects.filter(object_id=str(point.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "service_point.create",
            "service_point.update",
            "service_point.deactivate",
            "service_point.reactivate",
        ]
    )


def test_inline_validation_of_one_field(client, coordinator, make_point):
    make_point(code="TAKEN")
    client.force_login(coordinator)
    url = reverse("registry:service_point_validate")
    response = client.post(url, {"code": "TAKEN"}, headers={"HX-Trigger-Name": "code"})
    assert "errorlist" in response.content.decode()
    response = client.post(url, {"phones": "12"}, headers={"HX-Trigger-Name": "phones"})
    assert "errorlist" in response.content.decode()
    response = client.post(url, {"code": "FREE"}, headers={"HX-Trigger-Name": "code"})
    assert "errorlist" not in response.content.decode()


def test_import_screens_preview_writes_nothing_then_confirm(client, coordinator, body, category):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("points.csv", csv_bytes([good_row()]), "text/csv")
    response = client.post(reverse("registry:service_point_import"), {"file": upload})
    assert response.status_code == 302
    preview = response["Location"]
    response = client.get(preview)
    assert response.status_code == 200
    assert response.context["result"].counts["created"] == 1
    assert not ServicePoint.objects.exists()
    assert not AuditEvent.objects.exists()
    response = client.post(preview)
    assert response.status_code == 302
    assert ServicePoint.objects.filter(code="SP-100").exists()
    assert client.get(preview).status_code == 404  # the token is spent

    upload = SimpleUploadedFile(
        "bad.csv", csv_bytes([good_row(code="X", delegation_code="9999")]), "text/csv"
    )
    response = client.post(reverse("registry:service_point_import"), {"file": upload})
    assert response.status_code == 200
    assert "9999" in response.content.decode()
    assert not ServicePoint.objects.filter(code="X").exists()


def test_import_preview_is_bound_to_the_uploading_session(
    client, admin_user, coordinator, body, category
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("points.csv", csv_bytes([good_row()]), "text/csv")
    preview = client.post(reverse("registry:service_point_import"), {"file": upload})["Location"]
    client.force_login(admin_user)
    assert client.get(preview).status_code == 404
    assert client.post(preview).status_code == 404
    assert not ServicePoint.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("points.xlsx", b"code,name_ar\n", "XLSX"),
        ("points.csv", "code,name_ar\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_bad_uploads_are_form_errors_not_500(client, coordinator, name, content, expected):
    client.force_login(coordinator)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("registry:service_point_import"), {"file": upload})
    assert response.status_code == 200
    assert expected in str(response.context["errors"][0])
    assert not ServicePoint.objects.exists()


def test_too_large_upload_is_refused_by_the_form(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("points.csv", b"x" * 200)
    with override_settings(RAQIB_IMPORT_MAX_BYTES=100):
        response = client.post(reverse("registry:service_point_import"), {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_import_with_one_bad_row_changes_nothing_and_names_row_and_reason(
    client, coordinator, body, category
):
    """Issue 2 "Must show": good creations and updates next to one bad row are all refused."""
    from raqib.registry.importing import service_point_import_file

    service_point_import_file(
        actor=coordinator, content=csv_bytes([good_row()]), filename="first.csv"
    )
    events = AuditEvent.objects.count()
    rows = [
        good_row(name_fr="Nouveau nom"),  # an update of SP-100
        good_row(code="SP-101"),  # a creation
        good_row(code="SP-102", email="bad@"),  # row 4 is bad
    ]
    client.force_login(coordinator)
    upload = SimpleUploadedFile("mixed.csv", csv_bytes(rows), "text/csv")
    response = client.post(reverse("registry:service_point_import"), {"file": upload})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [e.row for e in errors] == [4]
    assert "bad@" in str(errors[0])
    assert "bad@" in response.content.decode()
    assert ServicePoint.objects.get(code="SP-100").name_fr == good_row()["name_fr"]
    assert set(ServicePoint.objects.values_list("code", flat=True)) == {"SP-100"}
    assert AuditEvent.objects.count() == events
