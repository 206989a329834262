"""A partner with an agreement carries a dispatch to its network: "sent via partner"."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Delivery, Source
from plakats.distribution.models import Dispatch, PartnerLink, Placement, PlacementEvent
from plakats.distribution.services.partners import partners_with_current_agreement
from plakats.venues.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostels():
    """The hostel association (agreement 2015-03-01…2015-12-31) runs a network of two hostels."""
    association = factory.make_partner(name="Hostel association")
    network = factory.make_network(name="Member hostels", partner=association)
    Agreement.objects.create(
        partner=association,
        title="Posters in member hostels",
        network=network,
        valid_from=date(2015, 3, 1),
        valid_until=date(2015, 12, 31),
    )
    return {
        "association": association,
        "network": network,
        "members": [
            factory.make_venue(kind="hostel", name=f"Hostel {i}", network=network) for i in (1, 2)
        ],
        "outsider": factory.make_venue(kind="hostel", name="Independent hostel"),
        "edition": factory.make_edition(),
        "campaign": factory.make_campaign(ends_on=date(2016, 12, 31)),
    }


def _create(hostels, venues, *, partner=None, planned_on=date(2015, 4, 20)):
    return services.create_dispatch(
        campaign=hostels["campaign"],
        name="Hostels via the association",
        channel="via_partner",
        planned_on=planned_on,
        lines=[services.Line(v.pk, hostels["edition"].pk, 2) for v in venues],
        partner=partner if partner is not None else hostels["association"],
    )


def test_it_sends_the_network_placements_via_the_partner(hostels):
    venues = [*hostels["members"], hostels["outsider"]]
    dispatch = _create(hostels, venues)
    delivery = dict(dispatch.placements.values_list("venue__name", "delivery"))
    assert delivery == {
        "Hostel 1": Delivery.VIA_PARTNER,
        "Hostel 2": Delivery.VIA_PARTNER,
        "Independent hostel": Delivery.PLANNED,
    }
    events = PlacementEvent.objects.filter(placement__dispatch=dispatch)
    assert sorted(events.values_list("old_value", "new_value", "source")) == [
        (Delivery.PLANNED, Delivery.VIA_PARTNER, Source.STAFF),
        (Delivery.PLANNED, Delivery.VIA_PARTNER, Source.STAFF),
    ]
    assert len(set(events.values_list("batch", flat=True))) == 1
    link = PartnerLink.objects.get(dispatch=dispatch)
    assert link.partner == hostels["association"]
    assert len(link.token) >= 32


def test_it_refuses_a_partner_without_an_agreement_in_force(hostels):
    with pytest.raises(DomainError) as refused:
        _create(hostels, hostels["members"], planned_on=date(2016, 1, 4))
    assert refused.value.field == "partner"
    assert not Dispatch.objects.exists()
    assert not Placement.objects.exists()


def test_it_refuses_a_dispatch_with_no_venue_of_the_network(hostels):
    with pytest.raises(DomainError):
        _create(hostels, [hostels["outsider"]])
    assert not Dispatch.objects.exists()
    assert not PartnerLink.objects.exists()


def test_it_offers_only_partners_with_an_agreement_in_force(hostels):
    lapsed = factory.make_partner(name="Lapsed partner")
    Agreement.objects.create(
        partner=lapsed, title="Old", valid_from=date(2013, 1, 1), valid_until=date(2014, 1, 1)
    )
    factory.make_partner(name="No agreement")
    assert list(partners_with_current_agreement(date(2015, 6, 1))) == [hostels["association"]]
    assert list(partners_with_current_agreement(date(2013, 6, 1))) == [lapsed]


def test_it_creates_a_partner_dispatch_from_the_form(client_for, hostels, settings):
    settings.PLAKATS_BASE_URL = "https://plakats.example.org"
    Agreement.objects.filter(partner=hostels["association"]).update(valid_until=None)
    lapsed = factory.make_partner(name="Lapsed partner")
    Agreement.objects.create(
        partner=lapsed, title="Old", valid_from=date(2013, 1, 1), valid_until=date(2014, 1, 1)
    )
    client = client_for("coordinator")
    query = f"?network={hostels['network'].pk}"
    page = client.get(reverse("distribution:dispatch_create") + query)
    assert page.status_code == 200
    options = page.context["form"].fields["partner"].queryset
    assert list(options) == [hostels["association"]]
    response = client.post(
        reverse("distribution:dispatch_create") + query,
        {
            "campaign": hostels["campaign"].pk,
            "name": "Hostels 2015",
            "channel": "via_partner",
            "planned_on": "2015-04-20",
            "edition": hostels["edition"].pk,
            "partner": hostels["association"].pk,
            "expected_count": 2,
            "kind-hostel": 2,
        },
    )
    dispatch = Dispatch.objects.get(name="Hostels 2015")
    assert response.status_code == 302
    assert set(dispatch.placements.values_list("delivery", flat=True)) == {Delivery.VIA_PARTNER}
    detail = client.get(dispatch.get_absolute_url()).content.decode()
    link = PartnerLink.objects.get(dispatch=dispatch)
    assert f"https://plakats.example.org/c/p/{link.token}/" in detail
    assert "data:image/svg+xml" in detail


def test_it_refuses_a_lapsed_partner_posted_by_hand(client_for, hostels):
    lapsed = factory.make_partner(name="Lapsed partner")
    Agreement.objects.create(
        partner=lapsed, title="Old", valid_from=date(2013, 1, 1), valid_until=date(2014, 1, 1)
    )
    response = client_for("coordinator").post(
        reverse("distribution:dispatch_create") + f"?network={hostels['network'].pk}",
        {
            "campaign": hostels["campaign"].pk,
            "name": "Hostels 2015",
            "channel": "via_partner",
            "planned_on": "2015-04-20",
            "edition": hostels["edition"].pk,
            "partner": lapsed.pk,
            "expected_count": 2,
            "kind-hostel": 2,
        },
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Dispatch.objects.exists()
