"""Who may change the catalogue and move stock: checked on the server, for every write URL."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.materials import services
from plakats.materials.models import Edition, Material, StockLocation, StockMovement

pytestmark = pytest.mark.django_db

COORDINATOR_URLS = [
    ("materials:material_create", None),
    ("materials:material_edit", "material"),
    ("materials:edition_create", "material"),
    ("materials:edition_edit", "edition"),
    ("materials:location_create", None),
    ("materials:location_edit", "location"),
]
MOVEMENT_URLS = [
    ("materials:stock_receive", "location"),
    ("materials:stock_transfer", "location"),
    ("materials:stock_write_off", "location"),
    ("materials:stock_return", "location"),
]


@pytest.fixture
def objects():
    edition = factory.make_edition()
    location = factory.make_location(region=factory.region("Latgales"))
    services.receive_print_run(edition, location, 10)
    return {"material": edition.material, "edition": edition, "location": location}


def _url(name, key, objects):
    return reverse(name, args=[objects[key].pk] if key else [])


def _snapshot():
    return (
        Material.objects.count(),
        Edition.objects.count(),
        StockLocation.objects.count(),
        StockMovement.objects.count(),
    )


@pytest.mark.parametrize("role", ["viewer", "none"])
@pytest.mark.parametrize(("name", "key"), COORDINATOR_URLS + MOVEMENT_URLS)
def test_it_forbids_every_write_page_to_readers(client_for, objects, role, name, key):
    client = client_for(role)
    before = _snapshot()
    url = _url(name, key, objects)
    post = {
        "name": "X",
        "kind": "poster",
        "edition": objects["edition"].pk,
        "quantity": "5",
        "language": "lv",
        "version": "zz",
        "note": "n",
    }

    assert client.get(url).status_code == 403
    assert client.post(url, post).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "key"), COORDINATOR_URLS)
def test_it_keeps_the_catalogue_to_coordinators(client_for, objects, name, key):
    assert client_for("regional").get(_url(name, key, objects)).status_code == 403
    assert client_for("coordinator").get(_url(name, key, objects)).status_code == 200
    assert client_for("admin").get(_url(name, key, objects)).status_code == 200


@pytest.mark.parametrize(("name", "key"), MOVEMENT_URLS)
def test_it_lets_a_regional_consultant_move_stock_in_its_region(client_for, objects, name, key):
    assert client_for("regional").get(_url(name, key, objects)).status_code == 200


@pytest.mark.parametrize(("name", "key"), MOVEMENT_URLS)
def test_it_refuses_a_regional_consultant_a_location_outside_its_region(
    client_for, objects, name, key
):
    kurzeme = factory.make_location(region=factory.region("Kurzemes"))
    services.receive_print_run(objects["edition"], kurzeme, 10)
    client = client_for("regional")
    url = reverse(name, args=[kurzeme.pk])
    before = _snapshot()

    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "edition": objects["edition"].pk,
            "quantity": "1",
            "note": "x",
            "destination": objects["location"].pk,
        },
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_it_refuses_a_regional_consultant_a_location_without_a_region(client_for, objects):
    office = factory.make_location(name="Riga office")

    response = client_for("regional").get(reverse("materials:stock_receive", args=[office.pk]))

    assert response.status_code == 403


def test_it_refuses_a_regional_transfer_to_a_location_outside_its_region(client_for, objects):
    kurzeme = factory.make_location(region=factory.region("Kurzemes"))

    response = client_for("regional").post(
        reverse("materials:stock_transfer", args=[objects["location"].pk]),
        {"edition": objects["edition"].pk, "destination": kurzeme.pk, "quantity": "2"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["destination"] == ["Choose one of the locations listed."]
    assert not StockMovement.objects.filter(location=kurzeme).exists()


def test_it_hides_the_movement_buttons_from_a_viewer(client_for, objects):
    response = client_for("viewer").get(objects["location"].get_absolute_url())

    assert response.status_code == 200
    assert reverse("materials:stock_write_off", args=[objects["location"].pk]) not in (
        response.content.decode()
    )
