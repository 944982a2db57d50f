"""The one write path: every service that changes a model goes through these helpers.

In the spirit of HackSoft's `model_update`: validate (`full_clean`), save only what changed
(`save(update_fields=…)`), and record one audit event with the old → new values in the same
transaction, whose `object_type` is always the model's `app_label.modelname`
(`instance._meta.label_lower`, e.g. `registry.servicepoint`).

    point = model_create(
        instance=ServicePoint(code=..., ...),
        actor=actor,
        action="service_point.create",
        fields=["code", "name_ar", "body.code"],
    )
    changes = model_update(
        instance=point, actor=actor, action="service_point.update", data={"name_ar": "..."}
    )

`fields` lists what the audit trail shows: a plain name reads the attribute (a related object
is recorded by its primary key, read from its column without loading it); a dotted path such
as `body.code` follows relations and is recorded under its first part (`body`), so people
read codes instead of ids.

`core` and `audit` form the base layer together: this module is the only part of `core` that
imports `audit` (and `audit` imports nothing of `core` that imports it back).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from raqib.audit.services import AuditActor, audit_event_record, diff_fields

__all__ = [
    "Actor",
    "Changes",
    "audit_id",
    "diff_fields",
    "model_audit",
    "model_create",
    "model_delete",
    "model_snapshot",
    "model_update",
    "no_check",
]

M = TypeVar("M", bound=models.Model)
# Who acts: a user, or nobody (None: the system — commands, tasks, seeds).
Actor = AuditActor
Changes = dict[str, Any]


def _read(instance: models.Model, path: str) -> Any:
    if "." not in path:
        field = _forward_field(instance, path)
        if field is not None and (field.many_to_one or field.one_to_one):
            # A related object is recorded by its key: read the column, load nothing.
            return getattr(instance, field.attname)
    value: Any = instance
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _forward_field(instance: models.Model, name: str) -> Any:
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None


def model_snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """{field: value} as the audit trail shows it (`body.code` is recorded under `body`)."""
    return {path.split(".")[0]: _read(instance, path) for path in fields}


def _frozen(values: dict[str, Any]) -> dict[str, Any]:
    # Lists and dicts (JSON fields) may be changed in place later: keep copies.
    return {k: copy.deepcopy(v) if isinstance(v, list | dict) else v for k, v in values.items()}


def _concrete_values(instance: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def no_check(instance: models.Model) -> None:
    """`validate=no_check`: a state change alone (active, status…) needs no new validation."""


def _label(instance: models.Model, label: str | None) -> str:
    return str(instance) if label is None else label


def audit_id(instance: models.Model) -> Any:
    """The id an event names: the primary key, or the field a model names in `AUDIT_ID_FIELD`
    (models known outside by a public UUID — reports, photos, periodic reports)."""
    return getattr(instance, getattr(type(instance), "AUDIT_ID_FIELD", "pk"))


def model_audit(
    *,
    instance: models.Model,
    actor: Actor,
    action: str,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    object_id: Any = None,
) -> None:
    """Record a change of `instance` made without `model_create`/`model_update`.

    For what those cannot express (related rows reordered, many-to-many sets replaced, a
    state change whose row was saved under a lock…); the object type is still the model's.
    """
    audit_event_record(
        actor=actor,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=audit_id(instance) if object_id is None else object_id,
        object_label=_label(instance, label),
        changes=changes,
    )


@transaction.atomic
def model_create(
    *,
    instance: M,
    actor: Actor,
    action: str,
    fields: Iterable[str] = (),
    label: str | None = None,
    extra: Mapping[str, Any] | None = None,
    validate: Callable[[M], None] | None = None,
    object_id: Any = None,
) -> M:
    """Validate and insert `instance`, audited as {field: [None, value]} for `fields`.

    `validate` replaces `instance.full_clean()` when a model needs a narrower or wider check;
    `extra` adds entries to the recorded changes as they are; `object_id` replaces the primary
    key in the audit event (for models known by a public UUID).
    """
    if validate is None:
        instance.full_clean()
    else:
        validate(instance)
    instance.save(force_insert=True)
    changes = diff_fields({}, model_snapshot(instance, fields))
    changes.update(extra or {})
    model_audit(
        instance=instance,
        actor=actor,
        action=action,
        changes=changes,
        label=label,
        object_id=object_id,
    )
    return instance


@transaction.atomic
def model_update(
    *,
    instance: M,
    actor: Actor,
    action: str,
    data: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    allowed: Collection[str] | None = None,
    label: str | None = None,
    extra: Mapping[str, Any] | None = None,
    prepare: Callable[[M], None] | None = None,
    validate: Callable[[M], None] | None = None,
    always: bool = False,
    object_id: Any = None,
) -> Changes:
    """Set `data` on `instance`; when something changed, validate, save and audit it.

    Returns the recorded changes ({field: [old, new]}); empty (nothing saved, nothing audited)
    when the values in `fields` (by default the keys of `data`) did not change, unless
    `always`. `allowed` refuses other keys (a programming error: TypeError). `prepare` runs
    after the values are set and before the comparison (derived fields); `validate` replaces
    `full_clean()`. Only the columns whose value changed are written (plus `auto_now` ones).
    """
    if allowed is not None:
        unknown = set(data) - set(allowed)
        if unknown:
            raise TypeError(f"{action}: cannot change {sorted(unknown)}")
    audited = list(data) if fields is None else list(fields)
    before = _frozen(model_snapshot(instance, audited))
    columns_before = _frozen(_concrete_values(instance))
    for name, value in data.items():
        setattr(instance, name, value)
    if prepare is not None:
        prepare(instance)
    changes = diff_fields(before, model_snapshot(instance, audited))
    if not changes and not always:
        return {}
    if validate is None:
        instance.full_clean()
    else:
        validate(instance)
    opts = instance._meta
    changed_columns = [
        name for name, value in _concrete_values(instance).items() if columns_before[name] != value
    ]
    pk_name = opts.pk.attname if opts.pk is not None else ""
    update_fields = {opts.get_field(name).name for name in changed_columns if name != pk_name}
    update_fields |= {
        f.name for f in opts.concrete_fields if getattr(f, "auto_now", False) and not f.primary_key
    }
    if changed_columns:
        instance.save(update_fields=sorted(update_fields))
    changes.update(extra or {})
    model_audit(
        instance=instance,
        actor=actor,
        action=action,
        changes=changes,
        label=label,
        object_id=object_id,
    )
    return changes


@transaction.atomic
def model_delete(
    *,
    instance: models.Model,
    actor: Actor,
    action: str,
    label: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Delete `instance` and record it (under the id and label it had)."""
    pk, text = audit_id(instance), _label(instance, label)
    instance.delete()
    model_audit(
        instance=instance, actor=actor, action=action, changes=changes, label=text, object_id=pk
    )
