"""Read-side figures of recalls: what still hangs, the progress, the call list, expiring editions.

Every function runs a fixed number of queries whatever the number of
placements (counts are aggregated in the database).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.materials.models import Edition
from plakats.venues.choices import VenueKind

from .choices import Display
from .models import Placement, PlacementQuerySet, Recall, RecallLine


def believed_up_placements(edition: Edition) -> QuerySet[Placement]:
    """The placements of ``edition`` believed up, with what the recall view shows loaded."""
    return (
        Placement.objects.believed_up()
        .filter(edition=edition)
        .select_related("venue__municipality__region", "dispatch")
        .order_by("venue__municipality__region__name", "venue__name", "pk")
    )


def counts_by_region_and_kind(edition: Edition) -> tuple[list[dict], list[dict]]:
    """How many placements of ``edition`` are believed up, per region and per kind of venue.

    One query grouped by both, summed here into the two tables.
    """
    up = Placement.objects.believed_up().filter(edition=edition)
    rows = (
        up.values("venue__municipality__region__name", "venue__kind")
        .annotate(count=Count("pk"))
        .order_by("venue__municipality__region__name", "venue__kind")
    )
    by_region: dict[str | None, int] = {}
    by_kind: dict[str, int] = {}
    for row in rows:
        region, kind = row["venue__municipality__region__name"], row["venue__kind"]
        by_region[region] = by_region.get(region, 0) + row["count"]
        by_kind[kind] = by_kind.get(kind, 0) + row["count"]
    no_region = _("No region (online)")
    regions = [{"name": name or no_region, "count": n} for name, n in by_region.items()]
    labels = dict(VenueKind.choices)
    kinds = [
        {"name": str(labels.get(kind, kind)), "count": by_kind[kind]} for kind in sorted(by_kind)
    ]
    return regions, kinds


def age_in_days(moment, today: date) -> int | None:
    return None if moment is None else (today - timezone.localdate(moment)).days


def placed_on(placement: Placement) -> date:
    """When a placement was made: its dispatch's date, else the day it was recorded."""
    if placement.dispatch_id:
        return placement.dispatch.planned_on
    return timezone.localdate(placement.created_at)


def describe_rows(placements, today: date | None = None) -> list[dict]:
    """Rows of the recall list: the placement, its date placed and its evidence's age."""
    today = today or timezone.localdate()
    now = timezone.now()
    return [
        {
            "placement": p,
            "placed_on": placed_on(p),
            "evidence_age": age_in_days(p.evidence_at, today),
            "unverified": p.is_unverified(now),
        }
        for p in placements
    ]


OLD_UP = PlacementQuerySet.believed_up_q("old_placement__")
OLD_REMOVED = Q(old_placement__display=Display.REMOVED)
NEW_UP = Q(new_placement__display=Display.DISPLAYED)


@dataclass
class Progress:
    region: str
    lines: int
    old_up: int
    old_removed: int
    new_sent: int
    new_up: int
    pending: int


def recall_progress(recall: Recall) -> tuple[list[Progress], Progress]:
    """Per region and in total: old still up, old taken down, new sent, new up (one query).

    A line is pending while its old placement is believed up, or (for a
    superseded edition) while it was taken down but its replacement is not up.
    The recall is done when nothing is pending.
    """
    pending = OLD_UP
    if recall.successor_id:
        pending = pending | (OLD_REMOVED & ~NEW_UP)
    rows = (
        RecallLine.objects.filter(recall=recall)
        .values("old_placement__venue__municipality__region__name")
        .annotate(
            lines=Count("pk"),
            old_up=Count("pk", filter=OLD_UP),
            old_removed=Count("pk", filter=OLD_REMOVED),
            new_sent=Count("new_placement"),
            new_up=Count("pk", filter=NEW_UP),
            pending=Count("pk", filter=pending),
        )
        .order_by("old_placement__venue__municipality__region__name")
    )
    no_region = _("No region (online)")
    regions = [
        Progress(
            region=row["old_placement__venue__municipality__region__name"] or no_region,
            **{k: row[k] for k in ("lines", "old_up", "old_removed", "new_sent", "new_up")},
            pending=row["pending"],
        )
        for row in rows
    ]
    total = Progress(
        region=_("Total"),
        **{
            k: sum(getattr(r, k) for r in regions)
            for k in ("lines", "old_up", "old_removed", "new_sent", "new_up", "pending")
        },
    )
    return regions, total


def line_status(line: RecallLine) -> str:
    """One recall line's state in words, for the call list."""
    old = line.old_placement
    if old.believed_up:
        parts = [_("old still up")]
    elif old.display == Display.REMOVED:
        parts = [_("old taken down")]
    else:
        parts = [_("old no longer up (%(state)s)") % {"state": _old_state(old)}]
    new = line.new_placement
    if new is None:
        parts.append(_("no replacement sent"))
    elif new.display == Display.DISPLAYED:
        parts.append(_("new up"))
    else:
        parts.append(_("new %(state)s") % {"state": new.get_delivery_display()})
    return ", ".join(parts)


def _old_state(placement: Placement) -> str:
    if placement.display != Display.UNKNOWN:
        return str(placement.get_display_display())
    return str(placement.get_delivery_display())


def recall_lines(recall: Recall, *, online: bool | None = None) -> QuerySet[RecallLine]:
    """The lines of a recall with venue, region and both placements loaded (one query)."""
    lines = RecallLine.objects.filter(recall=recall).select_related(
        "old_placement__venue__municipality__region", "new_placement"
    )
    if online is not None:
        kinds = VenueKind.online()
        lines = (
            lines.filter(**{"old_placement__venue__kind__in": kinds})
            if online
            else lines.exclude(old_placement__venue__kind__in=kinds)
        )
    return lines.order_by(
        "old_placement__venue__municipality__region__name", "old_placement__venue__name", "pk"
    )


def expiring_editions(today: date | None = None) -> list[Edition]:
    """Editions not yet retired whose valid-until date is at most
    ``PLAKATS_EXPIRY_WARNING_DAYS`` away (or already past), soonest first, each with
    ``up``: how many of its placements are believed up (one query)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PLAKATS_EXPIRY_WARNING_DAYS)
    up = PlacementQuerySet.believed_up_q("placements__")
    editions = (
        Edition.objects.filter(
            valid_until__isnull=False,
            valid_until__lte=horizon,
            superseded_on__isnull=True,
            withdrawn_on__isnull=True,
            successors__isnull=True,
        )
        .select_related("material")
        .annotate(up=Count("placements", filter=up))
        .order_by("valid_until", "material__name", "pk")
    )
    result = list(editions)
    for edition in result:
        edition.days_left = (edition.valid_until - today).days
    return result
