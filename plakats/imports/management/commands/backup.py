"""``manage.py backup PATH``: a consistent copy of the SQLite database, made while the app runs."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from plakats.imports.backup import BackupError, backup_sqlite, postgresql_advice


class Command(BaseCommand):
    help = (
        "Copy the live SQLite database to PATH with SQLite's online backup API "
        "(consistent while the app keeps running). PostgreSQL: use pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write.")
        parser.add_argument("--force", action="store_true", help="Overwrite PATH if it exists.")

    def handle(self, *args, path, force, **options):
        if connection.vendor != "sqlite":
            raise CommandError(postgresql_advice(connection.vendor))
        try:
            info = backup_sqlite(connection.settings_dict["NAME"], path, overwrite=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Backed up to %(path)s (%(size).1f MB, %(count)d migrations, integrity check ok).")
            % {"path": info.path, "size": info.size / 1e6, "count": len(info.migrations)}
        )
