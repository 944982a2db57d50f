"""GET /api/v1/recommendations/ and /api/v1/recommendations/<id>/ — scoped like the pages.

Department staff see every recommendation; a focal point the ones sent to their bodies;
an object out of scope answers 404, as one that does not exist. No person appears: the
thread is given by side (department / body), never by author.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import LimitOffsetPagination

from raqib.core.access import has_any_role

from . import selectors
from .access import READERS
from .models import Priority, Recommendation, RecommendationStatus


class IsFollowupReader(permissions.BasePermission):
    message = _("Your role does not give access to recommendations.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_any_role(request.user, READERS)


class ActionOut(serializers.Serializer):
    position = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.CharField()
    due_date = serializers.DateField()


class RecommendationOut(serializers.ModelSerializer):
    body = serializers.SerializerMethodField()
    service_points = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "ref",
            "title",
            "status",
            "priority",
            "source",
            "due_date",
            "overdue",
            "body",
            "service_points",
            "basis",
            "basis_reference",
            "criteria",
            "sent_at",
            "acknowledged_at",
            "plan_accepted_at",
            "implemented_at",
            "verified_at",
            "closed_at",
            "outcome",
        ]

    def get_body(self, rec: Recommendation) -> dict[str, Any]:
        return {"id": rec.body_id, "code": rec.body.code}

    def get_service_points(self, rec: Recommendation) -> list[str]:
        return [p.code for p in rec.service_points.all()]


class RecommendationDetailOut(RecommendationOut):
    actions = ActionOut(many=True)
    verification = serializers.JSONField()

    class Meta(RecommendationOut.Meta):
        fields = [
            *RecommendationOut.Meta.fields,
            "text",
            "evidence_summary",
            "actions",
            "verification",
        ]


class ListParams(serializers.Serializer):
    """The list's filters: a value that makes no sense is a 400 with the reason, not ignored."""

    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    body = serializers.IntegerField(min_value=1, required=False)
    overdue = serializers.BooleanField(required=False)
    q = serializers.CharField(required=False, max_length=100)


class Page(LimitOffsetPagination):
    default_limit = 100
    max_limit = 500


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status", str, enum=RecommendationStatus.values, description="A status code."
        ),
        OpenApiParameter("priority", str, enum=Priority.values, description="A priority."),
        OpenApiParameter("body", int, description="A body id (the bodies under it included)."),
        OpenApiParameter("overdue", bool, description="true: overdue only."),
        OpenApiParameter("q", str, description="Reference, title or body name."),
    ],
    description="Recommendations to public bodies in the caller's scope (docs/followup.md).",
)
class RecommendationListView(ListAPIView):
    permission_classes = [IsFollowupReader]
    serializer_class = RecommendationOut
    pagination_class = Page

    def get_queryset(self) -> Any:
        params = ListParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.recommendation_api_list(
            user=self.request.user, filters=dict(params.validated_data)
        )


class RecommendationDetailView(RetrieveAPIView):
    permission_classes = [IsFollowupReader]
    serializer_class = RecommendationDetailOut

    def get_object(self) -> Recommendation:
        return selectors.recommendation_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
