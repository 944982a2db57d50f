"""Send the dashboards' rollup reads to a streaming replica, when one is configured.

Active only with DATABASE_REPLICA_URL (settings add the "replica" database and this router).
Safe by construction: writes, migrations and every model not listed go to "default"; so does
a read made inside a transaction on the primary, which must see its own uncommitted writes
(a rollup rebuild reads what it has just written).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

from raqib.settings.observability import REPLICA_READ_MODELS

REPLICA = "replica"


class ReplicaRouter:
    def __init__(
        self,
        databases: Mapping[str, Any] | None = None,
        models: Iterable[str] = REPLICA_READ_MODELS,
    ) -> None:
        configured = settings.DATABASES if databases is None else databases
        self.enabled = REPLICA in configured
        self.models = frozenset(models)

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not self.enabled or model._meta.label_lower not in self.models:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
