"""An edition with placements in every status, for the recall tests.

Worked out by hand, the placements believed up are: sent via a partner,
delivered (display unknown), delivered and displayed, and a web page found
displayed. Every other status is not up: planned, sent (on its way), delivered
but not displayed / removed / damaged, returned (even if once displayed), lost
and refused.
"""

from datetime import timedelta

from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display

STATUSES = {
    "planned": (Delivery.PLANNED, Display.UNKNOWN),
    "sent": (Delivery.SENT, Display.UNKNOWN),
    "via_partner": (Delivery.VIA_PARTNER, Display.UNKNOWN),
    "delivered": (Delivery.DELIVERED, Display.UNKNOWN),
    "displayed": (Delivery.DELIVERED, Display.DISPLAYED),
    "not_displayed": (Delivery.DELIVERED, Display.NOT_DISPLAYED),
    "removed": (Delivery.DELIVERED, Display.REMOVED),
    "damaged": (Delivery.DELIVERED, Display.DAMAGED),
    "returned": (Delivery.RETURNED, Display.DISPLAYED),
    "lost": (Delivery.LOST, Display.UNKNOWN),
    "refused": (Delivery.REFUSED, Display.UNKNOWN),
}
# The placements believed up, and where they are: (municipality or None for a web page, quantity).
UP = {
    "via_partner": ("Rēzekne", 2),
    "delivered": ("Liepāja", 5),
    "displayed": ("Rīga", 1),
    "web": (None, 1),
}


def build() -> dict:
    """Return the old edition, its successor, a stock location and the placements by status."""
    material = factory.make_material(name="A2 poster: Safe work abroad")
    old = factory.make_edition(material=material, version="2014-1", hotline_numbers="80002012")
    new = factory.make_edition(material=material, version="2015-1", hotline_numbers="80002013")
    campaign = factory.make_campaign(name="Safe work 2014")
    dispatch = factory.make_dispatch(campaign=campaign)
    placements = {}
    for name, (delivery, display) in STATUSES.items():
        where, quantity = UP.get(name, ("Rīga", 3))
        placements[name] = factory.make_placement(
            dispatch=dispatch,
            venue=factory.make_venue(
                name=f"Venue {name}",
                municipality=factory.municipality(where),
                address=f"Skolas iela {len(placements) + 1}",
            ),
            edition=old,
            quantity=quantity,
            delivery=delivery,
            display=display,
        )
    placements["web"] = factory.make_placement(
        dispatch=dispatch,
        venue=factory.make_venue(name="Venue web", kind="website", url="https://example.org/jobs"),
        edition=old,
        quantity=1,
        delivery=Delivery.DELIVERED,
        display=Display.DISPLAYED,
    )
    # Another edition's placement at a venue of ours: never part of this recall.
    placements["other_edition"] = factory.make_placement(
        venue=placements["displayed"].venue,
        edition=factory.make_edition(),
        delivery=Delivery.DELIVERED,
        display=Display.DISPLAYED,
    )
    location = factory.make_location(name="Riga office")
    today = timezone.localdate()
    replacement_campaign = factory.make_campaign(
        name="Safe work 2015",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=60),
    )
    return {
        "old": old,
        "new": new,
        "location": location,
        "campaign": replacement_campaign,
        "placements": placements,
    }


def up_ids(world: dict) -> set[int]:
    return {world["placements"][name].pk for name in UP}
