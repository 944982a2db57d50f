"""Need-to-know: only the assigned officers and the director read a case; every read audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from raqib.audit.models import AuditEvent
from raqib.integrity import services
from raqib.integrity.models import Case, CaseAssignment
from raqib.integrity.tests.factories import NARRATIVE, assigned_case, officer
from raqib.missions.tests.factories import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(coordinator, integrity_officer):
    found = assigned_case(coordinator=coordinator, officers=[integrity_officer])
    found.facts = NARRATIVE
    found.save(update_fields=["facts"])
    return found


def _reads(user, case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, object_type="integrity.case", object_id=str(case.pk))
        .order_by("pk")
        .values_list("changes__what", flat=True)
    )


def test_the_assigned_officer_and_the_director_read_and_each_read_is_audited(
    client, case, integrity_officer, director
):
    for person in (integrity_officer, director):
        client.force_login(person)
        page = client.get(reverse("integrity:case_detail", kwargs={"pk": case.pk}))
        assert page.status_code == 200
        assert "NARRATIVE-7f3a" in page.content.decode()
        api = client.get(reverse("integrity:case_api", kwargs={"pk": case.pk}))
        assert api.json()["facts"] == NARRATIVE
        assert _reads(person, case) == ["case", "api"]


def test_administrators_and_other_officers_get_404_and_leave_no_read(
    client, case, admin_user, coordinator
):
    stranger = officer()
    for person in (admin_user, stranger, coordinator):
        client.force_login(person)
        for name in ("integrity:case_detail", "integrity:case_api", "integrity:case_bundle"):
            assert client.get(reverse(name, kwargs={"pk": case.pk})).status_code == 404
        assert _reads(person, case) == []


def test_the_administrator_assigns_without_reading(client, case, admin_user):
    newcomer = officer()
    client.force_login(admin_user)
    listing = client.get(reverse("integrity:case_list"))
    assert case.reference in listing.content.decode()
    assert "NARRATIVE-7f3a" not in listing.content.decode()
    response = client.post(
        reverse("integrity:case_assign", kwargs={"pk": case.pk}), {"officer": newcomer.pk}
    )
    assert response.status_code == 302
    assert CaseAssignment.objects.filter(case=case, officer=newcomer).exists()
    # Not an officer: refused, nothing changes.
    client.post(reverse("integrity:case_assign", kwargs={"pk": case.pk}), {"officer": "x"})
    assert CaseAssignment.objects.filter(case=case).count() == 2
    # The audit trail the administrator reads shows references, never the facts.
    trail = client.get(reverse("audit:event_list"))
    assert trail.status_code == 200
    assert "NARRATIVE-7f3a" not in trail.content.decode()
    # And the newly assigned officer now reads the case.
    client.force_login(newcomer)
    assert client.get(reverse("integrity:case_detail", kwargs={"pk": case.pk})).status_code == 200


def test_a_file_read_is_audited_as_custody(client, case, integrity_officer):
    evidence = services.evidence_add(
        actor=integrity_officer,
        case=case,
        name="receipt.png",
        content=image_bytes("PNG"),
        content_type="image/png",
    )
    client.force_login(integrity_officer)
    url = reverse("integrity:evidence_download", kwargs={"pk": case.pk, "uuid": str(evidence.uuid)})
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == image_bytes("PNG")
    assert AuditEvent.objects.filter(
        actor=integrity_officer,
        action="integrity_evidence.view",
        object_id=str(evidence.uuid),
    ).exists()


def test_upload_through_the_page_and_bad_input(client, case, integrity_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(integrity_officer)
    url = reverse("integrity:evidence_upload", kwargs={"pk": case.pk})
    client.post(url, {})  # no file: an error, nothing stored
    assert case.evidence.count() == 0
    client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", "application/pdf")})
    assert case.evidence.get().sha256 == (
        __import__("hashlib").sha256(b"%PDF-1.4 test").hexdigest()
    )


def test_focal_points_never_learn_a_case_exists(client, case, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("integrity:case_list")).status_code == 403
    assert client.get(reverse("integrity:case_detail", kwargs={"pk": case.pk})).status_code == 404
    assert not focal_point.notifications.filter(kind__startswith="integrity").exists()
    home = client.get("/")
    assert case.reference not in home.content.decode()
