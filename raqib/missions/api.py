"""The observer sync API (contract: raqib/missions/API.md). Session + CSRF, observers only."""

from __future__ import annotations

import json
import uuid as uuid_lib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from raqib.core.access import has_any_role
from raqib.core.roles import Role

from . import selectors, services
from .models import Evidence, Mission, Report

MAX_ANSWERS_BYTES = 200_000


class IsObserver(permissions.BasePermission):
    message = _("Only observers use the field app.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_any_role(request.user, {Role.OBSERVER})


# --- Output -------------------------------------------------------------------------------


class EvidenceOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["uuid", "criterion", "sha256", "size", "content_type"]
        read_only_fields = fields


class ReportOutSerializer(serializers.ModelSerializer):
    mission = serializers.IntegerField(source="mission_id", read_only=True)
    # Plain text in the schema: several apps have a "status" enum and their names collide.
    status = serializers.CharField(
        read_only=True, help_text="draft | submitted | returned | validated"
    )
    photos = EvidenceOutSerializer(source="evidence", many=True, read_only=True)
    location = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "uuid",
            "mission",
            "status",
            "answers",
            "notes",
            "started_at",
            "ended_at",
            "location_consent",
            "location",
            "coordinator_comment",
            "photos",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_location(self, report: Report) -> dict[str, Any] | None:
        if report.latitude is None or report.longitude is None:
            return None
        return {
            "latitude": float(report.latitude),
            "longitude": float(report.longitude),
            "accuracy": report.location_accuracy,
        }


class ServicePointOutSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    opening_hours = serializers.CharField()
    phones = serializers.CharField()


class GridVersionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    content_hash = serializers.CharField()


class MissionOutSerializer(serializers.ModelSerializer):
    service_point = ServicePointOutSerializer(read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="planned | assigned | in_progress | submitted | returned | validated | cancelled",
    )
    grid_version = GridVersionRefSerializer(read_only=True)
    coordinator_comment = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta:
        model = Mission
        fields = [
            "id",
            "code",
            "status",
            "channel",
            "window_start",
            "window_end",
            "campaign",
            "service_point",
            "grid_version",
            "coordinator_comment",
            "report",
        ]
        read_only_fields = fields

    def get_coordinator_comment(self, mission: Mission) -> str:
        report = selectors.active_report(mission)
        return report.coordinator_comment if report and mission.status == "returned" else ""

    @extend_schema_field(ReportOutSerializer(allow_null=True))
    def get_report(self, mission: Mission) -> dict[str, Any] | None:
        report = selectors.active_report(mission)
        return ReportOutSerializer(report).data if report else None


class SessionOutSerializer(serializers.Serializer):
    csrf_token = serializers.CharField()
    user = serializers.DictField()
    language = serializers.CharField()
    photo_max_bytes = serializers.IntegerField()
    server_time = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(required=False)
    detail = serializers.CharField()


# --- Input --------------------------------------------------------------------------------


class LocationSerializer(serializers.Serializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)
    accuracy = serializers.FloatField(min_value=0, required=False, allow_null=True)


class ReportInSerializer(serializers.Serializer):
    mission = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10_000, default="")
    started_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ended_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    device_time = serializers.DateTimeField(required=False, allow_null=True, default=None)
    location = LocationSerializer(required=False, allow_null=True, default=None)
    location_consent = serializers.BooleanField(required=False, default=False)

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_ANSWERS_BYTES:
            raise serializers.ValidationError(_("The answers are too large."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("started_at"), attrs.get("ended_at")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ended_at": [_("The end of the visit is before its start.")]}
            )
        return attrs


class PhotoInSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    criterion = serializers.CharField(max_length=80)


# --- Helpers ------------------------------------------------------------------------------


def _uuid(value: str) -> uuid_lib.UUID:
    try:
        return uuid_lib.UUID(str(value))
    except ValueError:
        raise serializers.ValidationError(
            {"detail": _("The identifier in the address is not a valid UUID.")}
        ) from None


def _service_error(error: ValidationError) -> Response | None:
    """A 409 for state conflicts, a 400 for invalid answers; None: let the handler answer."""
    code = getattr(error, "code", None)
    if code in services.CONFLICT_CODES:
        body = {"code": code, "detail": str(error.messages[0])}
        params = getattr(error, "params", None) or {}
        body.update({k: str(v) for k, v in params.items()})
        return Response(body, status=status.HTTP_409_CONFLICT)
    if code == "invalid_answers":
        return Response(
            {
                "code": code,
                "detail": str(error.messages[0]),
                "answers": getattr(error, "answers", {}),
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


class ObserverAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsObserver]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The observer app states its UI language as a bare "ar" or "fr". A browser's own
        # list ("fr-FR,fr;q=0.9,...") is ignored, as everywhere in Raqib: the remembered
        # choice (cookie) applies then.
        chosen = request.headers.get("Accept-Language", "").strip().lower()
        if chosen in {code for code, _name in settings.LANGUAGES}:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        super().initial(request, *args, **kwargs)


CONFLICT = OpenApiResponse(ErrorSerializer, description="State conflict (see API.md codes)")
BAD = OpenApiResponse(description="Bad input: {field: [messages]} or {detail}")


# --- Views --------------------------------------------------------------------------------


class SessionView(ObserverAPIView):
    @extend_schema(
        summary="Session information and CSRF token for the observer app",
        responses=SessionOutSerializer,
        tags=["observer"],
    )
    def get(self, request: Request) -> Response:
        profile = getattr(request.user, "observer_profile", None)
        return Response(
            {
                "csrf_token": get_token(request),
                "user": {"pseudonym": profile.pseudonym if profile else ""},
                "language": get_language(),
                "photo_max_bytes": services.evidence_max_bytes(),
                "server_time": timezone.now().isoformat(),
            }
        )


class MissionListView(ObserverAPIView):
    @extend_schema(
        summary="The signed-in observer's missions",
        responses=MissionOutSerializer(many=True),
        tags=["observer"],
    )
    def get(self, request: Request) -> Response:
        missions = selectors.observer_mission_list(user=request.user)
        return Response(MissionOutSerializer(missions, many=True).data)


class ReportView(ObserverAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="One of the observer's reports",
        responses=ReportOutSerializer,
        tags=["observer"],
    )
    def get(self, request: Request, report_uuid: str) -> Response:
        report = selectors.observer_report_get(user=request.user, report_uuid=_uuid(report_uuid))
        return Response(ReportOutSerializer(report).data)

    @extend_schema(
        summary="Create or replace a draft report (idempotent, client UUID)",
        request=ReportInSerializer,
        responses={200: ReportOutSerializer, 201: ReportOutSerializer, 400: BAD, 409: CONFLICT},
        tags=["observer"],
    )
    def put(self, request: Request, report_uuid: str) -> Response:
        key = _uuid(report_uuid)
        data = ReportInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            report, created = services.report_upsert(
                actor=request.user,
                report_uuid=key,
                mission_id=values.pop("mission"),
                **values,
            )
        except ValidationError as error:
            answer = _service_error(error)
            if answer is None:
                raise
            return answer
        report = selectors.observer_report_get(user=request.user, report_uuid=report.uuid)
        return Response(
            ReportOutSerializer(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PhotoView(ObserverAPIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Upload an evidence photo once (idempotent, client UUID)",
        request={"multipart/form-data": PhotoInSerializer},
        responses={
            200: EvidenceOutSerializer,
            201: EvidenceOutSerializer,
            400: BAD,
            409: CONFLICT,
        },
        tags=["observer"],
    )
    def put(self, request: Request, report_uuid: str, photo_uuid: str) -> Response:
        report_key, photo_key = _uuid(report_uuid), _uuid(photo_uuid)
        data = PhotoInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            evidence, created = services.evidence_add(
                actor=request.user,
                report_uuid=report_key,
                photo_uuid=photo_key,
                criterion=data.validated_data["criterion"],
                upload=data.validated_data["file"],
            )
        except ValidationError as error:
            answer = _service_error(error)
            if answer is None:
                raise
            return answer
        return Response(
            EvidenceOutSerializer(evidence).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SubmitView(ObserverAPIView):
    @extend_schema(
        summary="Submit a report for review (idempotent)",
        request=None,
        responses={200: ReportOutSerializer, 400: BAD, 409: CONFLICT},
        tags=["observer"],
    )
    def post(self, request: Request, report_uuid: str) -> Response:
        key = _uuid(report_uuid)
        try:
            report = services.report_submit(actor=request.user, report_uuid=key)
        except ValidationError as error:
            answer = _service_error(error)
            if answer is None:
                raise
            return answer
        report = selectors.observer_report_get(user=request.user, report_uuid=report.uuid)
        return Response(ReportOutSerializer(report).data)
