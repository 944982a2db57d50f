"""Daily: tell administrators and the director of every member whose term ends within
`RAQIB_MEMBER_TERM_REMINDER_DAYS` (default 60), once per term (docs/admin-guide.md cron)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raqib.accounts.selectors import terms_ending, users_with_roles
from raqib.core.roles import Role
from raqib.notifications.contract import Message
from raqib.notifications.kinds import NotificationKind
from raqib.notifications.services import notification_send


class Command(BaseCommand):
    help = "Remind administrators and the director of members' terms coming to an end."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        recipients = tuple(users_with_roles(roles=[Role.ADMINISTRATOR, Role.DIRECTOR]))
        sent = 0
        for appointment in terms_ending(
            today=today, days=int(settings.RAQIB_MEMBER_TERM_REMINDER_DAYS)
        ):
            notification_send(
                message=Message(
                    kind=NotificationKind.MEMBER_TERM_ENDING,
                    recipients=recipients,
                    event_key=f"accounts.term_ending:{appointment.pk}",
                    title=_("The term of %(member)s ends on %(day)s"),
                    body=_(
                        "Renewal %(renewal)s of 4 ends on %(day)s: record the renewal or let "
                        "the term end."
                    ),
                    params={
                        "member": appointment.user.get_username(),
                        "day": appointment.term_end,
                        "renewal": appointment.renewal,
                    },
                    url_name="accounts:user_detail",
                    url_kwargs={"pk": appointment.user_id},
                )
            )
            sent += 1
        self.stdout.write(f"{sent} term(s) ending soon.")
