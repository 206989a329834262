"""``manage.py export_json PATH``: all domain data as database-independent JSON Lines."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plakats.imports.jsondump import export_json


class Command(BaseCommand):
    help = (
        "Write all domain data (users, venues, materials, stock, campaigns, placements, "
        "history) to a JSON Lines file that import_json loads into an empty database on "
        "SQLite or PostgreSQL. Uploaded media files are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, or '-' for standard output.")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="Include the users' password hashes (without it, imported users must "
            "set a new password with “manage.py changepassword”).",
        )
        parser.add_argument("--force", action="store_true", help="Overwrite PATH if it exists.")

    def handle(self, *args, path, with_passwords, force, **options):
        if path == "-":
            counts = export_json(sys.stdout, include_passwords=with_passwords)
            sys.stdout.flush()
            return
        target = Path(path)
        if target.exists() and not force:
            raise CommandError(
                _("%(path)s exists; use --force to overwrite it.") % {"path": target}
            )
        if not target.parent.is_dir():
            raise CommandError(_("The folder %(path)s does not exist.") % {"path": target.parent})
        partial = target.with_name(target.name + ".partial")
        try:
            with open(partial, "w", encoding="utf-8") as stream:
                counts = export_json(stream, include_passwords=with_passwords)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        total = sum(counts.values())
        self.stdout.write(
            ngettext(
                "%(rows)d row written to %(path)s.", "%(rows)d rows written to %(path)s.", total
            )
            % {"rows": total, "path": target}
        )
