"""Import venues from a CSV, XLSX or ODS file: ``manage.py import_venues PATH``.

Prints the mapping it used, the preview's figures, every row error and the
likely duplicates, then writes everything in one transaction (or nothing).
Exits non-zero when rows have errors, unless ``--skip-errors``; likely
duplicates need ``--duplicates merge|skip|create``.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plakats.imports.mapping import (
    VENUE_FIELDS,
    check_mapping,
    layout_of,
    normalise_header,
    remember_mapping,
)
from plakats.imports.models import ImportKind, ImportRun, ImportStatus, file_sha256
from plakats.imports.reading import ImportFileError, read_path
from plakats.imports.venue_import import (
    Action,
    DuplicateChoice,
    VenueOptions,
    analyse_venues,
    commit_venues,
    field_label,
)
from plakats.venues.choices import VenueKind

PROGRESS_FROM_ROWS = 2000
SHOWN_ISSUES = 200


class Command(BaseCommand):
    help = "Import venues from a CSV, XLSX or ODS file (a register, a member list)."
    # The system checks import every URL module and the API (1.7 s of CPU); ``check``
    # and ``migrate`` run them, an import needs none of them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--kind",
            choices=VenueKind.values,
            default="",
            help="Kind of venue for rows without one (the file has no kind column).",
        )
        parser.add_argument("--sheet", default="", help="Sheet of an XLSX or ODS file.")
        parser.add_argument(
            "--source",
            default="",
            help="The register the file comes from, "
            "stored with each venue's external id (e.g. VIIS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Import the valid rows and leave out the rows with errors.",
        )
        parser.add_argument(
            "--duplicates",
            choices=[choice.value for choice in DuplicateChoice],
            default="",
            help="What to do with likely duplicates of existing venues.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help='Map a column by hand (e.g. "Direktors=contact_name"); '
            '"HEADER=" leaves a column out.',
        )

    def handle(self, path, **options):
        started = time.monotonic()
        self.verbose = options["verbosity"] > 1
        try:
            sheet = read_path(path, sheet=options["sheet"])
            layout = layout_of(sheet, ImportKind.VENUES, source=options["source"])
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        layout.mapping = self._with_overrides(layout, options["map"])
        problems = check_mapping(ImportKind.VENUES, layout.mapping, default_kind=options["kind"])
        self._show_mapping(layout)
        if problems:
            raise CommandError(" ".join(problems))
        venue_options = VenueOptions(
            source=options["source"], default_kind=options["kind"], file_name=Path(path).name
        )
        plan = analyse_venues(layout, venue_options, progress=self._progress(len(layout.rows)))
        self._show_plan(plan)
        errors = plan.count(Action.ERROR)
        if options["dry_run"]:
            if errors and not options["skip_errors"]:
                raise CommandError(_("%(count)s rows have errors.") % {"count": errors})
            return
        try:
            result = commit_venues(
                plan,
                decisions={},
                default_choice=options["duplicates"],
                skip_errors=options["skip_errors"],
            )
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        remember_mapping(ImportKind.VENUES, options["source"], layout.headers, layout.mapping, None)
        data_size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            digest = file_sha256(handle.read())
        ImportRun.objects.create(
            kind=ImportKind.VENUES,
            source=options["source"],
            file_name=Path(path).name,
            sha256=digest,
            size=data_size,
            sheet=sheet.name,
            default_kind=options["kind"],
            mapping=layout.mapping,
            status=ImportStatus.COMMITTED,
            rows_total=len(plan.rows),
            rows_done=len(plan.rows),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            skipped=result.skipped,
            errors=result.errors,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            _(
                "Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(skipped)s skipped, in %(seconds).1f s (%(rate)s rows/s)."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
                "seconds": elapsed,
                "rate": round(len(layout.rows) / elapsed) if elapsed else 0,
            }
        )

    def _with_overrides(self, layout, overrides: list[str]) -> list[str]:
        fields = {spec.key for spec in VENUE_FIELDS}
        mapping = list(layout.mapping)
        names = [normalise_header(header) for header in layout.headers]
        for item in overrides:
            header, sep, key = item.partition("=")
            key = key.strip()
            if not sep or (key and key not in fields):
                raise CommandError(
                    _("--map needs HEADER=FIELD with one of the fields: %(fields)s.")
                    % {"fields": ", ".join(sorted(fields))}
                )
            wanted = normalise_header(header)
            if wanted not in names:
                raise CommandError(
                    _("The file has no column “%(header)s”.") % {"header": header.strip()}
                )
            index = names.index(wanted)
            if key:
                mapping = ["" if current == key else current for current in mapping]
            mapping[index] = key
        return mapping

    def _show_mapping(self, layout) -> None:
        self.stdout.write(_("Header in row %(row)s.") % {"row": layout.header_row})
        for index, key in enumerate(layout.mapping):
            label = layout.column_label(index)
            if key:
                self.stdout.write(f"  {label} → {key}")
            elif index in layout.personal:
                self.stdout.write(
                    "  "
                    + _("%(column)s: personal data, not imported (map it with --map).")
                    % {"column": label}
                )

    def _progress(self, total: int):
        if total < PROGRESS_FROM_ROWS:
            return None

        def report(done: int, total: int) -> None:
            self.stderr.write(
                "\r" + _("%(done)s / %(total)s rows checked") % {"done": done, "total": total},
                ending="\n" if done == total else "",
            )
            self.stderr.flush()

        return report

    def _show_plan(self, plan) -> None:
        counts = plan.counts
        self.stdout.write(
            _(
                "Rows: %(rows)s. To create: %(create)s, to update: %(update)s, unchanged: "
                "%(unchanged)s, likely duplicates: %(duplicate)s, with errors: %(error)s."
            )
            % counts
        )
        for issue in plan.issues()[:SHOWN_ISSUES]:
            self.stdout.write(self._issue(issue, _("error")))
        for issue in plan.issues(warnings=True)[:SHOWN_ISSUES]:
            self.stdout.write(self._issue(issue, _("warning")))
        for row in plan.rows:
            if row.action == Action.UPDATE and self.verbose:
                changes = ", ".join(
                    f"{field_label(k)}: {o!s} → {n!s}" for k, (o, n) in row.changes.items()
                )
                self.stdout.write(
                    _("row %(row)s updates: %(changes)s") % {"row": row.row, "changes": changes}
                )
            if row.action == Action.DUPLICATE:
                others = "; ".join(f"#{pk} {name} ({score})" for pk, name, score in row.candidates)
                self.stdout.write(
                    _("row %(row)s “%(name)s” looks like: %(others)s")
                    % {"row": row.row, "name": row.values.get("name", ""), "others": others}
                )

    @staticmethod
    def _issue(issue, level: str) -> str:
        where = _("row %(row)s") % {"row": issue.row}
        if issue.column:
            where += f", “{issue.column}”"
        return f"{where} ({level}): {issue.message}"
