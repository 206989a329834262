"""Merging two venues: everything that pointed at the duplicate follows the survivor."""

import pytest
from django.urls import reverse

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution import services as distribution
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.models import Placement, PlacementEvent
from plakats.venues.models import Venue, VenueMerge
from plakats.venues.services import merge_venues

pytestmark = pytest.mark.django_db


def _pair():
    rezekne = factory.municipality("Rēzekne")
    survivor = factory.make_venue(name="Rēzeknes 1. vidusskola", municipality=rezekne)
    duplicate = factory.make_venue(
        name="REZEKNES 1. VIDUSSKOLA",
        municipality=rezekne,
        email="skola@example.org",
        external_source="school-register",
        external_id="0004123",
    )
    return survivor, duplicate


def test_it_moves_placements_events_and_codes_to_the_survivor():
    survivor, duplicate = _pair()
    kept = factory.make_placement(venue=survivor)
    moved = factory.make_placement(venue=duplicate)
    distribution.change_status(moved, Axis.DELIVERY, Delivery.SENT)
    code, token = moved.code, moved.token

    merge_venues(survivor, duplicate)

    moved.refresh_from_db()
    assert moved.venue == survivor
    assert (moved.code, moved.token) == (code, token)
    assert Placement.objects.get(code=code).venue == survivor
    assert Placement.objects.get(token=token).venue == survivor
    assert set(survivor.placements.all()) == {kept, moved}
    assert PlacementEvent.objects.filter(placement=moved).count() == 1


def test_it_keeps_the_duplicate_as_an_inactive_pointer():
    survivor, duplicate = _pair()
    merge_venues(survivor, duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.is_active is False
    assert Venue.objects.active().filter(pk=duplicate.pk).exists() is False
    assert VenueMerge.objects.get().merged == duplicate


def test_it_fills_the_survivors_empty_fields_from_the_duplicate():
    survivor, duplicate = _pair()
    merge_venues(survivor, duplicate)
    survivor.refresh_from_db()
    assert survivor.email == "skola@example.org"
    assert (survivor.external_source, survivor.external_id) == ("school-register", "0004123")


def test_it_records_the_merge_in_both_histories():
    survivor, duplicate = _pair()
    merge_venues(survivor, duplicate)
    assert "REZEKNES" in survivor.history.first().history_change_reason
    assert survivor.name in duplicate.history.first().history_change_reason


def test_it_refuses_to_merge_a_venue_into_itself():
    survivor, _ = _pair()
    with pytest.raises(DomainError):
        merge_venues(survivor, survivor)


def test_it_refuses_to_merge_twice():
    survivor, duplicate = _pair()
    other = factory.make_venue()
    merge_venues(survivor, duplicate)
    with pytest.raises(DomainError):
        merge_venues(other, duplicate)
    assert VenueMerge.objects.count() == 1


def test_it_redirects_the_merged_venues_page_to_the_survivor(client_for):
    survivor, duplicate = _pair()
    merge_venues(survivor, duplicate)
    response = client_for("viewer").get(reverse("venues:venue_detail", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == survivor.get_absolute_url()


def test_it_merges_through_the_page_for_a_coordinator(client_for):
    survivor, duplicate = _pair()
    placement = factory.make_placement(venue=duplicate)
    response = client_for("coordinator").post(
        reverse("venues:venue_merge", args=[survivor.pk]), {"duplicate": duplicate.pk}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.venue == survivor


@pytest.mark.parametrize("role", ["regional", "viewer"])
def test_it_refuses_the_merge_page_to_non_coordinators(client_for, role):
    survivor, duplicate = _pair()
    response = client_for(role).post(
        reverse("venues:venue_merge", args=[survivor.pk]), {"duplicate": duplicate.pk}
    )
    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
