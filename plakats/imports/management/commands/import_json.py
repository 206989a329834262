"""``manage.py import_json PATH``: load an export_json file into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plakats.imports.jsondump import JsonDumpError, import_json


class Command(BaseCommand):
    help = (
        "Load a file written by export_json into a freshly migrated, empty database "
        "(SQLite or PostgreSQL). All or nothing: on any problem nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file written by export_json.")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": source})
        try:
            with open(source, encoding="utf-8") as stream:
                counts = import_json(stream)
        except JsonDumpError as exc:
            raise CommandError(_("Nothing was imported. %(reason)s") % {"reason": exc}) from None
        except UnicodeDecodeError:
            raise CommandError(_("Nothing was imported: the file is not UTF-8 text.")) from None
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        total = sum(counts.values())
        self.stdout.write(
            ngettext("%(rows)d row imported.", "%(rows)d rows imported.", total) % {"rows": total}
        )
