"""List and stock pages run the same number of queries with 3 rows as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials import services

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(make, url_of, n_small=3, n_large=30):
    def measure(client):
        made = [make() for _ in range(n_small)]
        url = url_of(made)
        client.get(url)
        small = _count(client, url)
        for _ in range(n_large - n_small):
            make()
        return small, _count(client, url)

    return measure


def test_it_keeps_the_material_list_flat(client_for):
    def make():
        material = factory.make_material()
        factory.make_edition(material=material)
        return material

    small, large = _grow(make, lambda _: reverse("materials:material_list"))(client_for("viewer"))
    assert small == large


def test_it_keeps_a_material_page_flat(client_for):
    material = factory.make_material()
    previous = []

    def make():
        edition = factory.make_edition(
            material=material, supersedes=previous[-1] if previous else None
        )
        previous.append(edition)
        return edition

    small, large = _grow(make, lambda _: material.get_absolute_url())(client_for("viewer"))
    assert small == large


def test_it_keeps_the_stock_page_flat(client_for):
    office = factory.make_location(low_stock_threshold=10)
    latgale = factory.make_location(region=factory.region("Latgales"))

    def make():
        edition = factory.make_edition()
        services.receive_print_run(edition, office, 20)
        services.transfer(edition, office, latgale, 5)
        return edition

    small, large = _grow(make, lambda _: reverse("materials:stock"))(client_for("regional"))
    assert small == large


def test_it_keeps_a_location_ledger_flat(client_for):
    office = factory.make_location()
    latgale = factory.make_location()
    edition = factory.make_edition()
    services.receive_print_run(edition, office, 1000)
    dispatch = factory.make_dispatch()

    def make():
        services.transfer(edition, office, latgale, 1)
        return services.issue(edition, office, 1, dispatch=dispatch)

    small, large = _grow(make, lambda _: office.get_absolute_url())(client_for("coordinator"))
    assert small == large


def test_it_keeps_an_edition_page_flat(client_for):
    edition = factory.make_edition()

    def make():
        location = factory.make_location(region=factory.region("Latgales"))
        services.receive_print_run(edition, location, 3)
        factory.make_placement(edition=edition)
        return location

    small, large = _grow(make, lambda _: edition.get_absolute_url())(client_for("regional"))
    assert small == large
