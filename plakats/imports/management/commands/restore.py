"""``manage.py restore PATH --yes``: replace the live SQLite database with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.utils.translation import gettext as _

from plakats.imports.backup import (
    BackupError,
    backup_sqlite,
    check_backup,
    postgresql_advice,
    restore_sqlite,
    safety_copy_path,
)


class Command(BaseCommand):
    help = (
        "Replace every row of the live SQLite database with the backup at PATH (made by "
        "manage.py backup with the same version of Plakats). A copy of the current database "
        "is kept next to it first. PostgreSQL: use pg_restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to restore.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the live data is to be replaced."
        )
        parser.add_argument(
            "--no-safety-copy",
            action="store_true",
            help="Do not keep a copy of the current database before restoring.",
        )

    def handle(self, *args, path, yes, no_safety_copy, **options):
        if connection.vendor != "sqlite":
            raise CommandError(postgresql_advice(connection.vendor))
        live = Path(connection.settings_dict["NAME"])
        backup = Path(path)
        try:
            info = check_backup(backup)
            if live.exists() and backup.resolve() == live.resolve():
                raise CommandError(_("PATH is the live database itself."))
            if not yes:
                raise CommandError(
                    _(
                        "This replaces all data in %(live)s with the backup %(backup)s "
                        "(%(size).1f MB). Run again with --yes to restore."
                    )
                    % {"live": live, "backup": backup, "size": info.size / 1e6}
                )
            connections.close_all()
            if not no_safety_copy:
                kept = backup_sqlite(live, safety_copy_path(live))
                self.stdout.write(
                    _("The current database was copied to %(path)s.") % {"path": kept.path}
                )
            restore_sqlite(backup, live)
        except BackupError as exc:
            raise CommandError(_("Nothing was restored. %(reason)s") % {"reason": exc}) from None
        self.stdout.write(
            _("Restored %(live)s from %(backup)s (integrity check ok).")
            % {"live": live, "backup": backup}
        )
