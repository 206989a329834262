"""On-hand stock is derived from the ledger and never goes below zero."""

import pytest

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.materials import services
from plakats.materials.choices import MovementKind
from plakats.materials.models import StockMovement

pytestmark = pytest.mark.django_db


def test_it_derives_on_hand_from_printing_transferring_and_issuing():
    edition = factory.make_edition()
    office = factory.make_location(name="Riga office")
    latgale = factory.make_location(name="Latgale consultant")

    services.receive_print_run(edition, office, 100)
    services.transfer(edition, office, latgale, 30)
    assert services.on_hand(edition, office) == 70
    assert services.on_hand(edition, latgale) == 30

    services.issue(edition, office, 20)
    assert services.on_hand(edition, office) == 50
    assert services.on_hand(edition, latgale) == 30
    assert list(
        StockMovement.objects.filter(location=office).order_by("id").values_list("kind", "delta")
    ) == [(MovementKind.PRINTED, 100), (MovementKind.TRANSFER_OUT, -30), (MovementKind.ISSUED, -20)]


def test_it_links_the_two_rows_of_a_transfer():
    edition = factory.make_edition()
    office = factory.make_location()
    latgale = factory.make_location()
    services.receive_print_run(edition, office, 10)

    out, incoming = services.transfer(edition, office, latgale, 4)

    assert out.counterpart == incoming
    assert (out.delta, incoming.delta) == (-4, 4)


def test_it_refuses_to_write_off_more_than_is_on_hand_and_writes_nothing():
    edition = factory.make_edition()
    office = factory.make_location(name="Riga office")
    services.receive_print_run(edition, office, 40)

    with pytest.raises(services.InsufficientStock) as refused:
        services.write_off(edition, office, 50, note="water damage")

    assert str(refused.value) == (
        f"Only 40 of {edition} are on hand at Riga office; 50 were asked for."
    )
    assert StockMovement.objects.count() == 1
    assert services.on_hand(edition, office) == 40


def test_it_refuses_a_transfer_beyond_on_hand_at_both_ends():
    edition = factory.make_edition()
    office = factory.make_location()
    latgale = factory.make_location()
    services.receive_print_run(edition, office, 5)

    with pytest.raises(services.InsufficientStock):
        services.transfer(edition, office, latgale, 6)

    assert services.on_hand(edition, office) == 5
    assert not StockMovement.objects.filter(location=latgale).exists()


@pytest.mark.parametrize("quantity", [0, -3])
def test_it_refuses_a_quantity_that_is_not_positive(quantity):
    edition = factory.make_edition()
    office = factory.make_location()

    with pytest.raises(DomainError) as refused:
        services.receive_print_run(edition, office, quantity)

    assert refused.value.field == "quantity"
    assert not StockMovement.objects.exists()
