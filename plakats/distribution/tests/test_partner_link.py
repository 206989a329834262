"""The partner link: the partner's coordinator confirms only its network's placements."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Delivery, Display, Evidence, Source
from plakats.distribution.models import Confirmation, PartnerLink, Placement
from plakats.venues.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def carried():
    """One dispatch to two member hostels and one independent one, carried by the association.

    Another partner's dispatch reaches a hostel of its own network.
    """
    today = timezone.localdate()
    campaign = factory.make_campaign(
        starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=60)
    )
    association = factory.make_partner(name="Hostel association")
    network = factory.make_network(name="Member hostels", partner=association)
    Agreement.objects.create(
        partner=association, title="Posters", network=network, valid_from=today - timedelta(30)
    )
    members = [
        factory.make_venue(kind="hostel", name=name, network=network)
        for name in ("Hostel Ausma", "Hostel Bite")
    ]
    outsider = factory.make_venue(kind="hostel", name="Hostel Cits")
    edition = factory.make_edition()
    dispatch = services.create_dispatch(
        campaign=campaign,
        name="Hostels",
        channel="via_partner",
        planned_on=today,
        lines=[services.Line(v.pk, edition.pk, 1) for v in [*members, outsider]],
        partner=association,
    )
    rival = factory.make_partner(name="Youth union")
    rival_network = factory.make_network(name="Youth houses", partner=rival)
    Agreement.objects.create(partner=rival, title="Posters", valid_from=today - timedelta(30))
    youth_house = factory.make_venue(kind="youth_centre", name="Youth house", network=rival_network)
    other = services.create_dispatch(
        campaign=campaign,
        name="Youth houses",
        channel="via_partner",
        planned_on=today,
        lines=[services.Line(youth_house.pk, edition.pk, 1)],
        partner=rival,
    )
    placements = {p.venue.name: p for p in Placement.objects.select_related("venue")}
    return {
        "link": PartnerLink.objects.get(dispatch=dispatch),
        "other_link": PartnerLink.objects.get(dispatch=other),
        "placements": placements,
    }


def _url(link_or_token) -> str:
    return reverse("partner_confirm", args=[getattr(link_or_token, "token", link_or_token)])


def test_it_shows_only_the_network_placements(client, carried):
    response = client.get(_url(carried["link"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hostel Ausma" in page and "Hostel Bite" in page
    assert "Hostel Cits" not in page and "Youth house" not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_confirms_several_placements_at_once(client, carried):
    ausma, bite = carried["placements"]["Hostel Ausma"], carried["placements"]["Hostel Bite"]
    response = client.post(
        _url(carried["link"]) + "?lang=en",
        {f"answer-{ausma.pk}": "displayed", f"answer-{bite.pk}": "delivered"},
    )
    assert response.status_code == 302
    ausma.refresh_from_db()
    bite.refresh_from_db()
    assert (ausma.delivery, ausma.display, ausma.evidence) == (
        Delivery.DELIVERED,
        Display.DISPLAYED,
        Evidence.PARTNER,
    )
    assert (bite.delivery, bite.display) == (Delivery.DELIVERED, Display.UNKNOWN)
    assert set(ausma.events.values_list("source", flat=True)) == {Source.PARTNER, Source.STAFF}
    assert list(Confirmation.objects.values_list("placement", "answer")) == [
        (ausma.pk, "displayed")
    ]
    assert client.get(response["Location"]).status_code == 200


def test_it_records_not_displayed_and_not_received(client, carried):
    ausma, bite = carried["placements"]["Hostel Ausma"], carried["placements"]["Hostel Bite"]
    client.post(
        _url(carried["link"]),
        {f"answer-{ausma.pk}": "not_displayed", f"answer-{bite.pk}": "not_received"},
    )
    ausma.refresh_from_db()
    bite.refresh_from_db()
    assert (ausma.delivery, ausma.display) == (Delivery.DELIVERED, Display.NOT_DISPLAYED)
    assert (bite.delivery, bite.display) == (Delivery.VIA_PARTNER, Display.UNKNOWN)
    assert bite.confirmations.get().answer == "not_received"


@pytest.mark.parametrize("foreign", ["Hostel Cits", "Youth house"])
def test_it_refuses_a_forged_placement_of_another_network(client, carried, foreign):
    ausma = carried["placements"]["Hostel Ausma"]
    stranger = carried["placements"][foreign]
    response = client.post(
        _url(carried["link"]),
        {f"answer-{ausma.pk}": "displayed", f"answer-{stranger.pk}": "displayed"},
    )
    assert response.status_code == 200
    assert "not in your network" in response.content.decode()
    stranger.refresh_from_db()
    ausma.refresh_from_db()
    assert stranger.delivery in (Delivery.PLANNED, Delivery.VIA_PARTNER)
    assert stranger.display == Display.UNKNOWN
    assert ausma.display == Display.UNKNOWN  # the whole submission is refused
    assert not Confirmation.objects.exists()


def test_it_answers_404_to_a_wrong_or_foreign_token(client, carried):
    venue_token = carried["placements"]["Hostel Ausma"].token
    for token in ("x" * 32, venue_token, "short"):
        assert client.get(_url(token)).status_code == 404


def test_it_rate_limits_wrong_tokens(client, carried, settings):
    settings.PLAKATS_CONFIRMATION_MISS_RATE = "2/m"
    for _ in range(2):
        assert client.get(_url("y" * 32)).status_code == 404
    assert client.get(_url(carried["link"])).status_code == 429


def test_it_shows_the_link_expired_after_the_campaign(client, carried, settings):
    settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN = 0
    campaign = carried["link"].dispatch.campaign
    campaign.starts_on, campaign.ends_on = date(2014, 1, 1), date(2014, 12, 31)
    campaign.save()
    assert client.get(_url(carried["link"])).status_code == 410


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_for_2_and_12_network_placements(client, carried):
    link = carried["link"]
    client.get(_url(link))  # the rate limiter's cache row is made by the first request
    few = _queries(client, _url(link))
    network = link.partner.networks.get()
    edition = factory.make_edition()
    for i in range(10):
        venue = factory.make_venue(kind="hostel", name=f"Hostel {i}", network=network)
        factory.make_placement(dispatch=link.dispatch, venue=venue, edition=edition)
    assert len(services.partners.partner_placements(link)) == 12
    assert _queries(client, _url(link)) == few
