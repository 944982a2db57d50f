"""The public read-only API: the open-data figures per service point, anonymous, throttled.

GET /api/v1/public/service-points/?period=2026-S1&governorate=TN-11&q=…&limit=&offset=
GET /api/v1/public/service-points/<code>/?period=…
Without `period`, the pages' rolling period. Every figure follows docs/publication.md (no
score below the minimum of visits, no index below the wave's minimum sample).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from raqib.registry.selectors import public_service_point_by_code, public_service_points

from .figures import figures_row, parse_period, point_figures, rolling_period


class PointFiguresOut(serializers.Serializer):
    period = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    service_point_code = serializers.CharField()
    service_point_name_ar = serializers.CharField()
    service_point_name_fr = serializers.CharField()
    body_code = serializers.CharField()
    body_name_ar = serializers.CharField()
    body_name_fr = serializers.CharField()
    governorate_code = serializers.CharField()
    governorate_name_ar = serializers.CharField()
    governorate_name_fr = serializers.CharField()
    visits = serializers.IntegerField()
    visit_score_mean = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    survey_wave = serializers.CharField(allow_null=True)
    survey_answers = serializers.IntegerField()
    satisfaction_index = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    satisfaction_low = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    satisfaction_high = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    marhba_label = serializers.BooleanField()
    body_improvements_verified = serializers.IntegerField()


class PointFiguresPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PointFiguresOut(many=True)


PERIOD = OpenApiParameter(
    "period",
    str,
    description="2026 (a year) or 2026-S1 / 2026-S2; default: the 365 days ending today.",
    pattern=r"^20\d\d(-S[12])?$",
)
TOO_MANY = OpenApiResponse(description="Too many requests: wait and try again (rate limit).")


class PublicPages(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


class PublicThrottle(ScopedRateThrottle):
    """Per client address, at `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public"]`, read on
    each request (DRF reads it once at import, which would ignore a changed setting)."""

    def get_rate(self) -> str | None:
        config: dict[str, Any] = settings.REST_FRAMEWORK
        rates: dict[str, str] = config.get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(str(self.scope))


class _Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicThrottle]
    throttle_scope = "public"

    def period(self, request: Request) -> Any:
        label = str(request.query_params.get("period", "")).strip()
        if not label:
            return rolling_period()
        try:
            return parse_period(label)
        except Exception:
            raise serializers.ValidationError({"period": ["2026, 2026-S1 or 2026-S2."]}) from None


class PublicPointList(_Public):
    @extend_schema(
        operation_id="public_service_points_list",
        parameters=[
            PERIOD,
            OpenApiParameter("governorate", str, description="ISO 3166-2 code, e.g. TN-11"),
            OpenApiParameter("q", str, description="Words of the name, or the code"),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses={200: PointFiguresPage, 429: TOO_MANY},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        period = self.period(request)
        points = public_service_points(
            q=str(request.query_params.get("q", "")).replace("\x00", "")[:100],
            governorate=str(request.query_params.get("governorate", "")).replace("\x00", "")[:10],
        )
        paginator = PublicPages()
        page = paginator.paginate_queryset(points, request, view=self) or []
        rows = [figures_row(f, period) for f in point_figures(points=list(page), period=period)]
        return paginator.get_paginated_response(PointFiguresOut(rows, many=True).data)


class PublicPointDetail(_Public):
    @extend_schema(
        operation_id="public_service_points_retrieve",
        parameters=[PERIOD],
        responses={200: PointFiguresOut, 429: TOO_MANY},
        auth=[],
    )
    def get(self, request: Request, code: str) -> Response:
        period = self.period(request)
        found = public_service_point_by_code(code=code)
        (figures,) = point_figures(points=[found], period=period)
        return Response(PointFiguresOut(figures_row(figures, period)).data)
