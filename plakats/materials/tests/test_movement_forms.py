"""The movement pages: they record through the stock services and show refusals as form errors."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials import services
from plakats.materials.choices import MovementKind
from plakats.materials.models import StockMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return factory.make_edition(material=factory.make_material(name="A2 poster: Safe work abroad"))


@pytest.fixture
def office():
    return factory.make_location(name="Riga office")


def test_it_receives_a_print_run(client_for, users, edition, office):
    response = client_for("coordinator").post(
        reverse("materials:stock_receive", args=[office.pk]),
        {"edition": edition.pk, "quantity": "500", "occurred_on": "2014-09-01", "note": "1st"},
    )

    assert response.status_code == 302
    assert response["Location"] == office.get_absolute_url()
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.delta, str(movement.occurred_on)) == (
        MovementKind.PRINTED,
        500,
        "2014-09-01",
    )
    assert movement.created_by == users["coordinator"]


def test_it_transfers_between_locations(client_for, edition, office):
    latgale = factory.make_location(name="Latgale consultant")
    services.receive_print_run(edition, office, 100)

    response = client_for("coordinator").post(
        reverse("materials:stock_transfer", args=[office.pk]),
        {"edition": edition.pk, "destination": latgale.pk, "quantity": "30"},
    )

    assert response.status_code == 302
    assert services.on_hand(edition, office) == 70
    assert services.on_hand(edition, latgale) == 30


def test_it_writes_off(client_for, edition, office):
    services.receive_print_run(edition, office, 100)

    response = client_for("coordinator").post(
        reverse("materials:stock_write_off", args=[office.pk]),
        {"edition": edition.pk, "quantity": "12", "note": "water damage"},
    )

    assert response.status_code == 302
    movement = StockMovement.objects.get(kind=MovementKind.WRITTEN_OFF)
    assert (movement.delta, movement.note) == (-12, "water damage")
    assert services.on_hand(edition, office) == 88


def test_it_records_a_return_from_a_dispatch(client_for, edition, office):
    dispatch = factory.make_dispatch(stock_location=office)

    response = client_for("coordinator").post(
        reverse("materials:stock_return", args=[office.pk]),
        {"edition": edition.pk, "quantity": "3", "dispatch": dispatch.pk},
    )

    assert response.status_code == 302
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.delta, movement.dispatch) == (
        MovementKind.RETURNED,
        3,
        dispatch,
    )


def test_it_shows_the_refusal_and_writes_nothing(client_for, edition, office):
    services.receive_print_run(edition, office, 40)

    response = client_for("coordinator").post(
        reverse("materials:stock_write_off", args=[office.pk]),
        {"edition": edition.pk, "quantity": "50", "note": "outdated number"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Only 40 of A2 poster: Safe work abroad (Latvian, {edition.version}) are on hand "
        "at Riga office; 50 were asked for."
    ]
    assert "Only 40 of A2 poster: Safe work abroad" in response.content.decode()
    assert StockMovement.objects.count() == 1
    assert services.on_hand(edition, office) == 40


def test_it_shows_a_refused_transfer_and_writes_nothing_at_either_end(client_for, edition, office):
    latgale = factory.make_location()
    services.receive_print_run(edition, office, 10)

    response = client_for("coordinator").post(
        reverse("materials:stock_transfer", args=[office.pk]),
        {"edition": edition.pk, "destination": latgale.pk, "quantity": "11"},
    )

    assert response.status_code == 200
    assert "Only 10 of" in response.content.decode()
    assert StockMovement.objects.count() == 1


def test_it_does_not_offer_the_source_as_destination(client_for, edition, office):
    services.receive_print_run(edition, office, 10)

    response = client_for("coordinator").post(
        reverse("materials:stock_transfer", args=[office.pk]),
        {"edition": edition.pk, "destination": office.pk, "quantity": "1"},
    )

    assert response.status_code == 200
    assert "destination" in response.context["form"].errors
    assert StockMovement.objects.count() == 1


@pytest.mark.parametrize("quantity", ["0", "-5", "2.5", "many", ""])
def test_it_refuses_a_bad_quantity_as_a_form_error(client_for, edition, office, quantity):
    response = client_for("coordinator").post(
        reverse("materials:stock_receive", args=[office.pk]),
        {"edition": edition.pk, "quantity": quantity},
    )

    assert response.status_code == 200
    assert "quantity" in response.context["form"].errors
    assert not StockMovement.objects.exists()


def test_it_preselects_the_edition_from_the_link(client_for, edition, office):
    response = client_for("coordinator").get(
        reverse("materials:stock_write_off", args=[office.pk]) + f"?edition={edition.pk}"
    )

    assert response.status_code == 200
    assert f'<option value="{edition.pk}" selected>' in response.content.decode()
