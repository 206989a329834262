"""An edition's page: what it replaces, stock per location, how many placements carry it."""

import pytest

from plakats.core.tests import factory
from plakats.materials import services

pytestmark = pytest.mark.django_db


def test_it_shows_stock_per_location_from_the_ledger(client_for):
    edition = factory.make_edition()
    office = factory.make_location(name="Riga office", low_stock_threshold=100)
    latgale = factory.make_location(name="Latgale consultant", low_stock_threshold=10)
    services.receive_print_run(edition, office, 200)
    services.transfer(edition, office, latgale, 120)
    services.issue(edition, latgale, 5)

    response = client_for("viewer").get(edition.get_absolute_url())

    stock = {
        row["location__name"]: (row["on_hand"], row["low"]) for row in response.context["stock"]
    }
    assert stock == {"Riga office": (80, True), "Latgale consultant": (115, False)}
    assert response.context["stock_total"] == 195
    assert "low stock (below 100)" in response.content.decode()


def test_it_shows_what_it_supersedes_and_what_supersedes_it(client_for):
    material = factory.make_material()
    first = factory.make_edition(material=material, version="2013-1")
    second = factory.make_edition(material=material, version="2014-1", supersedes=first)
    third = factory.make_edition(material=material, version="2015-1", supersedes=second)

    response = client_for("viewer").get(second.get_absolute_url())

    assert response.context["edition"].supersedes == first
    assert list(response.context["successors"]) == [third]
    page = response.content.decode()
    assert first.get_absolute_url() in page
    assert third.get_absolute_url() in page


def test_it_counts_the_placements_carrying_it(client_for):
    edition = factory.make_edition()
    for _ in range(3):
        factory.make_placement(edition=edition)
    factory.make_placement(edition=edition, delivery="delivered", display="displayed")
    factory.make_placement()

    response = client_for("viewer").get(edition.get_absolute_url())

    assert response.context["placements"] == {"total": 4, "displayed": 1}
    assert "4 placements" in response.content.decode()


def test_it_offers_a_regional_consultant_only_its_own_locations(client_for):
    edition = factory.make_edition()
    mine = factory.make_location(name="Latgale consultant", region=factory.region("Latgales"))
    other = factory.make_location(name="Kurzeme consultant", region=factory.region("Kurzemes"))
    services.receive_print_run(edition, mine, 5)
    services.receive_print_run(edition, other, 5)

    response = client_for("regional").get(edition.get_absolute_url())

    assert list(response.context["receive_at"]) == [mine]
    assert {r["location__name"]: r["can_move"] for r in response.context["stock"]} == {
        "Latgale consultant": True,
        "Kurzeme consultant": False,
    }
