"""Publish the standard satisfaction questionnaire (SAT-STD) once; safe to run again."""

from django.core.management.base import BaseCommand

from raqib.surveys.services import survey_default_questionnaire_load


class Command(BaseCommand):
    help = "Publish the standard satisfaction questionnaire (SAT-STD) if it does not exist."

    def handle(self, *args, **options):
        version = survey_default_questionnaire_load(actor=None)
        self.stdout.write(f"{version.grid.code} v{version.number} {version.content_hash[:12]}")
