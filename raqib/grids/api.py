"""Read-only REST API over published grid versions (the offline observer app downloads them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from raqib.core.access import has_any_role
from raqib.core.roles import STAFF_ROLES, Role

from . import selectors
from .models import GridVersion

API_READER_ROLES = frozenset(STAFF_ROLES | {Role.OBSERVER})


class CanReadGrids(permissions.BasePermission):
    """Department staff and observers; focal points of public bodies do not see grids."""

    message = _("Your role does not give access to evaluation grids.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_any_role(request.user, API_READER_ROLES)


class GridVersionSerializer(serializers.ModelSerializer):
    grid_code = serializers.CharField(source="grid.code", read_only=True)
    channel = serializers.CharField(source="grid.channel", read_only=True)

    class Meta:
        model = GridVersion
        fields = ["id", "grid_code", "channel", "number", "status", "content_hash", "published_at"]
        read_only_fields = fields


class GridVersionDetailSerializer(GridVersionSerializer):
    snapshot = serializers.JSONField(
        read_only=True,
        help_text="The frozen grid (schema 1): grid, settings, choice_lists, sections with "
        "criteria. content_hash is the SHA-256 of its canonical JSON "
        "(sort_keys, separators ',' ':', UTF-8).",
    )

    class Meta(GridVersionSerializer.Meta):
        fields = [*GridVersionSerializer.Meta.fields, "retired_at", "snapshot"]
        read_only_fields = fields


@extend_schema_view(
    get=extend_schema(
        summary="Published grid versions",
        description="Every published (not retired) grid version, without its content.",
        tags=["grids"],
    )
)
class GridVersionListView(generics.ListAPIView):
    serializer_class = GridVersionSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadGrids]

    def get_queryset(self) -> Any:
        return selectors.grid_version_published_list()


@extend_schema_view(
    get=extend_schema(
        summary="One frozen grid version with its snapshot",
        description="Published or retired versions only: drafts answer 404.",
        tags=["grids"],
    )
)
class GridVersionDetailView(generics.RetrieveAPIView):
    serializer_class = GridVersionDetailSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadGrids]

    def get_queryset(self) -> Any:
        return selectors.grid_version_frozen_list()
