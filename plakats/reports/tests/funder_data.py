"""A small hand-made campaign for the funder report tests; every figure is worked out below.

Campaign "Drošs darbs ārzemēs (demo)", 2025, one dispatch on Monday 3 March 2025:

    venue                       kind     municipality  region    qty  what happened (Europe/Riga)
    A Ābeļu pamatskola (demo)   school   Rēzekne       Latgale   2    sent 3.3, delivered 5.3,
                                                                      displayed 12.3 (venue said),
                                                                      confirmed by the venue
    B Ķiršu vidusskola (demo)   school   Rēzekne       Latgale   3    sent 3.3, delivered 11.3
    C Daugavpils library (demo) library  Daugavpils    Latgale   1    sent 4.3
    D Liepu pamatskola (demo)   school   Liepāja       Kurzeme   4    still planned

Targets: "Skolas Latgalē" — schools in Latgale reached (delivered), goal 4: A and B,
so 2 of 4 = 50 %; "Izdalītie eksemplāri" — items sent, goal 20: 2 + 3 + 1 = 6, 30 %.
Reached (delivered or displayed): Latgale 2 of 3 venues, Kurzeme 0 of 1; schools 2 of
3, libraries 0 of 1. Confirmations: 1 of the 3 sent out = 1/3. Items distributed: 6 in
3 placements. Weeks (Monday): 3.3 — sent 3, delivered 1; 10.3 — delivered 1, displayed 1.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Answer, Axis, Delivery, Display, Measure, Reach, Source
from plakats.distribution.models import Confirmation

RIGA = ZoneInfo("Europe/Riga")
PERIOD = (date(2025, 3, 1), date(2025, 3, 31))


def at(day: int, month: int = 3, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=RIGA)


def make_campaign_world() -> dict:
    funder = factory.make_partner(name="Fonds “Drošība” (demo)", kind="funder")
    campaign = factory.make_campaign(
        name="Drošs darbs ārzemēs (demo)",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        funder=funder,
    )
    latgale, kurzeme = factory.region("Latgal"), factory.region("Kurzem")
    rezekne, daugavpils = factory.municipality("Rēzekne"), factory.municipality("Daugavpils")
    venues = {
        "A": factory.make_venue(name="Ābeļu pamatskola (demo)", municipality=rezekne),
        "B": factory.make_venue(name="Ķiršu vidusskola (demo)", municipality=rezekne),
        "C": factory.make_venue(
            name="Daugavpils bibliotēka (demo)", kind="library", municipality=daugavpils
        ),
        "D": factory.make_venue(
            name="Liepu pamatskola (demo)", municipality=factory.municipality("Liepāja")
        ),
    }
    edition = factory.make_edition(
        material=factory.make_material(name="A2 plakāts: Drošs darbs (demo)"), version="2025-1"
    )
    dispatch = factory.make_dispatch(
        campaign=campaign, name="Pirmais vilnis (demo)", planned_on=date(2025, 3, 3)
    )
    placements = {
        key: factory.make_placement(
            dispatch=dispatch, venue=venues[key], edition=edition, quantity=q
        )
        for key, q in (("A", 2), ("B", 3), ("C", 1), ("D", 4))
    }
    change = services.change_status
    change(placements["A"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(3))
    change(placements["B"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(3))
    change(placements["C"], Axis.DELIVERY, Delivery.SENT, occurred_at=at(4))
    change(placements["A"], Axis.DELIVERY, Delivery.DELIVERED, occurred_at=at(5))
    change(placements["B"], Axis.DELIVERY, Delivery.DELIVERED, occurred_at=at(11))
    change(
        placements["A"], Axis.DISPLAY, Display.DISPLAYED, source=Source.VENUE, occurred_at=at(12)
    )
    Confirmation.objects.create(
        placement=placements["A"], answer=Answer.DISPLAYED, submitted_at=at(12)
    )
    factory.make_target(
        campaign=campaign,
        name="Skolas Latgalē",
        measure=Measure.VENUES,
        venue_kinds=["school"],
        regions=[latgale],
        min_reach=Reach.DELIVERED,
        goal=4,
    )
    factory.make_target(
        campaign=campaign,
        name="Izdalītie eksemplāri",
        measure=Measure.QUANTITY,
        min_reach=Reach.SENT,
        goal=20,
    )
    return {
        "campaign": campaign,
        "latgale": latgale,
        "kurzeme": kurzeme,
        "venues": venues,
        "placements": placements,
        "edition": edition,
        "dispatch": dispatch,
    }


def table(figures, key: str) -> list[list]:
    return figures.section(key).rows
