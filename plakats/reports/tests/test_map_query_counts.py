"""The map page and its data run the same number of queries with 3 venues as with 30."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db


def _grow(campaign, rows: int) -> None:
    """Add ``rows`` venues in three municipalities, each with two placements."""
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    edition = factory.make_edition()
    for i in range(rows):
        venue = factory.make_venue(
            municipality=municipalities[i % 3],
            kind=["school", "library"][i % 2],
            latitude=Decimal("56.9") + Decimal(i) / 1000,
            longitude=Decimal("24.1"),
        )
        factory.make_placement(campaign=campaign, venue=venue, edition=edition, delivery="sent")
        factory.make_placement(
            campaign=campaign, venue=venue, edition=edition, delivery="delivered"
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "regional"])
def test_it_keeps_the_map_at_a_fixed_query_count(client_for, role):
    campaign = factory.make_campaign()
    region = factory.region("Latgal").pk
    pages = [
        reverse("reports:map_data") + f"?campaign={campaign.pk}",
        reverse("reports:map_data") + f"?campaign={campaign.pk}&region={region}&kind=school",
        reverse("reports:map_data") + f"?campaign={campaign.pk}&status=delivered",
        reverse("reports:map") + f"?campaign={campaign.pk}",
        reverse("reports:map") + f"?campaign={campaign.pk}&region={region}&kind=library",
    ]
    client = client_for(role)
    _grow(campaign, 3)
    small = [_count(client, url) for url in pages]

    _grow(campaign, 27)
    large = [_count(client, url) for url in pages]

    assert small == large


def test_it_reads_the_venues_and_their_statuses_in_two_queries(client_for):
    campaign = factory.make_campaign()
    _grow(campaign, 5)
    client = client_for("viewer")
    client.get(reverse("reports:map_data") + f"?campaign={campaign.pk}")  # session, role warm

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:map_data") + f"?campaign={campaign.pk}")

    tables = [q["sql"] for q in queries if "venues_venue" in q["sql"] or "placement" in q["sql"]]
    assert len(tables) == 2, tables
