"""The observer app's training sync (docs/training.md, "Offline"): the bundle it keeps for
offline use, and the quiz attempts it sends when the network is back. Same rules as the
rest of the sync API (raqib/missions/API.md): session + CSRF, observers only, JSON errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from raqib.missions.api import BAD, ErrorSerializer, ObserverAPIView
from raqib.training import offline
from raqib.training.models import CourseVersion

REFUSALS = {"quiz_passed", "quiz_attempts_used", "quiz_wait"}


class QuizAttemptInSerializer(serializers.Serializer):
    attempt = serializers.UUIDField(help_text="The ticket's attempt id (client UUID).")
    course = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    answers = serializers.DictField(child=serializers.CharField(max_length=40, allow_blank=True))

    def validate_answers(self, value: dict[str, str]) -> dict[str, str]:
        if len(value) > 200:
            raise serializers.ValidationError(_("Too many answers."))
        return value


class QuizAttemptOutSerializer(serializers.Serializer):
    attempt = serializers.UUIDField()
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    certified = serializers.ListField(child=serializers.CharField())


class TrainingBundleView(ObserverAPIView):
    @extend_schema(
        summary="Courses, quizzes (with a ticket for a new attempt) and certifications",
        responses={200: OpenApiResponse(description="The training bundle (docs/training.md)")},
        tags=["observer"],
    )
    def get(self, request: Request) -> Response:
        return Response(offline.training_bundle(observer=request.user))


class QuizAttemptView(ObserverAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Score a quiz taken on the phone (idempotent on the attempt id)",
        request=QuizAttemptInSerializer,
        responses={
            200: QuizAttemptOutSerializer,
            400: BAD,
            404: OpenApiResponse(ErrorSerializer, description="No such course"),
            409: OpenApiResponse(
                ErrorSerializer,
                description="quiz_passed | quiz_attempts_used | quiz_wait: the attempt "
                "could not start now; detail says why",
            ),
        },
        tags=["observer"],
    )
    def post(self, request: Request) -> Response:
        given = QuizAttemptInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data: dict[str, Any] = given.validated_data
        version = CourseVersion.objects.filter(pk=data["course"]).first()
        if version is None:
            return Response({"detail": _("This course does not exist.")}, status=404)
        try:
            attempt, granted = offline.quiz_attempt_sync(
                actor=request.user,
                course_version=version,
                client_uuid=data["attempt"],
                answers=data["answers"],
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            body = {"code": code or "invalid", "detail": " ".join(error.messages)}
            return Response(
                body,
                status=status.HTTP_409_CONFLICT if code in REFUSALS else 400,
            )
        return Response(
            {
                "attempt": str(attempt.client_uuid),
                "score": attempt.score,
                "passed": attempt.passed,
                "certified": [
                    f"{c.grid_version.grid.code} v{c.grid_version.number}" for c in granted
                ],
            }
        )
