"""The stock table and a location's ledger."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock():
    poster = factory.make_edition(material=factory.make_material(name="A2 poster"), version="p1")
    leaflet = factory.make_edition(material=factory.make_material(name="Leaflet"), version="l1")
    office = factory.make_location(name="Riga office", low_stock_threshold=50)
    latgale = factory.make_location(name="Latgale consultant", low_stock_threshold=10)
    services.receive_print_run(poster, office, 100)
    services.transfer(poster, office, latgale, 60)
    services.receive_print_run(leaflet, office, 300)
    services.issue(leaflet, office, 280)
    return {"poster": poster, "leaflet": leaflet, "office": office, "latgale": latgale}


def _table(response):
    return [
        (r["edition__material__name"], r["location__name"], r["on_hand"], r["low"])
        for r in response.context["rows"]
    ]


def test_it_sums_the_ledger_per_edition_and_location(client_for, stock):
    response = client_for("viewer").get(reverse("materials:stock"))

    assert _table(response) == [
        ("A2 poster", "Latgale consultant", 60, False),
        ("A2 poster", "Riga office", 40, True),
        ("Leaflet", "Riga office", 20, True),
    ]


def test_it_warns_of_low_stock_in_words(client_for, stock):
    response = client_for("viewer").get(reverse("materials:stock"))

    assert response.content.decode().count("low stock (below 50)") == 2


def test_it_filters_by_location_and_material(client_for, stock):
    client = client_for("viewer")

    by_location = client.get(reverse("materials:stock"), {"location": stock["office"].pk})
    by_material = client.get(reverse("materials:stock"), {"material": stock["poster"].material.pk})

    assert [row[:2] for row in _table(by_location)] == [
        ("A2 poster", "Riga office"),
        ("Leaflet", "Riga office"),
    ]
    assert [row[:2] for row in _table(by_material)] == [
        ("A2 poster", "Latgale consultant"),
        ("A2 poster", "Riga office"),
    ]


def test_it_lists_only_low_stock_on_request(client_for, stock):
    response = client_for("viewer").get(reverse("materials:stock"), {"low": "on"})

    assert [row[:3] for row in _table(response)] == [
        ("A2 poster", "Riga office", 40),
        ("Leaflet", "Riga office", 20),
    ]


def test_it_sorts_by_on_hand(client_for, stock):
    response = client_for("viewer").get(reverse("materials:stock"), {"sort": "-on_hand"})

    assert [row[2] for row in _table(response)] == [60, 40, 20]


def test_it_shows_a_locations_ledger_newest_first(client_for, users, stock):
    dispatch = factory.make_dispatch(name="Schools of Latgale, wave 1")
    services.issue(stock["poster"], stock["latgale"], 7, user=users["regional"], dispatch=dispatch)

    response = client_for("viewer").get(stock["latgale"].get_absolute_url())

    ledger = [(m.kind, m.delta, m.created_by) for m in response.context["page_obj"]]
    assert ledger == [("issued", -7, users["regional"]), ("transfer_in", 60, None)]
    page = response.content.decode()
    assert "Schools of Latgale, wave 1" in page
    assert "rita" in page
    assert "<td>-7</td>" in page
    assert [r["on_hand"] for r in response.context["stock"]] == [53]


def test_it_pages_the_ledger(client_for, settings, stock):
    settings.PLAKATS_PAGE_SIZE = 2
    services.write_off(stock["leaflet"], stock["office"], 1, note="newest")

    client = client_for("viewer")
    first = client.get(stock["office"].get_absolute_url())
    last = client.get(stock["office"].get_absolute_url(), {"page": 3})

    assert first.context["page_obj"].paginator.count == 5
    assert first.context["page_obj"][0].note == "newest"
    assert [m.delta for m in last.context["page_obj"]] == [100]


def test_it_adds_a_stock_location(client_for):
    region = factory.region("Latgales")

    response = client_for("coordinator").post(
        reverse("materials:location_create"),
        {"name": "Daugavpils consultant", "region": region.pk, "low_stock_threshold": "20"},
    )

    assert response.status_code == 302
    assert (
        "Daugavpils consultant"
        in client_for("viewer").get(reverse("materials:stock")).content.decode()
    )


def test_it_survives_nonsense_in_the_url(client_for, stock):
    response = client_for("viewer").get(
        reverse("materials:stock"), {"location": "abc", "sort": "delta;drop", "page": "999"}
    )

    assert response.status_code == 200
    assert response.context["sort"] == "material"
