"""Daily: remind the officers and the director of referrals without an answer."""

from typing import Any

from django.core.management.base import BaseCommand

from raqib.integrity.referrals import referral_remind


class Command(BaseCommand):
    help = "Send the integrity referral reminders due today (each one once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"reminders sent: {referral_remind()}")
