"""Funder report files and their submission: the one place a report is rendered and frozen.

``render_files`` draws the map and the chart once and lays the same ``Figures``
out as PDF and XLSX; ``submit_report`` stores the figures and both files'
bytes (with their SHA-256) so they can be downloaded again unchanged.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import charts, choropleth, funder_pdf, funder_xlsx
from .figures import Figures, build_figures, timeline_weeks
from .models import SubmittedReport
from .queries import Scope

# The drawings fill the A4 text width (about 7 inches) at some 170 dpi: sharp in print,
# and a quarter fewer pixels to draw and embed than at 200 dpi.
PNG_DPI = 150


@dataclass(frozen=True)
class ReportFiles:
    figures: Figures
    pdf: bytes
    xlsx: bytes


def map_png(figures: Figures) -> bytes:
    return choropleth.render_png(
        figures.map_values,
        level="municipality",
        legend=_("venues reached"),
        dpi=PNG_DPI,
    )


def chart_png(figures: Figures) -> bytes:
    return charts.timeline_png(*timeline_weeks(figures), dpi=PNG_DPI)


def render_pdf(figures: Figures) -> bytes:
    with translation.override(figures.lang):
        return funder_pdf.render(figures, map_png=map_png(figures), chart_png=chart_png(figures))


def render_xlsx(figures: Figures) -> bytes:
    with translation.override(figures.lang):
        return funder_xlsx.render(figures)


def render_files(scope: Scope, lang: str) -> ReportFiles:
    figures = build_figures(scope, lang)
    return ReportFiles(figures, render_pdf(figures), render_xlsx(figures))


@transaction.atomic
def submit_report(
    scope: Scope, lang: str, user, *, note: str = "", now: datetime | None = None
) -> SubmittedReport:
    """Freeze the report of ``scope`` in ``lang`` as submitted by ``user``."""
    files = render_files(scope, lang)
    figures = files.figures
    return SubmittedReport.objects.create(
        campaign=scope.campaign,
        period_start=date.fromisoformat(figures.period_start),
        period_end=date.fromisoformat(figures.period_end),
        region=scope.region,
        lang=lang,
        figures=figures.to_json(),
        pdf=files.pdf,
        pdf_sha256=SubmittedReport.digest(files.pdf),
        xlsx=files.xlsx,
        xlsx_sha256=SubmittedReport.digest(files.xlsx),
        submitted_by=user if user is not None and user.is_authenticated else None,
        submitted_at=now or timezone.now(),
        note=note,
    )
