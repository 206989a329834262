"""Changing a planned placement's edition or quantity moves its dispatch's stock with it."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.materials import services as stock
from plakats.materials.services import InsufficientStock, on_hand

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned():
    """A dispatch of 5 posters from a store that held 20 (so 15 are left)."""
    edition, other = factory.make_edition(), factory.make_edition()
    store = factory.make_location()
    stock.receive_print_run(edition, store, 20)
    stock.receive_print_run(other, store, 4)
    venue = factory.make_venue()
    dispatch = services.create_dispatch(
        campaign=factory.make_campaign(),
        name="Wave 1",
        channel="post",
        planned_on=date(2014, 2, 1),
        lines=[services.Line(venue.pk, edition.pk, 5)],
        stock_location=store,
    )
    return dispatch.placements.get(), edition, other, store


def test_it_issues_the_extra_items_when_the_quantity_grows(planned):
    placement, edition, _, store = planned
    services.update_placement(placement, edition=edition, quantity=8)
    assert on_hand(edition, store) == 20 - 8


def test_it_returns_items_to_stock_when_the_quantity_shrinks(planned):
    placement, edition, _, store = planned
    services.update_placement(placement, edition=edition, quantity=2)
    assert on_hand(edition, store) == 20 - 2


def test_it_swaps_stock_between_editions(planned):
    placement, edition, other, store = planned
    services.update_placement(placement, edition=other, quantity=3)
    assert (on_hand(edition, store), on_hand(other, store)) == (20, 4 - 3)
    placement.refresh_from_db()
    assert (placement.edition, placement.quantity) == (other, 3)


def test_it_refuses_more_than_is_on_hand_and_changes_nothing(planned):
    placement, edition, other, store = planned
    with pytest.raises(InsufficientStock):
        services.update_placement(placement, edition=other, quantity=5)
    placement.refresh_from_db()
    assert (placement.edition, placement.quantity) == (edition, 5)
    assert (on_hand(edition, store), on_hand(other, store)) == (15, 4)


def test_it_refuses_to_change_a_sent_placement(planned):
    placement, edition, _, store = planned
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT)
    with pytest.raises(DomainError, match="already been sent"):
        services.update_placement(placement, edition=edition, quantity=9)
    assert on_hand(edition, store) == 15


def test_it_still_lets_a_sent_placement_change_its_location_note(planned):
    placement, edition, _, _ = planned
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT)
    services.update_placement(placement, edition=edition, quantity=5, location_note="Hall")
    placement.refresh_from_db()
    assert placement.location_note == "Hall"


def test_it_shows_the_refusal_on_the_edit_form(planned, client_for):
    placement, _, other, store = planned
    response = client_for("coordinator").post(
        reverse("distribution:placement_edit", args=[placement.pk]),
        {"edition": other.pk, "quantity": 9, "location_note": ""},
    )
    assert response.status_code == 200
    assert "Only 4 of" in response.content.decode()
    assert on_hand(other, store) == 4
