"""The one write path (core.writes): validate, save what changed, audit old → new."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from raqib.audit.models import AuditEvent
from raqib.core.writes import model_create, model_delete, model_snapshot, model_update
from raqib.registry.models import PublicBody
from raqib.registry.tests.factories import PublicBodyFactory

pytestmark = pytest.mark.django_db

FIELDS = ["code", "name_ar", "name_fr", "parent.code"]


def _new_body(**overrides):
    values = {"code": "min-x", "name_ar": "وزارة", "name_fr": "Ministère", "body_type": "ministry"}
    values.update(overrides)
    return PublicBody(**values)


def test_snapshot_follows_dotted_paths_under_their_first_part():
    parent = PublicBodyFactory(code="top")
    body = PublicBodyFactory(code="child", parent=parent)
    assert model_snapshot(body, ["code", "parent.code"]) == {"code": "child", "parent": "top"}
    assert model_snapshot(parent, ["parent.code"]) == {"parent": None}


def test_create_saves_and_audits_with_label_lower_and_new_values(admin_user):
    parent = PublicBodyFactory(code="top")
    body = model_create(
        instance=_new_body(parent=parent),
        actor=admin_user,
        action="public_body.create",
        fields=FIELDS,
        label="min-x label",
        extra={"note": "x"},
    )
    assert body.pk is not None
    event = AuditEvent.objects.get(action="public_body.create")
    assert event.object_type == "registry.publicbody"
    assert (event.object_id, event.object_label, event.actor) == (
        str(body.pk),
        "min-x label",
        admin_user,
    )
    assert event.changes == {
        "code": [None, "min-x"],
        "name_ar": [None, "وزارة"],
        "name_fr": [None, "Ministère"],
        "parent": [None, "top"],
        "note": "x",
    }


def test_create_that_fails_validation_saves_and_audits_nothing(admin_user):
    with pytest.raises(ValidationError):
        model_create(
            instance=_new_body(body_type="no-such-type"),
            actor=admin_user,
            action="public_body.create",
            fields=FIELDS,
        )
    assert not PublicBody.objects.exists()
    assert not AuditEvent.objects.exists()


def test_update_audits_old_to_new_of_the_changed_fields_only(admin_user):
    body = PublicBodyFactory(code="min-a", name_ar="قديم", name_fr="Ancien")
    changes = model_update(
        instance=body,
        actor=admin_user,
        action="public_body.update",
        data={"name_ar": "جديد", "name_fr": "Ancien"},
        fields=FIELDS,
    )
    assert changes == {"name_ar": ["قديم", "جديد"]}
    event = AuditEvent.objects.get(action="public_body.update")
    assert event.object_type == "registry.publicbody"
    assert event.changes == {"name_ar": ["قديم", "جديد"]}
    body.refresh_from_db()
    assert body.name_ar == "جديد"


def test_update_writes_only_the_changed_columns(admin_user):
    body = PublicBodyFactory(code="min-a", name_ar="قديم", name_fr="Ancien")
    # Another process changed the French name meanwhile: our update must not overwrite it.
    PublicBody.objects.filter(pk=body.pk).update(name_fr="Changé ailleurs")
    with CaptureQueriesContext(connection) as queries:
        model_update(
            instance=body,
            actor=admin_user,
            action="public_body.update",
            data={"name_ar": "جديد"},
        )
    update_sql = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(update_sql) == 1
    assert "name_ar" in update_sql[0]
    assert "updated_at" in update_sql[0]  # auto_now columns follow every write
    assert "name_fr" not in update_sql[0]
    assert "code" not in update_sql[0].split("WHERE")[0]
    body.refresh_from_db()
    assert (body.name_ar, body.name_fr) == ("جديد", "Changé ailleurs")


def test_update_without_change_neither_saves_nor_audits(admin_user):
    body = PublicBodyFactory(code="min-a", name_ar="قديم")
    with CaptureQueriesContext(connection) as queries:
        changes = model_update(
            instance=body, actor=admin_user, action="public_body.update", data={"name_ar": "قديم"}
        )
    assert changes == {}
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    assert not AuditEvent.objects.exists()


def test_update_that_fails_validation_saves_and_audits_nothing(admin_user):
    body = PublicBodyFactory(code="min-a", body_type="ministry")
    with pytest.raises(ValidationError):
        model_update(
            instance=body,
            actor=admin_user,
            action="public_body.update",
            data={"body_type": "no-such-type"},
        )
    assert PublicBody.objects.get(pk=body.pk).body_type == "ministry"
    assert not AuditEvent.objects.exists()


def test_update_refuses_fields_outside_allowed(admin_user):
    body = PublicBodyFactory()
    with pytest.raises(TypeError, match="is_demo"):
        model_update(
            instance=body,
            actor=admin_user,
            action="public_body.update",
            data={"is_demo": True},
            allowed=["name_ar"],
        )


def test_update_is_atomic_when_the_audit_fails(admin_user, monkeypatch):
    body = PublicBodyFactory(code="min-a", name_ar="قديم")

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("raqib.core.writes.audit_event_record", broken)
    with pytest.raises(RuntimeError):
        model_update(
            instance=body, actor=admin_user, action="public_body.update", data={"name_ar": "جديد"}
        )
    assert PublicBody.objects.get(pk=body.pk).name_ar == "قديم"


def test_create_is_atomic_when_the_audit_fails(admin_user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("raqib.core.writes.audit_event_record", broken)
    with pytest.raises(RuntimeError):
        model_create(instance=_new_body(), actor=admin_user, action="public_body.create")
    assert not PublicBody.objects.exists()


def test_prepare_runs_before_the_comparison_and_validate_replaces_full_clean(admin_user):
    body = PublicBodyFactory(code="min-a", acronym="", name_fr="Ancien")
    seen = []
    changes = model_update(
        instance=body,
        actor=admin_user,
        action="public_body.update",
        data={"name_fr": "Nouveau"},
        fields=["name_fr", "acronym"],
        prepare=lambda b: setattr(b, "acronym", "NV"),
        validate=seen.append,
    )
    assert changes == {"name_fr": ["Ancien", "Nouveau"], "acronym": ["", "NV"]}
    assert seen == [body]
    assert PublicBody.objects.get(pk=body.pk).acronym == "NV"


def test_delete_audits_the_id_and_label_it_had(admin_user):
    body = PublicBodyFactory(code="gone")
    pk = body.pk
    model_delete(instance=body, actor=admin_user, action="public_body.delete", label="gone")
    assert not PublicBody.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="public_body.delete")
    assert (event.object_type, event.object_id, event.object_label) == (
        "registry.publicbody",
        str(pk),
        "gone",
    )


def test_models_known_by_a_public_uuid_are_audited_by_it():
    import uuid

    from raqib.core.writes import audit_id
    from raqib.missions.models import Evidence, Report
    from raqib.registry.models import PublicBody

    key = uuid.uuid4()
    assert audit_id(Report(uuid=key)) == key
    assert audit_id(Evidence(uuid=key)) == key
    assert audit_id(PublicBody(pk=7)) == 7
