"""Reads of the follow-up app: every object through a scoped selector (404 out of scope).

Department staff see every recommendation; a focal point sees the recommendations sent to
their bodies (and the bodies under them), never a draft; nobody else sees any.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from raqib.core.access import user_roles
from raqib.core.activity import ActivityFilters
from raqib.core.roles import STAFF_ROLES, Role
from raqib.registry.selectors import public_body_descendant_ids

from .filtering import recommendations_for_filters
from .models import (
    AWAITING_BODY,
    Outcome,
    Recommendation,
    RecommendationEntry,
    RecommendationFile,
    RecommendationStatus,
)

if TYPE_CHECKING:
    from raqib.accounts.models import User


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def recommendation_scope(*, user: User) -> QuerySet[Recommendation]:
    roles = user_roles(user)
    qs = Recommendation.objects.select_related("body")
    if roles & STAFF_ROLES:
        return qs
    if Role.FOCAL_POINT in roles:
        return qs.filter(body_id__in=user.focal_body_ids).exclude(status=RecommendationStatus.DRAFT)
    return qs.none()


def recommendation_list_for_user(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Recommendation]:
    """Filters (all optional): status, body (id, descendants included), priority, overdue
    ("1"), q (reference, title, body name)."""
    filters = filters or {}
    qs = recommendation_scope(user=user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("priority"):
        qs = qs.filter(priority=filters["priority"])
    if filters.get("body"):
        qs = qs.filter(body_id__in=public_body_descendant_ids(root_ids=[_int(filters["body"])]))
    if filters.get("overdue"):
        qs = qs.filter(status__in=AWAITING_BODY, due_date__lt=timezone.localdate())
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(ref__icontains=q)
            | Q(title__icontains=q)
            | Q(body__name_ar__icontains=q)
            | Q(body__name_fr__icontains=q)
        )
    return qs.order_by("-created_at", "-id")


def recommendation_get_for_user(*, user: User, pk: Any) -> Recommendation:
    try:
        return recommendation_scope(user=user).get(pk=_int(pk))
    except Recommendation.DoesNotExist:
        raise Http404 from None


def recommendation_thread(*, recommendation: Recommendation) -> list[RecommendationEntry]:
    return list(recommendation.entries.prefetch_related("files").order_by("created_at", "id"))


def recommendation_file_get_for_user(*, user: User, uuid: Any) -> RecommendationFile:
    import uuid as uuid_lib

    try:
        key = uuid_lib.UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    found = (
        RecommendationFile.objects.select_related("entry__recommendation")
        .filter(uuid=key, entry__recommendation__in=recommendation_scope(user=user))
        .first()
    )
    if found is None:
        raise Http404
    return found


def effective_recommendations_of_body(*, body_id: int) -> QuerySet[Recommendation]:
    """Public: what a body did about what it was told ("you said, we did") — the improvements
    verified effective that the department published, with their texts for citizens."""
    return (
        Recommendation.objects.filter(
            body_id__in=public_body_descendant_ids(root_ids=[body_id]),
            outcome=Outcome.EFFECTIVE,
            published_at__isnull=False,
        )
        .select_related("body", "grid_version")
        .prefetch_related("service_points")
        .order_by("-verified_at", "-id")
    )


def recommendation_findings(*, recommendation: Recommendation, user: User) -> list[dict[str, Any]]:
    """The reports behind a recommendation, as figures: mission code, point, date, score.

    Department staff get a link to the review page; a body sees the figures only.
    """
    from raqib.grids.frozen import FrozenScore

    staff = bool(user_roles(user) & STAFF_ROLES)
    rows = []
    for finding in recommendation.findings.select_related(
        "report__mission__service_point"
    ).order_by("report__mission__window_start"):
        report = finding.report
        score = FrozenScore.read(report.score)
        rows.append(
            {
                "report_pk": report.pk if staff else None,
                "code": report.mission.code,
                "point": report.mission.service_point,
                "day": timezone.localdate(report.mission.window_start),
                "score": None if score is None else score.out_of_100,
                "critical": bool(score and score.critical_failures),
            }
        )
    return rows


def recommendation_verifications(*, recommendation: Recommendation) -> list[Any]:
    """The verification missions (code, point, status) — never who visits."""
    return [
        v.mission
        for v in recommendation.verifications.select_related("mission__service_point").order_by(
            "mission__code"
        )
    ]


def verification_open(*, recommendation: Recommendation) -> bool:
    from raqib.missions.models import MissionStatus

    return recommendation.verifications.exclude(
        mission__status__in=[MissionStatus.VALIDATED, MissionStatus.CANCELLED]
    ).exists()


def periodic_report_section(*, filters: Any) -> Any:
    """The follow-up's chapter of the periodic report (see periodic.py, core.activity)."""
    from .periodic import periodic_report_section as section

    return section(filters=filters)


def followup_figures_for_user(*, user: User, filters: ActivityFilters) -> Any:
    """The follow-up figures (figures.py) over the user's scope and the dashboard's filters,
    for the dashboard and the body scorecard."""
    from .figures import followup_figures

    recs = recommendations_for_filters(recommendation_scope(user=user), filters)
    return followup_figures(recommendations=recs, start=filters.start, end=filters.end)


# What each side must answer next: the body after sending or a plan sent back; the department
# after a plan is proposed or an implementation claimed.
BODY_TURN = (
    RecommendationStatus.SENT,
    RecommendationStatus.ACKNOWLEDGED,
    RecommendationStatus.PLAN_SENT_BACK,
    RecommendationStatus.PLAN_ACCEPTED,
    RecommendationStatus.IN_PROGRESS,
)
DEPARTMENT_TURN = (RecommendationStatus.PLAN_PROPOSED, RecommendationStatus.IMPLEMENTED)


def recommendations_awaiting(*, user: User, limit: int = 10) -> list[Recommendation]:
    """The home page's list: what waits for this user's side, the oldest due first."""
    roles = user_roles(user)
    turn = BODY_TURN if Role.FOCAL_POINT in roles and not roles & STAFF_ROLES else DEPARTMENT_TURN
    return list(
        recommendation_scope(user=user).filter(status__in=turn).order_by("due_date", "id")[:limit]
    )


def recommendation_points(*, recommendation: Recommendation) -> list[Any]:
    return list(recommendation.service_points.select_related("governorate").order_by("code"))


def recommendation_api_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Recommendation]:
    return recommendation_list_for_user(user=user, filters=filters).prefetch_related(
        "service_points"
    )


def public_bodies_with_effective() -> list[tuple[Any, int]]:
    """(body, number of recommendations verified effective) for the public index."""
    from django.db.models import Count

    from raqib.registry.models import PublicBody

    counts = dict(
        Recommendation.objects.filter(outcome=Outcome.EFFECTIVE, published_at__isnull=False)
        .values("body_id")
        .annotate(n=Count("id"))
        .values_list("body_id", "n")
    )
    return [(b, counts[b.pk]) for b in PublicBody.objects.filter(pk__in=counts).order_by("code")]


def public_body_by_code(*, code: str) -> Any:
    from raqib.registry.models import PublicBody

    body = PublicBody.objects.filter(code=code).first()
    if body is None:
        raise Http404
    return body


def effective_recommendations_of_point(*, service_point_id: int) -> list[Recommendation]:
    """Public: the published improvements verified effective that concern this point."""
    return list(
        Recommendation.objects.filter(
            service_points__id=service_point_id,
            outcome=Outcome.EFFECTIVE,
            published_at__isnull=False,
        )
        .order_by("-verified_at", "-id")
        .distinct()[:20]
    )


def effective_counts_by_body() -> dict[int, int]:
    """{body id: published improvements verified effective} (open data)."""
    from django.db.models import Count

    return dict(
        Recommendation.objects.filter(outcome=Outcome.EFFECTIVE, published_at__isnull=False)
        .order_by()
        .values_list("body_id")
        .annotate(n=Count("id"))
    )


OPEN_STATUSES = (
    RecommendationStatus.SENT,
    RecommendationStatus.ACKNOWLEDGED,
    RecommendationStatus.PLAN_PROPOSED,
    RecommendationStatus.PLAN_SENT_BACK,
    RecommendationStatus.PLAN_ACCEPTED,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.IMPLEMENTED,
)


def open_recommendation_counts() -> dict[int, int]:
    """{service point id: recommendations sent and not yet verified or closed} (planning)."""
    from django.db.models import Count

    return dict(
        Recommendation.objects.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("service_points__id")
        .annotate(n=Count("id", distinct=True))
        .filter(service_points__isnull=False)
    )


def points_awaiting_verification() -> set[int]:
    """Points of recommendations claimed implemented: a verification visit is due."""
    return set(
        Recommendation.objects.filter(
            status=RecommendationStatus.IMPLEMENTED, service_points__isnull=False
        ).values_list("service_points__id", flat=True)
    )
