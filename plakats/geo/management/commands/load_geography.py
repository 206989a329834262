"""Load a country's geography from a folder of CSV files of the country shape."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plakats.geo.loading import GeographyError, load_geography


class Command(BaseCommand):
    help = (
        "Load regions, municipalities, towns and parishes, and old codes and names from "
        "regions.csv, municipalities.csv, places.csv and aliases.csv in DIRECTORY."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--country", default="LV", help="two-letter country code (LV)")

    def handle(self, *args, directory: Path, country: str, **options):
        try:
            counts = load_geography(directory, country.upper())
        except GeographyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Read %(regions)d regions, %(municipalities)d municipalities, %(places)d places "
                "and %(aliases)d old codes and names: %(created)d created, %(updated)d updated."
            )
            % counts
        )
