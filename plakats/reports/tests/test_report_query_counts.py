"""The dashboard and the coverage page run the same number of queries with 3 rows as with 30."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Measure
from plakats.distribution.models import Confirmation
from plakats.materials import services as stock

pytestmark = pytest.mark.django_db


def _grow(campaign, rows: int) -> None:
    """Add dispatches, venues, placements with events and answers, targets and stock."""
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    edition = factory.make_edition()
    stock.receive_print_run(edition, factory.make_location(), 10 + rows)
    for i in range(rows):
        dispatch = factory.make_dispatch(
            campaign=campaign, planned_on=date(2014, 9, 1) + timedelta(days=7 * i)
        )
        placement = factory.make_placement(
            dispatch=dispatch,
            edition=edition,
            venue=factory.make_venue(
                municipality=municipalities[i % 3], kind=["school", "library"][i % 2]
            ),
        )
        services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)
        Confirmation.objects.create(placement=placement, answer="displayed")
        factory.make_target(
            campaign=campaign,
            regions=[municipalities[i % 3].region],
            measure=[Measure.VENUES, Measure.QUANTITY, Measure.PLACEMENTS][i % 3],
            venue_kinds=["school"],
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "regional"])
def test_it_keeps_the_report_pages_at_a_fixed_query_count(client_for, role):
    campaign = factory.make_campaign()
    latgale = factory.region("Latgales")
    pages = [
        reverse("home"),
        reverse("home") + f"?campaign={campaign.pk}&region={latgale.pk}",
        reverse("home") + f"?campaign={campaign.pk}&start=2014-09-01&end=2015-06-30",
        reverse("reports:coverage"),
        reverse("reports:coverage") + f"?region={latgale.pk}&kind=school&sort=-percent",
    ]
    client = client_for(role)
    _grow(campaign, 3)
    small = [_count(client, url) for url in pages]

    _grow(campaign, 27)
    large = [_count(client, url) for url in pages]

    assert small == large
    print(small)
