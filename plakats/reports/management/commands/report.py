"""Write a campaign's funder report as PDF or XLSX: the same figures as the report page.

    manage.py report CAMPAIGN --format pdf|xlsx --lang lv|en --output PATH
        [--from YYYY-MM-DD --to YYYY-MM-DD --region CODE]

CAMPAIGN is the campaign's id or its exact name; the period defaults to the
campaign's, the region (a planning region code, e.g. ``latgale``) to the whole country.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plakats.distribution.models import Campaign
from plakats.geo.models import Region
from plakats.reports import services
from plakats.reports.figures import build_figures
from plakats.reports.queries import Scope


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: “{value}” is not a date like 2025-03-31.") from None


def _campaign(value: str) -> Campaign:
    campaigns = Campaign.objects.select_related("funder")
    found = campaigns.filter(name=value).first()
    if found is None and value.isdigit():
        found = campaigns.filter(pk=int(value)).first()
    if found is None:
        names = ", ".join(f"{c.pk}: {c.name}" for c in campaigns.order_by("pk")[:20])
        raise CommandError(
            f"No campaign with the id or exact name “{value}”. Campaigns: {names or 'none yet'}."
        )
    return found


def _region(code: str | None) -> Region | None:
    if code is None:
        return None
    region = Region.objects.filter(code__iexact=code).first()
    if region is None:
        codes = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"No planning region with the code “{code}”. Codes: {codes}.")
    return region


class Command(BaseCommand):
    help = "Write a campaign's funder report (PDF or XLSX) to a file."

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="the campaign's id or exact name")
        parser.add_argument("--format", choices=["pdf", "xlsx"], required=True, dest="fmt")
        parser.add_argument(
            "--lang", choices=[code for code, _name in settings.LANGUAGES], default="lv"
        )
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--from", dest="start", help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="last day (YYYY-MM-DD)")
        parser.add_argument("--region", help="a planning region code; default: whole country")

    def handle(self, *args, **options):
        campaign = _campaign(options["campaign"])
        start = _date(options["start"], "--from") or campaign.starts_on
        end = _date(options["end"], "--to") or campaign.ends_on
        if end < start:
            raise CommandError(f"The period cannot end ({end}) before it starts ({start}).")
        region = _region(options["region"])
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder “{output.parent}” does not exist.")
        figures = build_figures(Scope(campaign, start, end, region), options["lang"])
        if options["fmt"] == "pdf":
            content = services.render_pdf(figures)
        else:
            content = services.render_xlsx(figures)
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content)} bytes, {figures.period_label()}).")
