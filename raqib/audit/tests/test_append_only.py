"""Audit events are append-only at every layer: model, queryset and (on PostgreSQL) database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from raqib.audit.models import AppendOnlyError, AuditEvent
from raqib.audit.services import audit_event_record, diff_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(admin_user):
    return audit_event_record(
        actor=admin_user,
        action="thing.update",
        object_type="tests.thing",
        object_id=7,
        object_label="Thing 7",
        changes=diff_fields({"name": "old", "same": 1}, {"name": "new", "same": 1}),
    )


def test_record_keeps_actor_object_and_old_new_values(event, admin_user):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == admin_user
    assert stored.actor_label == "admin"
    assert (stored.action, stored.object_type, stored.object_id) == (
        "thing.update",
        "tests.thing",
        "7",
    )
    assert stored.object_label == "Thing 7"
    # Unchanged fields are left out: the trail shows what moved.
    assert stored.changes == {"name": ["old", "new"]}


def test_record_without_actor_is_attributed_to_the_system(db):
    event = audit_event_record(actor=None, action="thing.create", object_type="tests.thing")
    assert event.actor is None
    assert event.actor_label == "system"


def test_saving_an_existing_event_again_is_refused(event):
    event.action = "thing.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.update"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="thing.forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(object_label="")
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.update"


def test_queryset_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_is_refused(event):
    event.action = "thing.forged"
    # bulk_update() runs in its own atomic block without a savepoint: give it one here.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.update"


requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger (migration audit 0002) exists on PostgreSQL only; "
    "SQLite relies on the model and queryset guards tested above",
)


@requires_postgresql
def test_raw_sql_update_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.update"


@requires_postgresql
def test_raw_sql_delete_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
