"""Messages to public bodies (focal points), for the follow-up of recommendations.

A body-facing message names the body, the service point and the recommendation — never a
person: it is built from these plain values only, so no observer (pseudonym, username, name)
can reach a focal point through it. Find the recipients with
`raqib.accounts.selectors.focal_points_of_body(body_id=…)` (focal points of the body or of a
body above it), then:

    notification_send(message=recommendation_sent_message(
        recipients=tuple(focal_points_of_body(body_id=body.pk)),
        recommendation_ref="REC-2026-014",
        body_name=Localized(body.name_ar, body.name_fr),
        point_name=Localized(point.name_ar, point.name_fr),
        event_key=f"recommendation.sent:{recommendation.pk}",
        url_name="followup:recommendation_detail", url_kwargs={"pk": recommendation.pk},
    ))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from .contract import Localized, Message
from .kinds import NotificationKind


def recommendation_sent_message(
    *,
    recipients: tuple[Any, ...],
    recommendation_ref: str,
    body_name: Localized,
    point_name: Localized,
    event_key: str,
    url_name: str = "",
    url_kwargs: Mapping[str, Any] | None = None,
) -> Message:
    return Message(
        kind=NotificationKind.RECOMMENDATION_SENT,
        recipients=recipients,
        event_key=event_key,
        title=_("New recommendation %(ref)s for %(body)s"),
        body=_(
            "After a visit to %(point)s, the Department of Public Service Quality sends "
            "recommendation %(ref)s to %(body)s. Please answer with an action plan."
        ),
        params={"ref": recommendation_ref, "body": body_name, "point": point_name},
        url_name=url_name,
        url_kwargs=url_kwargs or {},
    )


def recommendation_due_message(
    *,
    recipients: tuple[Any, ...],
    recommendation_ref: str,
    body_name: Localized,
    due: dt.date,
    event_key: str,
    url_name: str = "",
    url_kwargs: Mapping[str, Any] | None = None,
) -> Message:
    return Message(
        kind=NotificationKind.RECOMMENDATION_DUE,
        recipients=recipients,
        event_key=event_key,
        title=_("Action plan for %(ref)s due on %(due)s"),
        body=_("%(body)s has not yet answered recommendation %(ref)s."),
        params={"ref": recommendation_ref, "body": body_name, "due": due},
        url_name=url_name,
        url_kwargs=url_kwargs or {},
    )


# Body-facing follow-up events after the first sending: (title, body) per kind. Parameters:
# ref, body (Localized), due (a date).
_FOLLOWUP_TEXTS: dict[str, tuple[Any, Any]] = {
    NotificationKind.RECOMMENDATION_OVERDUE: (
        _("Recommendation %(ref)s is overdue"),
        _("The due date of recommendation %(ref)s to %(body)s was %(due)s."),
    ),
    NotificationKind.RECOMMENDATION_ESCALATED: (
        _("Overdue recommendation %(ref)s escalated to you"),
        _(
            "%(body)s, a body under your responsibility, has not acted on recommendation "
            "%(ref)s, due on %(due)s."
        ),
    ),
    NotificationKind.RECOMMENDATION_SENT_BACK: (
        _("Action plan for %(ref)s sent back"),
        _("The Department of Public Service Quality asks %(body)s to revise its action plan."),
    ),
    NotificationKind.RECOMMENDATION_VERIFIED: (
        _("Recommendation %(ref)s verified on the ground"),
        _("Verification visits at %(body)s are complete: see the result."),
    ),
    NotificationKind.RECOMMENDATION_CHANGED: (
        _("Recommendation %(ref)s: %(status)s"),
        _(
            "The Department of Public Service Quality changed the status of recommendation "
            "%(ref)s to %(body)s (due on %(due)s)."
        ),
    ),
}


def recommendation_event_message(
    *,
    kind: str,
    recipients: tuple[Any, ...],
    recommendation_ref: str,
    body_name: Localized,
    due: dt.date,
    event_key: str,
    url_name: str = "",
    url_kwargs: Mapping[str, Any] | None = None,
    status: Any = "",
) -> Message:
    """Overdue, escalated, sent back, verified, status changed: what a body is told after the
    sending (`status`: the new status's lazy label, for the "changed" kind)."""
    title, body = _FOLLOWUP_TEXTS[kind]
    return Message(
        kind=kind,
        recipients=recipients,
        event_key=event_key,
        title=title,
        body=body,
        params={"ref": recommendation_ref, "body": body_name, "due": due, "status": status},
        url_name=url_name,
        url_kwargs=url_kwargs or {},
    )
