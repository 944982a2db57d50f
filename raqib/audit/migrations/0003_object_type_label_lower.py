"""Audit events name their object by the model's `app_label.modelname` (core.writes).

Events written before that used a few other spellings; they are renamed here so that a
history page or a filter finds old and new events of the same object alike. Nothing else of
an event changes. On PostgreSQL the append-only trigger is set aside for this one statement
per name, inside the migration's transaction, and put back at once.
"""

from django.db import migrations

OLD_TO_NEW = {
    "registry.service_point": "registry.servicepoint",
    "registry.public_body": "registry.publicbody",
    "registry.service_category": "registry.servicecategory",
    "accounts.observer_profile": "accounts.observerprofile",
    "reports.PeriodicReport": "reports.periodicreport",
}
TABLE = "audit_auditevent"
TRIGGER = "audit_event_append_only"


def _rename(apps, schema_editor, mapping):
    AuditEvent = apps.get_model("audit", "AuditEvent")  # the plain manager: update() works
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # ALTER TABLE refuses to run with deferred foreign-key checks pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
    for old, new in mapping.items():
        AuditEvent.objects.filter(object_type=old).update(object_type=new)
    if postgresql:
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def forward(apps, schema_editor):
    _rename(apps, schema_editor, OLD_TO_NEW)


def backward(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forward, backward)]
