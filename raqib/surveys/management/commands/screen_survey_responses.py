"""Screen the public survey answers waiting for it (what the background task does)."""

from django.core.management.base import BaseCommand

from raqib.surveys.services.screening import survey_responses_screen


class Command(BaseCommand):
    help = "Screen the stored public survey answers that are waiting for the anti-abuse rules."

    def handle(self, *args, **options):
        done = survey_responses_screen()
        self.stdout.write(f"{done} answers screened")
