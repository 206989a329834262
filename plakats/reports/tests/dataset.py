"""A small hand-made campaign whose every figure the report tests work out by hand.

Venues (active unless said): Rēzekne — schools S1, S2, S3 and library L1;
Daugavpils — school S4; Liepāja — schools S5, S6; Rīga — school S8 and the
inactive school S7. Placements of the campaign:

    P1 S1 delivered                 P6 S8 delivered
    P2 S2 sent                      P7 S7 delivered (venue inactive)
    P3 S3 displayed, fresh evidence P9 S1 delivered, 5 items
    P4 L1 displayed, evidence 2 years old
    P5 S5 planned

P3, P4 and P5 have a venue confirmation; P8 (S4, delivered) belongs to another campaign.
"""

from datetime import date, timedelta

from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.models import Confirmation


def build() -> dict:
    now = timezone.now()
    campaign = factory.make_campaign(name="Report campaign", starts_on=date(2014, 1, 1))
    other = factory.make_campaign(name="Other campaign", starts_on=date(2013, 1, 1))
    rezekne, daugavpils = factory.municipality("Rēzekne"), factory.municipality("Daugavpils")
    liepaja, riga = factory.municipality("Liepāja"), factory.municipality("Rīga")
    v = {}
    for name, muni, kind in [
        ("S1", rezekne, "school"),
        ("S2", rezekne, "school"),
        ("S3", rezekne, "school"),
        ("L1", rezekne, "library"),
        ("S4", daugavpils, "school"),
        ("S5", liepaja, "school"),
        ("S6", liepaja, "school"),
        ("S7", riga, "school"),
        ("S8", riga, "school"),
    ]:
        v[name] = factory.make_venue(name=name, municipality=muni, kind=kind)
    v["S7"].is_active = False
    v["S7"].save()
    edition = factory.make_edition()
    dispatch = factory.make_dispatch(
        campaign=campaign, name="Wave one", planned_on=date(2014, 9, 1)
    )

    def place(venue, **kwargs):
        return factory.make_placement(
            campaign=campaign, dispatch=dispatch, venue=v[venue], edition=edition, **kwargs
        )

    p = {
        "P1": place("S1", delivery="delivered"),
        "P2": place("S2", delivery="sent"),
        "P3": place(
            "S3", delivery="delivered", display="displayed", evidence="venue", evidence_at=now
        ),
        "P4": place(
            "L1",
            delivery="delivered",
            display="displayed",
            evidence="venue",
            evidence_at=now - timedelta(days=730),
        ),
        "P5": place("S5"),
        "P6": place("S8", delivery="delivered"),
        "P7": place("S7", delivery="delivered"),
        "P9": place("S1", delivery="delivered", quantity=5),
    }
    p["P8"] = factory.make_placement(
        campaign=other, venue=v["S4"], edition=edition, delivery="delivered"
    )
    for key in ("P3", "P4", "P5"):
        Confirmation.objects.create(placement=p[key], answer="displayed")
    targets = {
        "schools": factory.make_target(
            campaign=campaign,
            name="Schools reached",
            measure="venues",
            venue_kinds=["school"],
            min_reach="delivered",
            goal=10,
        ),
        "displayed": factory.make_target(
            campaign=campaign,
            name="Placements displayed",
            measure="placements",
            min_reach="displayed",
            goal=4,
        ),
        "items": factory.make_target(
            campaign=campaign, name="Items sent", measure="quantity", min_reach="sent", goal=20
        ),
    }
    return {
        "campaign": campaign,
        "venues": v,
        "placements": p,
        "targets": targets,
        "edition": edition,
        "dispatch": dispatch,
        "latgale": factory.region("Latgales"),
    }
