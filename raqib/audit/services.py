"""The one way to write an audit event. Domain services call it inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from raqib.core.middleware import current_request_id

from .models import AuditEvent

# Who acts: a user, an anonymous visitor, or nobody (the system: commands, tasks, imports).
AuditActor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return str(value)


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _jsonable(before.get(key)) != _jsonable(after.get(key))
    }


def audit_event_record(
    *,
    actor: AuditActor,
    action: str,
    object_type: str,
    object_id: Any = "",
    object_label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    # Any: the stored user is of settings.AUTH_USER_MODEL, which audit does not import.
    user: Any = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        actor=user,
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id if object_id is not None else ""),
        object_label=str(object_label)[:255],
        changes=_jsonable(dict(changes or {})),
        request_id=current_request_id.get(),
    )
    event.full_clean()
    event.save()
    return event
