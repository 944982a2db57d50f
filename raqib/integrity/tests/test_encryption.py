"""Encryption at rest: no plaintext in the database or the storage; key rotation."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from raqib.integrity import referrals, services
from raqib.integrity.crypto import InvalidToken
from raqib.integrity.models import (
    Case,
    CaseEvidence,
    CaseFact,
    IdentityReveal,
    Referral,
    encrypted_fields,
)
from raqib.integrity.tests.factories import NARRATIVE, assigned_case, officer

pytestmark = pytest.mark.django_db

SECRET_FILE = ("Bon de paiement exigé — " + NARRATIVE).encode("utf-8")


def _world(coordinator):
    person = officer()
    case = assigned_case(coordinator=coordinator, officers=[person])
    services.case_act(actor=person, case=case, event="assess")
    case.facts = NARRATIVE
    case.save(update_fields=["facts"])
    evidence = services.evidence_add(
        actor=person, case=case, name="note.txt", content=SECRET_FILE, content_type="text/plain"
    )
    services.identity_reveal_request(actor=person, case=case, reason=NARRATIVE)
    services.case_fact_add(actor=person, case=case, text=NARRATIVE)
    services.case_act(actor=person, case=case, event="refer", authority="prosecutor", language="fr")
    referral = case.referrals.get()
    referrals.referral_acknowledge(actor=person, referral=referral, on=timezone.localdate())
    referrals.referral_outcome_record(
        actor=person, referral=referral, on=timezone.localdate(), outcome=NARRATIVE
    )
    return case, evidence


def _raw_rows() -> str:
    """Every encrypted column of every integrity table, as stored."""
    found = []
    with connection.cursor() as cursor:
        for model, names in encrypted_fields():
            columns = ", ".join(model._meta.get_field(name).column for name in names)
            cursor.execute(f"SELECT {columns} FROM {model._meta.db_table}")  # noqa: S608
            rows = cursor.fetchall()
            assert rows, model  # the world holds one of each
            found += rows
    return repr(found)


def _stored_bytes(evidence: CaseEvidence) -> bytes:
    with evidence.file.storage.open(evidence.file.name, "rb") as handle:
        return handle.read()


def test_database_and_storage_hold_no_plaintext(coordinator):
    case, evidence = _world(coordinator)
    raw = _raw_rows()
    assert "NARRATIVE-7f3a" not in raw
    assert "رشوة" not in raw
    assert "gAAAA" in raw  # Fernet tokens
    stored = _stored_bytes(evidence)
    assert b"NARRATIVE-7f3a" not in stored
    assert SECRET_FILE not in stored
    # Through the application, everything reads back.
    assert Case.objects.get(pk=case.pk).facts == NARRATIVE
    assert services.evidence_plaintext(CaseEvidence.objects.get(pk=evidence.pk)) == SECRET_FILE
    assert IdentityReveal.objects.get(case=case).reason == NARRATIVE


def test_rotation_reencrypts_and_the_old_key_can_be_removed(coordinator, settings):
    case, evidence = _world(coordinator)
    old = list(settings.RAQIB_INTEGRITY_KEYS)
    new = Fernet.generate_key().decode()
    settings.RAQIB_INTEGRITY_KEYS = [new, *old]
    raw_before = _raw_rows()
    call_command("integrity_rotate_keys", verbosity=0)
    assert _raw_rows() != raw_before
    # The old key is gone: everything still decrypts with the new one alone.
    settings.RAQIB_INTEGRITY_KEYS = [new]
    assert Case.objects.get(pk=case.pk).facts == NARRATIVE
    assert IdentityReveal.objects.get(case=case).reason == NARRATIVE
    assert CaseFact.objects.get(case=case).text == NARRATIVE
    assert Referral.objects.get(case=case).outcome == NARRATIVE
    rotated = CaseEvidence.objects.get(pk=evidence.pk)
    assert services.evidence_plaintext(rotated) == SECRET_FILE
    assert b"NARRATIVE-7f3a" not in _stored_bytes(rotated)
    # And the old key alone no longer opens anything.
    settings.RAQIB_INTEGRITY_KEYS = old
    with pytest.raises(InvalidToken):
        Case.objects.get(pk=case.pk)


def test_no_key_is_a_clear_configuration_error(coordinator, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.RAQIB_INTEGRITY_KEYS = []
    from raqib.integrity import crypto

    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt(b"x")
