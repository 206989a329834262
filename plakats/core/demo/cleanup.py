"""Removing the demo data again, and a fingerprint to compare two builds of it."""

import hashlib

from django.db import transaction
from django.db.models import Count, Q, Sum

from plakats.distribution.models import Campaign, Dispatch, Placement, PlacementEvent, Target
from plakats.materials.models import Edition, Material, StockLocation, StockMovement
from plakats.outreach.models import EventMaterial, HotlineContact, OutreachEvent
from plakats.venues.models import Agreement, Network, Partner, Venue

from . import names


@transaction.atomic
def flush_demo() -> int:
    """Delete everything the demo created except its users; return how many rows went.

    Demo records are found by their names (``DEMO_MARK`` or the demo catalogue's
    material names). Meant for development databases: a real record that points
    at a demo record stops the flush with a ``ProtectedError``.
    """
    campaigns = Campaign.objects.filter(name__contains=names.DEMO_MARK)
    materials = Material.objects.filter(name__in=[m[0] for m in names.MATERIALS])
    locations = StockLocation.objects.filter(name__contains=names.DEMO_MARK)
    movements = StockMovement.objects.filter(
        Q(dispatch__campaign__in=campaigns)
        | Q(edition__material__in=materials)
        | Q(location__in=locations)
    )
    deleted = 0
    movements.filter(counterpart__isnull=False).update(counterpart=None)
    events = OutreachEvent.objects.filter(campaign__in=campaigns)
    for queryset in [
        HotlineContact.objects.filter(notes__contains=names.DEMO_MARK),
        EventMaterial.objects.filter(event__in=events),
        events,
        movements,
        Placement.objects.filter(campaign__in=campaigns),
        Dispatch.objects.filter(campaign__in=campaigns),
        campaigns,
        Edition.objects.filter(material__in=materials, supersedes__isnull=False),
        Edition.objects.filter(material__in=materials),
        materials,
        locations,
        Venue.objects.filter(name__contains=names.DEMO_MARK),
        Network.objects.filter(name__contains=names.DEMO_MARK),
        Partner.objects.filter(name__contains=names.DEMO_MARK),
    ]:
        deleted += queryset.delete()[0]
    return deleted


def _counts(queryset, *fields) -> list:
    return sorted(
        tuple(row.values()) for row in queryset.values(*fields).annotate(n=Count("pk")).order_by()
    )


def fingerprint() -> dict:
    """Counts, statuses, stock and names of the demo data, free of ids, tokens and clocks."""
    campaigns = Campaign.objects.filter(name__contains=names.DEMO_MARK)
    placements = Placement.objects.filter(campaign__in=campaigns)
    venue_names = "\n".join(
        f"{v[0]}|{v[1]}|{v[2]}|{v[3]}"
        for v in Venue.objects.filter(name__contains=names.DEMO_MARK)
        .order_by("name", "address")
        .values_list("name", "address", "latitude", "longitude")
    )
    return {
        "venues": _counts(Venue.objects.filter(name__contains=names.DEMO_MARK), "kind"),
        "venue_names": hashlib.sha256(venue_names.encode()).hexdigest(),
        "partners": Partner.objects.filter(name__contains=names.DEMO_MARK).count(),
        "coalition": Partner.objects.filter(
            name__contains=names.DEMO_MARK, is_coalition_member=True
        ).count(),
        "agreements": Agreement.objects.filter(partner__name__contains=names.DEMO_MARK).count(),
        "targets": sorted(
            Target.objects.filter(campaign__in=campaigns).values_list("name", "goal")
        ),
        "dispatches": sorted(
            Dispatch.objects.filter(campaign__in=campaigns)
            .annotate(n=Count("placements"))
            .values_list("name", "channel", "planned_on", "n")
        ),
        "placements": _counts(
            placements,
            "edition__material__name",
            "edition__version",
            "edition__language",
            "delivery",
            "display",
            "evidence",
        ),
        "quantities": placements.aggregate(total=Sum("quantity"))["total"],
        "events": _counts(
            PlacementEvent.objects.filter(placement__campaign__in=campaigns),
            "axis",
            "old_value",
            "new_value",
            "source",
            "occurred_at",
        ),
        "stock": sorted(
            StockMovement.objects.filter(location__name__contains=names.DEMO_MARK)
            .values_list(
                "location__name",
                "edition__material__name",
                "edition__version",
                "edition__language",
                "kind",
                "occurred_on",
            )
            .annotate(total=Sum("delta"))
            .order_by()
        ),
    }
