"""Targets are counted by their definition, on a small data set worked out by hand.

Venues: schools L1, L2, L3 in Latgale; schools K1, K2 in Kurzeme; youth centre Y
in Latgale. Placements of the campaign (edition E):

    L1  delivered, displayed   qty 5
    L1  delivered              qty 2   (second placement at the same venue)
    L2  delivered              qty 3
    L3  sent                   qty 4
    K1  delivered, displayed   qty 1
    K2  planned                qty 6
    Y   delivered, displayed   qty 7

plus one delivered placement at L3 in another campaign, which never counts.
"""

import pytest

from plakats.core.tests import factory
from plakats.distribution import queries
from plakats.distribution.choices import Delivery, Display, Measure, Reach

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    latgale, kurzeme = factory.region("Latgales"), factory.region("Kurzemes")
    daugavpils, liepaja = factory.municipality("Daugavpils"), factory.municipality("Liepāja")
    campaign = factory.make_campaign()
    edition = factory.make_edition()
    school = {"kind": "school"}
    l1, l2, l3 = (factory.make_venue(municipality=daugavpils, **school) for _ in range(3))
    k1, k2 = (factory.make_venue(municipality=liepaja, **school) for _ in range(2))
    youth = factory.make_venue(municipality=daugavpils, kind="youth_centre")
    delivered, displayed = Delivery.DELIVERED, Display.DISPLAYED
    rows = [
        (l1, delivered, displayed, 5),
        (l1, delivered, Display.UNKNOWN, 2),
        (l2, delivered, Display.UNKNOWN, 3),
        (l3, Delivery.SENT, Display.UNKNOWN, 4),
        (k1, delivered, displayed, 1),
        (k2, Delivery.PLANNED, Display.UNKNOWN, 6),
        (youth, delivered, displayed, 7),
    ]
    for venue, delivery, display, quantity in rows:
        factory.make_placement(
            campaign=campaign,
            venue=venue,
            edition=edition,
            delivery=delivery,
            display=display,
            quantity=quantity,
        )
    factory.make_placement(venue=l3, edition=edition, delivery=delivered)
    campaign.regions = {"latgale": latgale, "kurzeme": kurzeme}
    return campaign


def _reached(campaign, regions=(), **definition) -> int:
    target = factory.make_target(campaign=campaign, regions=regions, **definition)
    return queries.target_progress(target).reached


def test_it_counts_schools_in_latgale_delivered_once_per_venue(campaign):
    # L1 (two placements, counted once) and L2; L3 is only sent; Y is not a school.
    reached = _reached(
        campaign,
        regions=[campaign.regions["latgale"]],
        venue_kinds=["school"],
        min_reach=Reach.DELIVERED,
        measure=Measure.VENUES,
    )

    assert reached == 2


def test_it_counts_all_schools_displayed(campaign):
    # L1 and K1 are displayed schools; Y is displayed but a youth centre.
    reached = _reached(campaign, venue_kinds=["school"], min_reach=Reach.DISPLAYED)

    assert reached == 2


def test_it_counts_the_one_displayed_school_in_kurzeme(campaign):
    reached = _reached(
        campaign,
        regions=[campaign.regions["kurzeme"]],
        venue_kinds=["school"],
        min_reach=Reach.DISPLAYED,
    )

    assert reached == 1


def test_it_sums_quantities_for_the_items_measure(campaign):
    # Delivered or displayed anywhere: 5 + 2 + 3 + 1 + 7 = 18 (L3 sent and K2 planned left out).
    reached = _reached(campaign, measure=Measure.QUANTITY, min_reach=Reach.DELIVERED)

    assert reached == 18


def test_it_counts_placements_not_venues_for_the_placements_measure(campaign):
    # Sent or further: every row but K2: L1 twice, L2, L3, K1, Y = 6.
    reached = _reached(campaign, measure=Measure.PLACEMENTS, min_reach=Reach.SENT)

    assert reached == 6


def test_it_evaluates_many_targets_in_one_query(campaign, django_assert_num_queries):
    latgale = campaign.regions["latgale"]
    factory.make_target(campaign=campaign, regions=[latgale], venue_kinds=["school"], goal=3)
    factory.make_target(
        campaign=campaign, venue_kinds=["school"], min_reach=Reach.DISPLAYED, goal=1
    )
    factory.make_target(campaign=campaign, measure=Measure.QUANTITY, goal=20)
    targets = list(campaign.targets.prefetch_related("regions").order_by("pk"))

    with django_assert_num_queries(1):
        progress = queries.targets_progress(targets)

    assert [(p.reached, p.percent, p.met) for p in progress] == [
        (2, 67, False),
        (2, 100, True),
        (18, 90, False),
    ]


def test_it_shows_the_progress_on_the_campaign_page(campaign, client_for):
    factory.make_target(
        campaign=campaign,
        name="Schools in Latgale",
        regions=[campaign.regions["latgale"]],
        venue_kinds=["school"],
        goal=4,
    )

    response = client_for("viewer").get(campaign.get_absolute_url())

    text = response.content.decode()
    assert "Schools in Latgale" in text
    assert "2 / 4 (50%)" in text
