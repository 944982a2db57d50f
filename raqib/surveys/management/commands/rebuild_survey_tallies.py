"""Recompute the survey tallies (dashboards' running totals) from the stored answers."""

from django.core.management.base import BaseCommand, CommandError

from raqib.surveys.models import SurveyWave
from raqib.surveys.services.tallies import survey_tallies_rebuild


class Command(BaseCommand):
    help = "Recompute the running tallies of every wave point (or of one wave) from the answers."

    def add_arguments(self, parser):
        parser.add_argument("--wave", help="code of the only wave to rebuild")

    def handle(self, *args, **options):
        wave = None
        if options["wave"]:
            wave = SurveyWave.objects.filter(code=options["wave"]).first()
            if wave is None:
                raise CommandError(f"No survey wave with code {options['wave']!r}.")
        points = survey_tallies_rebuild(wave=wave)
        self.stdout.write(f"{points} wave point tallies rebuilt")
