"""Append-only audit events. This app imports no domain app: callers describe their objects."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk writes bypass Model.save()/delete(), so the queryset refuses them as well."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    # bulk_update() goes through update(); update_or_create() through save(): both refused.


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A readable copy of who acted, kept even if the account is later renamed.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    # {"field": [old, new], ...}; free-form context goes under "extra".
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "-occurred_at"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: a row that exists already is never written again.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field, old, new) as people read them: the field's verbose name, choice labels,
        related objects by name (``related_names``, set by the page for all its events at
        once), dates as dd/mm/yyyy, "—" for nothing, lists joined by commas."""
        from .labels import field_label, related_names, value_label

        names = getattr(self, "related_names", None)
        if names is None:
            names = related_names([self])

        def show(field: str, value: object) -> str:
            if value is None or value in ("", []):
                return "—"
            if isinstance(value, list):
                return ", ".join(show(field, v) for v in value)
            return value_label(self.object_type, field, value, names)

        rows = []
        for field, values in sorted(self.changes.items()):
            label = field_label(self.object_type, field)
            if isinstance(values, list) and len(values) == 2:
                rows.append((label, show(field, values[0]), show(field, values[1])))
            else:
                rows.append((label, "", show(field, values)))
        return rows

    def action_label(self) -> str:
        from .labels import action_label

        return action_label(self.action)

    def object_type_label(self) -> str:
        from .labels import object_type_label

        return object_type_label(self.object_type)
