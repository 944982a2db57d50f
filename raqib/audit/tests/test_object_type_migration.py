"""The data migration that renames old object types to the model label (core.writes)."""

from __future__ import annotations

import importlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from raqib.audit.models import AuditEvent
from raqib.audit.services import audit_event_record

pytestmark = pytest.mark.django_db

migration = importlib.import_module("raqib.audit.migrations.0003_object_type_label_lower")


class _Editor:
    """What the migration uses of a schema editor (SQLite's cannot open inside a test)."""

    connection = connection

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _historical_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("audit", "0003_object_type_label_lower")).apps


def test_old_names_become_model_labels_and_nothing_else_changes(admin_user):
    old = {
        name: audit_event_record(
            actor=admin_user,
            action="x.update",
            object_type=name,
            object_id=7,
            object_label="seven",
            changes={"a": [1, 2]},
        )
        for name in [*migration.OLD_TO_NEW, "grids.gridversion", "registry.service_point_import"]
    }
    migration.forward(_historical_apps(), _Editor())
    renamed = {name: AuditEvent.objects.get(pk=event.pk) for name, event in old.items()}
    assert {name: event.object_type for name, event in renamed.items()} == {
        "registry.service_point": "registry.servicepoint",
        "registry.public_body": "registry.publicbody",
        "registry.service_category": "registry.servicecategory",
        "accounts.observer_profile": "accounts.observerprofile",
        "reports.PeriodicReport": "reports.periodicreport",
        "grids.gridversion": "grids.gridversion",
        # Not a model (an import run): its name stays.
        "registry.service_point_import": "registry.service_point_import",
    }
    for name, event in renamed.items():
        assert (event.action, event.object_id, event.object_label, event.changes) == (
            "x.update",
            "7",
            "seven",
            {"a": [1, 2]},
        )
        assert event.occurred_at == old[name].occurred_at
    migration.backward(_historical_apps(), _Editor())
    assert AuditEvent.objects.get(pk=old["reports.PeriodicReport"].pk).object_type == (
        "reports.PeriodicReport"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_the_append_only_trigger_is_back_after_the_migration(admin_user):
    event = audit_event_record(actor=admin_user, action="x", object_type="registry.public_body")
    migration.forward(_historical_apps(), _Editor())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
