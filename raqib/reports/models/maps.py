"""Governorate boundaries an administrator may upload (GeoJSON keyed by ISO 3166-2 code)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MapBoundary(models.Model):
    """The current boundary file: at most one active row; the dashboard falls back to tiles."""

    name = models.CharField(_("name"), max_length=200)
    # Simplified, validated geometry per ISO code: {"TN-11": [[[lon, lat], ...], ...], ...}
    # (rings of polygons); the original upload is not kept.
    shapes = models.JSONField(_("shapes"))
    bbox = models.JSONField(_("bounding box"))  # [min_lon, min_lat, max_lon, max_lat]
    sha256 = models.CharField(_("SHA-256 of the uploaded file"), max_length=64)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("map boundary file")
        verbose_name_plural = _("map boundary files")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="reports_one_active_boundary",
            )
        ]

    def __str__(self) -> str:
        return self.name
