"""Read-side aggregates for campaigns: target progress, the dashboard, dispatch previews.

Each function runs a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from plakats.materials import services as stock
from plakats.materials.models import Edition, StockLocation
from plakats.outreach.models import OutreachEvent
from plakats.venues.choices import VenueKind

from .choices import Axis, Delivery, Display, Measure
from .models import Campaign, Placement, PlacementEvent, PlacementQuerySet, Target


def target_scope(target: Target, prefix: str = "") -> Q:
    """The venues a target is about (its kinds, regions, network), as a Q on Venue.

    ``prefix`` reaches the venue from another model, e.g. ``"venue__"`` on Placement.
    """
    q = Q()
    if target.venue_kinds:
        q &= Q(**{f"{prefix}kind__in": target.venue_kinds})
    region_ids = [r.pk for r in target.regions.all()]
    if region_ids:
        q &= Q(**{f"{prefix}municipality__region_id__in": region_ids})
    if target.network_id:
        q &= Q(**{f"{prefix}network_id": target.network_id})
    return q


def target_filter(target: Target) -> Q:
    """The placements a target counts, as a Q on Placement (regions must be prefetched)."""
    q = Q(campaign_id=target.campaign_id)
    q &= PlacementQuerySet.reached_q(target.min_reach)
    return q & target_scope(target, "venue__")


def _aggregate_for(target: Target, name: str):
    q = target_filter(target)
    if target.measure == Measure.PLACEMENTS:
        return Count("pk", filter=q)
    if target.measure == Measure.QUANTITY:
        return Sum("quantity", filter=q)
    return Count("venue", filter=q, distinct=True)


@dataclass(frozen=True)
class Progress:
    target: Target
    reached: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.reached / self.target.goal)) if self.target.goal else 0

    @property
    def met(self) -> bool:
        return self.reached >= self.target.goal


def people_filter(target: Target) -> Q:
    """The outreach events a PEOPLE target counts, as a Q on OutreachEvent.

    Events of the target's campaign at venues within its scope; an online event
    (no venue) counts only for a target without kinds, regions or network.
    """
    scope = target_scope(target, "venue__")
    q = Q(campaign_id=target.campaign_id)
    return q & (scope & Q(venue__isnull=False) if scope else Q())


def targets_progress(targets: list[Target]) -> list[Progress]:
    """Evaluate many targets in at most two aggregate queries (``regions`` prefetched).

    Placement measures are one query over placements; people reached by outreach
    events (``Measure.PEOPLE``) one more over events, only when there is such a target.
    """
    if not targets:
        return []
    row: dict = {}
    placement_targets = [t for t in targets if t.measure != Measure.PEOPLE]
    people_targets = [t for t in targets if t.measure == Measure.PEOPLE]
    if placement_targets:
        aggregates = {f"t{t.pk}": _aggregate_for(t, f"t{t.pk}") for t in placement_targets}
        campaign_ids = {t.campaign_id for t in placement_targets}
        row |= Placement.objects.filter(campaign_id__in=campaign_ids).aggregate(**aggregates)
    if people_targets:
        aggregates = {
            f"t{t.pk}": Sum("participants", filter=people_filter(t)) for t in people_targets
        }
        campaign_ids = {t.campaign_id for t in people_targets}
        row |= OutreachEvent.objects.filter(campaign_id__in=campaign_ids).aggregate(**aggregates)
    return [Progress(t, row[f"t{t.pk}"] or 0) for t in targets]


def target_progress(target: Target) -> Progress:
    return targets_progress([target])[0]


def status_counts(placements) -> dict[str, dict[str, int]]:
    """Placements per delivery and per display status, every status present (zero if none)."""
    delivery = dict.fromkeys(Delivery.values, 0)
    display = dict.fromkeys(Display.values, 0)
    rows = placements.values("delivery", "display").annotate(n=Count("pk")).order_by()
    for row in rows:
        delivery[row["delivery"]] += row["n"]
        display[row["display"]] += row["n"]
    return {"delivery": delivery, "display": display}


def dashboard_summary(campaign: Campaign | None = None) -> dict:
    """The home page figures: per campaign, its targets' progress and status counts."""
    campaigns = list(Campaign.objects.order_by("-starts_on")[:5])
    if campaign is None and campaigns:
        campaign = campaigns[0]
    if campaign is None:
        return {"campaign": None, "campaigns": campaigns}
    targets = list(campaign.targets.prefetch_related("regions").select_related("network"))
    counts = status_counts(Placement.objects.filter(campaign=campaign))
    total = sum(counts["delivery"].values())
    return {
        "campaign": campaign,
        "campaigns": campaigns,
        "progress": targets_progress(targets),
        "counts": counts,
        "placement_total": total,
    }


@dataclass(frozen=True)
class VenuePreview:
    count: int
    by_kind: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    kinds: dict[str, int] = field(default_factory=dict)
    """Venues per kind value (``"school"``), largest first, for per-kind quantities."""


def venue_preview(venues) -> VenuePreview:
    """How many venues a selection holds, per kind and per region (two queries)."""
    kind_labels = dict(VenueKind.choices)
    kinds = {
        row["kind"]: row["n"]
        for row in venues.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    }
    by_kind = [(str(kind_labels.get(kind, kind)), n) for kind, n in kinds.items()]
    by_region = [
        (row["municipality__region__name"] or str(_("no region")), row["n"])
        for row in venues.values("municipality__region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "municipality__region__name")
    ]
    return VenuePreview(sum(kinds.values()), by_kind, by_region, kinds)


def not_reached_by(target: Target) -> Q:
    """Venues within a target's scope that it does not count as reached yet, as a Q on Venue.

    "Reached" is ``target_filter``'s definition; one NOT EXISTS subquery.
    """
    reached = Placement.objects.filter(target_filter(target), venue=OuterRef("pk"))
    return target_scope(target) & ~Exists(reached)


@dataclass(frozen=True)
class StockNeed:
    """What a planned dispatch takes of one edition, against what its stock location holds."""

    edition: Edition
    location: StockLocation
    needed: int
    on_hand: int

    @property
    def short(self) -> int:
        return max(0, self.needed - self.on_hand)


def stock_need(edition: Edition, location: StockLocation, needed: int) -> StockNeed:
    """Compare ``needed`` items with the location's on-hand stock of the edition (one query)."""
    return StockNeed(edition, location, needed, stock.on_hand(edition, location))


def undoable_steps(placements, limit: int = 10) -> list[dict]:
    """The latest bulk steps on these placements that can still be undone, newest first.

    Each row: ``batch``, ``axis``, ``new_value``, ``count`` (of these placements) and
    ``at``; one query.
    """
    rows = (
        PlacementEvent.objects.filter(
            placement__in=placements, batch__isnull=False, undone_by__isnull=True
        )
        .exclude(axis=Axis.EVIDENCE)
        .values("batch", "axis", "new_value")
        .annotate(count=Count("pk"), at=Max("occurred_at"))
        .order_by("-at")[:limit]
    )
    labels = {Axis.DELIVERY: dict(Delivery.choices), Axis.DISPLAY: dict(Display.choices)}
    return [
        {**row, "new_label": labels[row["axis"]].get(row["new_value"], row["new_value"])}
        for row in rows
    ]
