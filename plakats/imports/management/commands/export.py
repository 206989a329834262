"""``manage.py export WHAT PATH``: write one list, filtered like its page, as CSV or XLSX."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plakats.imports.export_lists import EXPORTS, ExportFilterError, export_rows
from plakats.imports.exports import CSV_DELIMITERS, FORMATS, write_export


class Command(BaseCommand):
    help = (
        "Export a list (the same rows and columns as its page's CSV/XLSX export). "
        "PATH '-' writes CSV to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(EXPORTS), help="The list to export.")
        parser.add_argument("path", help="The file to write, or '-' for standard output.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx (default: from the file name's ending, else csv).",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="A filter of the list's page, as in its URL (e.g. kind=school); repeatable.",
        )
        parser.add_argument(
            "--delimiter",
            default=",",
            help="CSV field separator: ',' (default), ';' (Excel in Latvian) or 'tab'.",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the headers and labels.",
        )

    def handle(self, *args, what, path, format, filter, delimiter, language, **options):
        fmt = format or ("xlsx" if path.lower().endswith(".xlsx") else "csv")
        delimiter = "\t" if delimiter == "tab" else delimiter
        if delimiter not in CSV_DELIMITERS:
            raise CommandError(_("--delimiter must be ',', ';' or 'tab'."))
        if path == "-" and fmt != "csv":
            raise CommandError(_("Only CSV can be written to standard output."))
        params: dict[str, list[str]] = {}
        for item in filter:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(_("--filter takes KEY=VALUE, not %(item)r.") % {"item": item})
            params.setdefault(key, []).append(value)
        export = EXPORTS[what]
        with translation.override(language):
            try:
                rows = export_rows(export, params)
            except ExportFilterError as exc:
                raise CommandError(str(exc.message)) from None
            columns = export.columns()
            if path == "-":
                write_export(sys.stdout.buffer, columns, rows, fmt, delimiter=delimiter)
                sys.stdout.buffer.flush()
                return
            target = Path(path)
            if not target.parent.is_dir():
                raise CommandError(
                    _("The folder %(path)s does not exist.") % {"path": target.parent}
                )
            count = write_export(target, columns, rows, fmt, delimiter=delimiter, title=what)
            self.stdout.write(
                ngettext(
                    "%(count)d row of %(what)s written to %(path)s.",
                    "%(count)d rows of %(what)s written to %(path)s.",
                    count,
                )
                % {"count": count, "what": what, "path": target}
            )
