"""The observer sync API (contract: raqib/missions/API.md). Session + CSRF, observers only."""

from __future__ import annotations

import json
import uuid as uuid_lib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from raqib.core.access import has_any_role
from raqib.core.roles import Role

from . import selectors, services
from .models import CorrectionStatus, Evidence, Mission, Report

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
    content_hash = serializers.SerializerMethodField()
    revision = serializers.CharField(source="client_revision", read_only=True)

    class Meta:
        model = Report
        fields = [
            "uuid",
            "mission",
            "status",
            "version",
            "content_hash",
            "revision",
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

    def get_content_hash(self, report: Report) -> str:
        return services.report_content_hash(report)

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


class ReportStatusOutSerializer(serializers.ModelSerializer):
    """The light state of one report: what the phone needs to settle its outbox item."""

    mission = serializers.IntegerField(source="mission_id", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="draft | submitted | returned | validated"
    )
    content_hash = serializers.SerializerMethodField()
    revision = serializers.CharField(source="client_revision", read_only=True)
    photos = serializers.SerializerMethodField()
    pending_corrections = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "mission",
            "uuid",
            "status",
            "version",
            "content_hash",
            "revision",
            "photos",
            "pending_corrections",
            "updated_at",
        ]
        read_only_fields = fields

    def get_content_hash(self, report: Report) -> str:
        return services.report_content_hash(report)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_photos(self, report: Report) -> list[dict[str, str]]:
        return [{"uuid": str(e.uuid), "sha256": e.sha256} for e in report.evidence.all()]

    def get_pending_corrections(self, report: Report) -> int:
        return sum(1 for c in report.corrections.all() if c.status == CorrectionStatus.PENDING)


class CorrectionOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    report = serializers.UUIDField(source="report.uuid")
    status = serializers.CharField(help_text="pending | accepted | rejected")
    base_version = serializers.IntegerField()
    answers = serializers.DictField()
    notes = serializers.CharField(allow_null=True)


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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _checked_answers(value: dict[str, Any]) -> dict[str, Any]:
    """Answers the database can store: not too large, no NUL character (PostgreSQL's jsonb
    refuses it, and the write failed with a 500 instead of a 400)."""
    if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_ANSWERS_BYTES:
        raise serializers.ValidationError(_("The answers are too large."))
    if _has_nul(value):
        raise serializers.ValidationError(
            _("The answers contain a null character (\\u0000), which cannot be stored.")
        )
    return value


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
        return _checked_answers(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("started_at"), attrs.get("ended_at")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ended_at": [_("The end of the visit is before its start.")]}
            )
        return attrs


class ReportPatchSerializer(serializers.Serializer):
    """Only what changed: answers by criterion code (null clears one), notes, visit times."""

    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), required=False, allow_empty=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    device_time = serializers.DateTimeField(required=False, allow_null=True, default=None)
    location = LocationSerializer(required=False, allow_null=True)
    location_consent = serializers.BooleanField(required=False)

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        return _checked_answers(value)


class CorrectionInSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), required=False, default=dict
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=10_000, default=None
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        return _checked_answers(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("answers") and attrs.get("notes") is None:
            raise serializers.ValidationError({"detail": _("The correction changes nothing.")})
        if len(json.dumps(attrs, ensure_ascii=False).encode()) > MAX_ANSWERS_BYTES:
            raise serializers.ValidationError({"answers": [_("The answers are too large.")]})
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


MAX_UUIDS = 200


def _if_match(request: Request, *, required: bool = False) -> int | None:
    """The report version the phone last saw: `If-Match: "<version>"` (ETag of the report)."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw or raw == "*":
        if required:
            raise PreconditionRequired()
        return None
    value = raw.removeprefix("W/").strip('"')
    # ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() refuses or reads.
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise serializers.ValidationError(
            {"detail": _("If-Match must be the report's version, as in its ETag.")}
        )
    return int(value)


def _revision(request: Request) -> str:
    value = request.headers.get("Raqib-Revision", "").strip()
    if len(value) > 64 or not value.replace("-", "").isalnum():
        return ""
    return value


def _with_etag(response: Response, report: Report) -> Response:
    response["ETag"] = f'"{report.version}"'
    return response


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "version_required"

    def __init__(self) -> None:
        message = _("Send the version of the report you edited (If-Match header).")
        super().__init__(detail={"code": "version_required", "detail": message})


def _service_error(error: ValidationError) -> Response | None:
    """409/412 for state conflicts, a 400 for invalid answers; None: let the handler answer."""
    code = getattr(error, "code", None)
    if code in services.CONFLICT_CODES:
        body = {"code": code, "detail": str(error.messages[0])}
        params = getattr(error, "params", None) or {}
        body.update({k: str(v) for k, v in params.items()})
        if code == "stale_version":
            return Response(body, status=status.HTTP_412_PRECONDITION_FAILED)
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

    def handle_exception(self, exc: Exception) -> Response:
        # A service's state conflict or invalid answers has its own JSON answer (409, 412,
        # 400); any other validation error goes to the API's common handler.
        if isinstance(exc, ValidationError):
            answer = _service_error(exc)
            if answer is not None:
                return answer
        return super().handle_exception(exc)


CONFLICT = OpenApiResponse(ErrorSerializer, description="State conflict (see API.md codes)")
STALE = OpenApiResponse(
    ErrorSerializer, description="stale_version: If-Match is not the report's current version"
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The report version the phone last saw, e.g. "3" (the ETag).',
)
REVISION = OpenApiParameter(
    "Raqib-Revision",
    str,
    OpenApiParameter.HEADER,
    description="The phone's tag of the content it sends (returned as `revision`).",
)
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
        return _with_etag(Response(ReportOutSerializer(report).data), report)

    @extend_schema(
        summary="Create or replace a draft report (idempotent, client UUID)",
        request=ReportInSerializer,
        parameters=[IF_MATCH, REVISION],
        responses={
            200: ReportOutSerializer,
            201: ReportOutSerializer,
            400: BAD,
            409: CONFLICT,
            412: STALE,
        },
        tags=["observer"],
    )
    def put(self, request: Request, report_uuid: str) -> Response:
        key = _uuid(report_uuid)
        expected = _if_match(request)
        data = ReportInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        report, created = services.report_upsert(
            actor=request.user,
            report_uuid=key,
            mission_id=values.pop("mission"),
            expected_version=expected,
            revision=_revision(request),
            **values,
        )
        report = selectors.observer_report_get(user=request.user, report_uuid=report.uuid)
        return _with_etag(
            Response(
                ReportOutSerializer(report).data,
                status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            ),
            report,
        )

    @extend_schema(
        summary="Change only some answers of a draft or returned report (If-Match required)",
        request=ReportPatchSerializer,
        parameters=[IF_MATCH, REVISION],
        responses={
            200: ReportOutSerializer,
            400: BAD,
            409: CONFLICT,
            412: STALE,
            428: OpenApiResponse(ErrorSerializer, description="version_required"),
        },
        tags=["observer"],
    )
    def patch(self, request: Request, report_uuid: str) -> Response:
        key = _uuid(report_uuid)
        expected = _if_match(request, required=True)
        assert expected is not None
        data = ReportPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        device_time = changes.pop("device_time", None)
        report = services.report_patch(
            actor=request.user,
            report_uuid=key,
            expected_version=expected,
            changes=changes,
            device_time=device_time,
            revision=_revision(request),
        )
        report = selectors.observer_report_get(user=request.user, report_uuid=report.uuid)
        return _with_etag(Response(ReportOutSerializer(report).data), report)


class ReportStatusView(ObserverAPIView):
    @extend_schema(
        summary="The light state of one of the observer's reports (404 if not theirs)",
        responses={200: ReportStatusOutSerializer, 404: OpenApiResponse(description="Not yours")},
        tags=["observer"],
    )
    def get(self, request: Request, report_uuid: str) -> Response:
        report = selectors.observer_report_status(user=request.user, uuids=[_uuid(report_uuid)])
        if not report:
            raise Http404
        return _with_etag(Response(ReportStatusOutSerializer(report[0]).data), report[0])


class ReportStatusListView(ObserverAPIView):
    @extend_schema(
        summary="The light state of several of the observer's reports (outbox reconciliation)",
        parameters=[
            OpenApiParameter(
                "uuid",
                str,
                many=True,
                description="Report uuids (repeat the parameter, at most 200). "
                "Reports that are not the observer's are simply absent.",
            )
        ],
        responses=ReportStatusOutSerializer(many=True),
        tags=["observer"],
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.getlist("uuid")
        if len(raw) > MAX_UUIDS:
            raise serializers.ValidationError({"uuid": [_("Too many reports at once.")]})
        reports = selectors.observer_report_status(
            user=request.user, uuids=[_uuid(value) for value in raw]
        )
        return Response(ReportStatusOutSerializer(reports, many=True).data)


class CorrectionView(ObserverAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Propose a correction of a submitted report (only the changes; If-Match)",
        request=CorrectionInSerializer,
        parameters=[IF_MATCH],
        responses={
            200: CorrectionOutSerializer,
            201: CorrectionOutSerializer,
            400: BAD,
            409: CONFLICT,
            412: STALE,
        },
        tags=["observer"],
    )
    def put(self, request: Request, report_uuid: str, correction_uuid: str) -> Response:
        report_key, correction_key = _uuid(report_uuid), _uuid(correction_uuid)
        expected = _if_match(request, required=True)
        assert expected is not None
        data = CorrectionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction, created = services.report_correction_request(
            actor=request.user,
            report_uuid=report_key,
            correction_uuid=correction_key,
            expected_version=expected,
            answers=data.validated_data["answers"],
            notes=data.validated_data["notes"],
        )
        return Response(
            CorrectionOutSerializer(correction).data,
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
        evidence, created = services.evidence_add(
            actor=request.user,
            report_uuid=report_key,
            photo_uuid=photo_key,
            criterion=data.validated_data["criterion"],
            upload=data.validated_data["file"],
        )
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
        report = services.report_submit(actor=request.user, report_uuid=key)
        report = selectors.observer_report_get(user=request.user, report_uuid=report.uuid)
        return _with_etag(Response(ReportOutSerializer(report).data), report)
