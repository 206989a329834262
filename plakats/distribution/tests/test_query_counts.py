"""The list and detail pages run the same number of queries with 3 rows as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Measure

pytestmark = pytest.mark.django_db


def _grow(campaign, rows: int) -> None:
    """Add ``rows`` dispatches, placements in several regions and events, and targets."""
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    edition = factory.make_edition()
    for i in range(rows):
        dispatch = factory.make_dispatch(campaign=campaign)
        placement = factory.make_placement(
            dispatch=dispatch,
            edition=edition,
            venue=factory.make_venue(municipality=municipalities[i % 3]),
        )
        services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)
        factory.make_target(
            campaign=campaign,
            regions=[municipalities[i % 3].region],
            measure=[Measure.VENUES, Measure.QUANTITY][i % 2],
            venue_kinds=["school"],
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "regional"])
def test_it_keeps_the_list_and_detail_pages_at_a_fixed_query_count(client_for, role):
    campaign = factory.make_campaign()
    pages = [
        reverse("distribution:placement_list"),
        reverse("distribution:placement_list") + f"?campaign={campaign.pk}&delivery=delivered",
        reverse("distribution:dispatch_list"),
        reverse("distribution:campaign_list"),
        campaign.get_absolute_url(),
    ]
    client = client_for(role)
    _grow(campaign, 3)
    small = [_count(client, url) for url in pages]

    _grow(campaign, 27)
    large = [_count(client, url) for url in pages]

    assert small == large


def test_it_keeps_the_dispatch_page_at_a_fixed_query_count(client_for):
    dispatch = factory.make_dispatch()
    client = client_for("coordinator")

    def grow(rows):
        for _ in range(rows):
            factory.make_placement(dispatch=dispatch)
        services.bulk_change_status(
            dispatch.placements.filter(delivery=Delivery.PLANNED), Axis.DELIVERY, Delivery.SENT
        )

    grow(3)
    small = _count(client, dispatch.get_absolute_url())
    grow(27)
    large = _count(client, dispatch.get_absolute_url())

    assert small == large
