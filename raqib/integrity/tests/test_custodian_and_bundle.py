"""Identity custodian (second approval) and the export bundle (manifest, tamper detection)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from raqib.audit.models import AuditEvent
from raqib.integrity import services
from raqib.integrity.bundle import verify_bundle
from raqib.integrity.models import IdentityReveal, RevealStatus
from raqib.integrity.tests.factories import assigned_case
from raqib.missions.tests.factories import image_bytes
from raqib.notifications.kinds import NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_case(coordinator, integrity_officer, observer):
    observer.first_name, observer.last_name = "Zeineb", "Ben Salah"
    observer.username = "zeineb.bensalah"
    observer.save(update_fields=["first_name", "last_name", "username"])
    return assigned_case(coordinator=coordinator, officers=[integrity_officer], observer=observer)


def _page(client, case) -> str:
    return client.get(reverse("integrity:case_detail", kwargs={"pk": case.pk})).content.decode()


def _bundle(client, case) -> bytes:
    response = client.get(reverse("integrity:case_bundle", kwargs={"pk": case.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response.content


def _texts(zip_bytes: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_identity_needs_a_reason_and_the_directors_approval(
    client, named_case, integrity_officer, director, django_capture_on_commit_callbacks
):
    observer = named_case.observer
    pseudonym = observer.observer_profile.pseudonym
    client.force_login(integrity_officer)
    page = _page(client, named_case)
    assert pseudonym in page
    assert "Ben Salah" not in page
    assert observer.username not in page
    # No reason: refused, nothing recorded.
    url = reverse("integrity:reveal_request", kwargs={"pk": named_case.pk})
    client.post(url, {"reason": "   "})
    assert not IdentityReveal.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "The prosecutor needs the witness"})
    reveal = IdentityReveal.objects.get()
    assert (
        director.notifications.filter(kind=NotificationKind.INTEGRITY_REVEAL_REQUESTED).count() == 1
    )
    # Requested but not approved: still nowhere (page, API, bundle).
    assert "Ben Salah" not in _page(client, named_case)
    api = client.get(reverse("integrity:case_api", kwargs={"pk": named_case.pk})).content.decode()
    assert "Ben Salah" not in api
    assert observer.username not in api
    # The officer cannot approve; the director (a second person) can.
    decide = reverse("integrity:reveal_decide", kwargs={"pk": named_case.pk, "rid": reveal.pk})
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(director)
    client.post(decide, {"decision": "nonsense"})
    reveal.refresh_from_db()
    assert reveal.status == RevealStatus.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"decision": "approve"})
    reveal.refresh_from_db()
    assert reveal.status == RevealStatus.APPROVED
    assert reveal.decided_by == director
    assert AuditEvent.objects.filter(action="integrity_reveal.approve", actor=director).exists()
    assert integrity_officer.notifications.filter(
        kind=NotificationKind.INTEGRITY_REVEAL_DECIDED
    ).exists()
    client.force_login(integrity_officer)
    assert "Ben Salah" in _page(client, named_case)
    assert AuditEvent.objects.filter(
        actor=integrity_officer, action="integrity_case.read", changes__what="case+identity"
    ).exists()
    # Exports carry the pseudonym only, even after the reveal.
    texts = _texts(_bundle(client, named_case))
    assert pseudonym in texts
    assert "Ben Salah" not in texts
    assert "Zeineb" not in texts


def test_nobody_approves_their_own_request(named_case, director):
    reveal = services.identity_reveal_request(actor=director, case=named_case, reason="r")
    with pytest.raises(ValidationError):
        services.identity_reveal_decide(actor=director, reveal=reveal, approve=True)
    reveal.refresh_from_db()
    assert reveal.status == RevealStatus.REQUESTED


def _with_evidence(case, person):
    services.evidence_add(
        actor=person,
        case=case,
        name="receipt.png",
        content=image_bytes("PNG"),
        content_type="image/png",
    )


def test_the_bundle_verifies_and_a_tampered_file_is_detected(
    client, named_case, integrity_officer, tmp_path
):
    _with_evidence(named_case, integrity_officer)
    client.force_login(integrity_officer)
    content = _bundle(client, named_case)
    good = tmp_path / "case.zip"
    good.write_bytes(content)
    assert verify_bundle(str(good)) == []
    out = io.StringIO()
    call_command("integrity_verify_bundle", str(good), stdout=out)
    assert "OK" in out.getvalue()
    with zipfile.ZipFile(good) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        custody = json.loads(archive.read("custody_log.json"))
        assert archive.read("evidence/01-receipt.png") == image_bytes("PNG")
    assert {"case.json", "custody_log.json", "evidence/01-receipt.png"} <= set(names)
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json"}
    actions = [row["action"] for row in custody]
    assert "integrity_evidence.add" in actions
    assert "integrity_evidence.export" in actions
    # Tamper with the evidence file: one byte changed.
    bad = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "evidence/01-receipt.png":
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.writestr(name, data)
    problems = verify_bundle(str(bad))
    assert problems == ["evidence/01-receipt.png: SHA-256 does not match the manifest (altered)"]
    with pytest.raises(CommandError):
        call_command("integrity_verify_bundle", str(bad), stderr=io.StringIO())


def test_missing_and_extra_files_are_detected(client, named_case, integrity_officer, tmp_path):
    _with_evidence(named_case, integrity_officer)
    client.force_login(integrity_officer)
    good = tmp_path / "case.zip"
    good.write_bytes(_bundle(client, named_case))
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            if name != "evidence/01-receipt.png":
                dst.writestr(name, src.read(name))
        dst.writestr("evidence/99-planted.png", b"x")
    assert verify_bundle(str(bad)) == [
        "evidence/01-receipt.png: listed in the manifest but missing",
        "evidence/99-planted.png: not listed in the manifest",
    ]
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert verify_bundle(str(junk))[0].startswith("not a readable ZIP file")
