from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs: QuerySet[AuditEvent] = AuditEvent.objects.select_related("actor")
    filters: dict[str, Any] = {}
    if actor:
        filters["actor_label__icontains"] = actor
    if action:
        filters["action"] = action
    if object_type:
        filters["object_type"] = object_type
    if object_id:
        filters["object_id"] = object_id
    if since:
        filters["occurred_at__date__gte"] = since
    if until:
        filters["occurred_at__date__lte"] = until
    return qs.filter(**filters)


def audit_action_choices() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_type_choices() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
