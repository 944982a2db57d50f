"""What the integrity app tells whom: the reference only — never facts, never an observer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import users_with_roles
from raqib.core.roles import Role
from raqib.notifications.contract import Message
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.services import notification_send

from .models import Case, IdentityReveal, Referral


def case_opened(*, case: Case) -> None:
    """Every integrity officer and the director hear that a case was opened (once)."""
    notification_send(
        message=Message(
            kind=NotificationKind.INTEGRITY_CASE_OPENED,
            recipients=tuple(users_with_roles(roles=[Role.INTEGRITY_OFFICER, Role.DIRECTOR])),
            event_key=f"integrity.case_opened:{case.pk}",
            title=_("Integrity case %(ref)s opened"),
            body=_("A critical integrity finding opened case %(ref)s; it awaits assignment."),
            params={"ref": case.reference},
            url_name="integrity:case_list",
        )
    )


def reveal_requested(*, reveal: IdentityReveal) -> None:
    notification_send(
        message=Message(
            kind=NotificationKind.INTEGRITY_REVEAL_REQUESTED,
            recipients=tuple(users_with_roles(roles=[Role.DIRECTOR])),
            event_key=f"integrity.reveal_requested:{reveal.pk}",
            title=_("Identity reveal requested on case %(ref)s"),
            params={"ref": reveal.case.reference},
            url_name="integrity:case_detail",
            url_kwargs={"pk": reveal.case_id},
        )
    )


def reveal_decided(*, reveal: IdentityReveal) -> None:
    notification_send(
        message=Message(
            kind=NotificationKind.INTEGRITY_REVEAL_DECIDED,
            recipients=(reveal.requested_by,),
            event_key=f"integrity.reveal_decided:{reveal.pk}",
            title=_("Your identity reveal request on case %(ref)s was decided"),
            params={"ref": reveal.case.reference},
            url_name="integrity:case_detail",
            url_kwargs={"pk": reveal.case_id},
        )
    )


def referral_reminder(*, referral: Referral, stage: str) -> int:
    """The case's officers and the director: no acknowledgement / no outcome yet (once)."""
    case = referral.case
    officers = [a.officer for a in case.assignments.select_related("officer")]
    directors = list(users_with_roles(roles=[Role.DIRECTOR]))
    title = (
        _("Case %(ref)s: no acknowledgement from the authority yet")
        if stage == "ack"
        else _("Case %(ref)s: no outcome from the authority yet")
    )
    sent = notification_send(
        message=Message(
            kind=NotificationKind.INTEGRITY_REFERRAL_REMINDER,
            recipients=tuple({u.pk: u for u in [*officers, *directors]}.values()),
            event_key=f"integrity.referral_{stage}:{referral.pk}",
            title=title,
            params={"ref": case.reference},
            url_name="integrity:case_detail",
            url_kwargs={"pk": case.pk},
        )
    )
    return len(sent)
