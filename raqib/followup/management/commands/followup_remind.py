"""Daily: remind bodies before due dates, tell them when overdue, escalate to the parent."""

from typing import Any

from django.core.management.base import BaseCommand

from raqib.followup.services import recommendation_reminders_send


class Command(BaseCommand):
    help = "Send the follow-up reminders due today (each one once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = recommendation_reminders_send()
        self.stdout.write(
            f"due soon: {sent.due_soon}, overdue: {sent.overdue}, escalated: {sent.escalated}"
        )
