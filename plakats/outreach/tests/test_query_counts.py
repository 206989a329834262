"""The hotline log, the attribution report and the event pages run the same number of
queries with a few rows as with many."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.materials import services as stock
from plakats.outreach import services
from plakats.outreach.models import HeardFrom, OutreachEvent, Topic

pytestmark = pytest.mark.django_db


def _grow(campaign, rows: int) -> None:
    topics = list(Topic.objects.all())
    sources = list(HeardFrom.objects.all())
    municipalities = [factory.municipality(n) for n in ("Rēzekne", "Liepāja", "Rīga")]
    edition = factory.make_edition()
    location = factory.make_location()
    stock.receive_print_run(edition, location, 1000)
    first = timezone.make_aware(datetime(2015, 2, 2, 10))
    for i in range(rows):
        venue = factory.make_venue(municipality=municipalities[i % 3])
        placement = factory.make_placement(campaign=campaign, venue=venue)
        factory.make_dispatch(campaign=campaign, planned_on=date(2015, 2, 2) + timedelta(days=i))
        factory.make_hotline_contact(
            occurred_at=first + timedelta(days=3 * i),
            topics=topics[i % 3 : i % 3 + 2],
            heard_from=sources[i % len(sources)] if i % 4 else None,
            region=municipalities[i % 3].region,
            placement=placement if i % 2 else None,
        )
        services.save_event(
            None,
            date=date(2015, 2, 2) + timedelta(days=i),
            type="workshop",
            participants=10 + i,
            venue=venue,
            campaign=campaign,
            facilitators=[],
            material=services.MaterialOut(edition, 1, location),
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("role", ["coordinator", "hotline", "viewer"])
def test_it_keeps_the_outreach_pages_at_a_fixed_query_count(client_for, role):
    campaign = factory.make_campaign()
    pages = [
        reverse("outreach:hotline_report"),
        reverse("outreach:hotline_report") + f"?campaign={campaign.pk}",
        reverse("outreach:hotline_report") + "?start=2015-01-01&end=2015-12-31",
        reverse("outreach:event_list"),
        reverse("outreach:event_list") + f"?campaign={campaign.pk}&type=workshop",
    ]
    if role != "viewer":
        pages += [
            reverse("outreach:hotline_list"),
            reverse("outreach:hotline_list") + "?channel=phone&start=2015-01-01",
        ]
    client = client_for(role)
    _grow(campaign, 3)
    detail = OutreachEvent.objects.first().get_absolute_url()
    small = [_count(client, url) for url in [*pages, detail]]

    _grow(campaign, 27)
    large = [_count(client, url) for url in [*pages, detail]]

    assert small == large
