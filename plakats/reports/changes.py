"""What changed since a report was submitted: later edits that touch its period.

A submitted report is never recomputed in place; instead ``changes_since``
lists the placement events recorded after the submission whose date falls in
the report's period (in its region, if it had one), and compares the figures
computed now with the stored ones. ``submitted_changes`` gives the dashboard
the same flag for a campaign's submitted reports in one query.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from plakats.distribution.models import PlacementEvent

from .figures import Figures, build_figures, changed_sections
from .models import SubmittedReport
from .queries import Scope

# How many of the later events the report page lists (the count covers them all).
LISTED_EVENTS = 50


def later_events(report: SubmittedReport):
    """Placement events recorded after ``report`` was submitted that occurred in its period.

    Days are Europe/Riga days (the current time zone); the region, if any, narrows them.
    """
    events = PlacementEvent.objects.filter(
        placement__campaign_id=report.campaign_id,
        recorded_at__gt=report.submitted_at,
        occurred_at__date__gte=report.period_start,
        occurred_at__date__lte=report.period_end,
    )
    if report.region_id:
        events = events.filter(placement__venue__municipality__region_id=report.region_id)
    return events


@dataclass
class Changes:
    event_count: int
    events: list[PlacementEvent]
    changed: list[str] = field(default_factory=list)
    """Titles of the summary and tables whose figures differ now."""

    @property
    def any(self) -> bool:
        return bool(self.event_count or self.changed)


def changes_since(report: SubmittedReport) -> Changes:
    """Later events in the report's period (count and the latest ones) and the changed tables."""
    events = later_events(report)
    listed = list(
        events.select_related("placement__venue", "actor").order_by("-recorded_at", "-pk")[
            :LISTED_EVENTS
        ]
    )
    stored = Figures.from_json(report.figures)
    scope = Scope(
        campaign=report.campaign,
        start=report.period_start,
        end=report.period_end,
        region=report.region,
    )
    now = build_figures(scope, report.lang)
    return Changes(events.count(), listed, changed_sections(stored, now))


def submitted_changes(campaign, limit: int = 5) -> list[dict]:
    """The campaign's latest submitted reports with the number of later events in their period.

    For the dashboard: one query whatever the number of reports or events. Each
    row: ``report`` and ``later`` (events recorded after submission in its period).
    """
    if campaign is None:
        return []
    base = PlacementEvent.objects.filter(
        placement__campaign_id=OuterRef("campaign_id"),
        recorded_at__gt=OuterRef("submitted_at"),
        occurred_at__date__gte=OuterRef("period_start"),
        occurred_at__date__lte=OuterRef("period_end"),
    )

    def count(events):
        return Coalesce(
            Subquery(
                events.order_by()
                .values("placement__campaign_id")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        )

    in_region = base.filter(placement__venue__municipality__region_id=OuterRef("region_id"))
    reports = (
        SubmittedReport.objects.filter(campaign=campaign)
        .select_related("region")
        .defer("pdf", "xlsx", "figures")
        .annotate(later_all=count(base), later_region=count(in_region))
        .order_by("-submitted_at", "-pk")[:limit]
    )
    return [{"report": r, "later": r.later_region if r.region_id else r.later_all} for r in reports]
