"""Import a past campaign's placements from a spreadsheet: ``manage.py import_placements PATH``.

``--campaign NAME`` names an existing campaign. Each row names a venue (external
id, or name and municipality), an edition, a quantity, a date and a status;
every status step is recorded as a placement event with the source "import".
All rows or nothing; exits non-zero on row errors unless ``--skip-errors``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plakats.distribution.models import Campaign
from plakats.imports.mapping import check_mapping, layout_of, remember_mapping
from plakats.imports.models import ImportKind, ImportRun, ImportStatus, file_sha256
from plakats.imports.placement_import import analyse_placements, commit_placements
from plakats.imports.reading import ImportFileError, read_path

SHOWN_ISSUES = 200


class Command(BaseCommand):
    help = "Import placements of a past campaign from a CSV, XLSX or ODS file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--campaign", required=True, help="Name of an existing campaign.")
        parser.add_argument("--sheet", default="", help="Sheet of an XLSX or ODS file.")
        parser.add_argument(
            "--source", default="", help="The register of the venues' external ids (e.g. VIIS)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--skip-errors", action="store_true", help="Import the rows without errors."
        )

    def handle(self, path, **options):
        campaign = Campaign.objects.filter(name=options["campaign"]).first()
        if campaign is None:
            raise CommandError(
                _("There is no campaign “%(name)s”.") % {"name": options["campaign"]}
            )
        try:
            sheet = read_path(path, sheet=options["sheet"])
            layout = layout_of(sheet, ImportKind.PLACEMENTS, source=options["source"])
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        for index, key in enumerate(layout.mapping):
            if key:
                self.stdout.write(f"  {layout.column_label(index)} → {key}")
        problems = check_mapping(ImportKind.PLACEMENTS, layout.mapping)
        if problems:
            raise CommandError(" ".join(problems))
        plan = analyse_placements(
            layout, campaign, source=options["source"], file_name=Path(path).name
        )
        self.stdout.write(
            _(
                "Rows: %(rows)s. To create: %(create)s, already recorded: %(unchanged)s, "
                "with errors: %(error)s."
            )
            % plan.counts
        )
        for issue in plan.issues()[:SHOWN_ISSUES]:
            self.stdout.write(self._issue(issue, _("error")))
        for issue in plan.issues(warnings=True)[:SHOWN_ISSUES]:
            self.stdout.write(self._issue(issue, _("warning")))
        errors = plan.count("error")
        if options["dry_run"]:
            if errors and not options["skip_errors"]:
                raise CommandError(_("%(count)s rows have errors.") % {"count": errors})
            return
        try:
            result = commit_placements(plan, skip_errors=options["skip_errors"])
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        remember_mapping(
            ImportKind.PLACEMENTS, options["source"], layout.headers, layout.mapping, None
        )
        with open(path, "rb") as handle:
            digest = file_sha256(handle.read())
        ImportRun.objects.create(
            kind=ImportKind.PLACEMENTS,
            source=options["source"],
            file_name=Path(path).name,
            sha256=digest,
            size=Path(path).stat().st_size,
            sheet=sheet.name,
            mapping=layout.mapping,
            status=ImportStatus.COMMITTED,
            rows_total=len(plan.rows),
            rows_done=len(plan.rows),
            created=result.created,
            unchanged=result.unchanged,
            skipped=result.skipped,
            errors=result.errors,
        )
        self.stdout.write(
            _("Imported: %(created)s placements created, %(unchanged)s already recorded.")
            % {"created": result.created, "unchanged": result.unchanged}
        )

    @staticmethod
    def _issue(issue, level: str) -> str:
        where = _("row %(row)s") % {"row": issue.row}
        if issue.column:
            where += f", “{issue.column}”"
        return f"{where} ({level}): {issue.message}"
