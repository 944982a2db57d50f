"""What the follow-up tells whom, through the notifications service.

Bodies hear of a recommendation sent, a plan sent back, the verification result, a due date
coming or passed, and — past a delay — the parent body's focal points hear of it too. The
department hears when a body answers. Messages to bodies name the body, the point and the
recommendation, never a person (notifications.bodies).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import focal_points_nearest, focal_points_of_body, users_with_roles
from raqib.notifications.bodies import (
    recommendation_due_message,
    recommendation_event_message,
    recommendation_sent_message,
)
from raqib.notifications.contract import Localized, Message
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.services import notification_send

from .access import DEPARTMENT_ACTORS
from .models import Recommendation, RecommendationStatus

URL = "followup:recommendation_detail"

_BODY_EVENTS = {
    "send_back": NotificationKind.RECOMMENDATION_SENT_BACK,
    "verify_effective": NotificationKind.RECOMMENDATION_VERIFIED,
    "verify_not_effective": NotificationKind.RECOMMENDATION_VERIFIED,
    "accept_plan": NotificationKind.RECOMMENDATION_CHANGED,
    "reject_claim": NotificationKind.RECOMMENDATION_CHANGED,
    "resume": NotificationKind.RECOMMENDATION_CHANGED,
    "withdraw": NotificationKind.RECOMMENDATION_CHANGED,
    "close": NotificationKind.RECOMMENDATION_CHANGED,
}
_ANSWERS = {
    "acknowledge": _("%(body)s acknowledged recommendation %(ref)s"),
    "propose_plan": _("%(body)s proposed an action plan for %(ref)s"),
    "claim": _("%(body)s says recommendation %(ref)s is implemented"),
    "progress": _("%(body)s reported progress on %(ref)s"),
    "comment": _("%(body)s wrote about %(ref)s"),
}


def _body(recommendation: Recommendation) -> Localized:
    return Localized(recommendation.body.name_ar, recommendation.body.name_fr)


def _focal_points(body_id: int) -> tuple[Any, ...]:
    """The body's own focal points (or the nearest body above that has some)."""
    return tuple(focal_points_nearest(body_id=body_id))


def _escalation_recipients(parent_id: int) -> tuple[Any, ...]:
    """Escalation goes up the whole chain above the body."""
    return tuple(focal_points_of_body(body_id=parent_id))


def moved(*, recommendation: Recommendation, event: str) -> None:
    if event == "send":
        point = recommendation.service_points.order_by("code").first()
        notification_send(
            message=recommendation_sent_message(
                recipients=_focal_points(recommendation.body_id),
                recommendation_ref=recommendation.ref,
                body_name=_body(recommendation),
                point_name=(
                    Localized(point.name_ar, point.name_fr)
                    if point is not None
                    else _body(recommendation)
                ),
                event_key=f"recommendation.send:{recommendation.pk}",
                url_name=URL,
                url_kwargs={"pk": recommendation.pk},
            )
        )
    elif event in _BODY_EVENTS:
        _to_body(recommendation, _BODY_EVENTS[event], f"{event}:{recommendation.version}")
    elif event in _ANSWERS:
        answered(recommendation=recommendation, event=event)


def _to_body(
    recommendation: Recommendation,
    kind: str,
    key: str,
    *,
    recipients: tuple[Any, ...] | None = None,
) -> int:
    sent = notification_send(
        message=recommendation_event_message(
            kind=kind,
            recipients=(
                _focal_points(recommendation.body_id) if recipients is None else recipients
            ),
            status=RecommendationStatus(recommendation.status).label,
            recommendation_ref=recommendation.ref,
            body_name=_body(recommendation),
            due=recommendation.due_date,
            event_key=f"recommendation.{key}:{recommendation.pk}",
            url_name=URL,
            url_kwargs={"pk": recommendation.pk},
        )
    )
    return len(sent)


def answered(*, recommendation: Recommendation, event: str) -> None:
    """Tell the coordinator who drafted it (or every coordinator and director)."""
    author = recommendation.created_by
    recipients = (
        (author,)
        if author is not None and author.is_active
        else tuple(users_with_roles(roles=DEPARTMENT_ACTORS))
    )
    entries = recommendation.entries.count()
    notification_send(
        message=Message(
            kind=NotificationKind.RECOMMENDATION_ANSWERED,
            recipients=recipients,
            event_key=f"recommendation.{event}:{recommendation.pk}:{entries}",
            title=_ANSWERS[event],
            params={"ref": recommendation.ref, "body": _body(recommendation)},
            url_name=URL,
            url_kwargs={"pk": recommendation.pk},
        )
    )


def due_soon(recommendation: Recommendation) -> int:
    sent = notification_send(
        message=recommendation_due_message(
            recipients=_focal_points(recommendation.body_id),
            recommendation_ref=recommendation.ref,
            body_name=_body(recommendation),
            due=recommendation.due_date,
            event_key=f"recommendation.due:{recommendation.pk}:{recommendation.due_date}",
            url_name=URL,
            url_kwargs={"pk": recommendation.pk},
        )
    )
    return len(sent)


def overdue(recommendation: Recommendation) -> int:
    return _to_body(
        recommendation,
        NotificationKind.RECOMMENDATION_OVERDUE,
        f"overdue:{recommendation.due_date}",
    )


def escalated(recommendation: Recommendation, *, parent_id: int) -> int:
    return _to_body(
        recommendation,
        NotificationKind.RECOMMENDATION_ESCALATED,
        f"escalated:{recommendation.due_date}",
        recipients=_escalation_recipients(parent_id),
    )
