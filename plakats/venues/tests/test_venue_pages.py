"""The venue register's pages: roles, region scoping, bad input, history, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.venues.models import Venue

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "name": "Daugavpils 3. vidusskola",
        "kind": "school",
        "municipality": factory.municipality("Daugavpils").pk,
        "address": "Raiņa iela 30",
        "postal_code": "5401",
        "language": "lv",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_it_lets_a_coordinator_add_a_venue_anywhere(client_for):
    response = client_for("coordinator").post(
        reverse("venues:venue_create"), _form(municipality=factory.municipality("Liepāja").pk)
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert venue.municipality.name == "Liepāja"
    assert venue.postal_code == "LV-5401"


def test_it_lets_a_regional_consultant_add_a_venue_in_its_region(client_for):
    response = client_for("regional").post(reverse("venues:venue_create"), _form())
    assert response.status_code == 302
    assert Venue.objects.get().municipality.region.name.startswith("Latgales")


def test_it_refuses_a_regional_consultant_a_venue_outside_its_region(client_for):
    response = client_for("regional").post(
        reverse("venues:venue_create"), _form(municipality=factory.municipality("Liepāja").pk)
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert Venue.objects.count() == 0


def test_it_refuses_a_regional_consultant_to_edit_outside_its_region(client_for):
    venue = factory.make_venue(municipality=factory.municipality("Ventspils"), name="Old")
    response = client_for("regional").post(
        reverse("venues:venue_edit", args=[venue.pk]), _form(name="Changed")
    )
    assert response.status_code == 403
    venue.refresh_from_db()
    assert venue.name == "Old"


def test_it_lets_a_regional_consultant_edit_inside_its_region(client_for):
    venue = factory.make_venue(municipality=factory.municipality("Daugavpils"), name="Old")
    response = client_for("regional").post(
        reverse("venues:venue_edit", args=[venue.pk]), _form(name="Changed")
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "Changed"


def test_it_refuses_every_write_to_a_viewer(client_for):
    venue = factory.make_venue(name="Old")
    client = client_for("viewer")
    assert client.post(reverse("venues:venue_create"), _form()).status_code == 403
    assert client.post(reverse("venues:venue_edit", args=[venue.pk]), _form()).status_code == 403
    assert client.get(reverse("venues:venue_create")).status_code == 403
    assert client.post(reverse("venues:partner_create"), {"name": "X"}).status_code == 403
    assert Venue.objects.count() == 1


def test_it_lets_a_viewer_read(client_for):
    venue = factory.make_venue(name="Ogres tehnikums")
    client = client_for("viewer")
    assert client.get(reverse("venues:venue_list")).status_code == 200
    response = client.get(reverse("venues:venue_detail", args=[venue.pk]))
    assert response.status_code == 200
    assert "Ogres tehnikums" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"address": "", "municipality": ""}, "address"),
        ({"kind": "website", "url": ""}, "url"),
        ({"latitude": "56.9"}, "longitude"),
        ({"latitude": "91", "longitude": "24"}, "latitude"),
        ({"name": ""}, "name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_it_shows_bad_input_on_the_form_and_saves_nothing(client_for, overrides, field):
    response = client_for("coordinator").post(reverse("venues:venue_create"), _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Venue.objects.count() == 0


def test_it_refuses_a_second_venue_with_the_same_external_id(client_for):
    factory.make_venue(external_source="reg", external_id="001")
    response = client_for("coordinator").post(
        reverse("venues:venue_create"), _form(external_source="reg", external_id="001")
    )
    assert response.status_code == 200
    assert "Another venue already has this external id." in response.content.decode()
    assert Venue.objects.count() == 1


def test_it_shows_who_changed_what_on_the_venue_page(client_for, users):
    client = client_for("coordinator")
    client.post(reverse("venues:venue_create"), _form(name="Before"))
    venue = Venue.objects.get()
    client.post(reverse("venues:venue_edit", args=[venue.pk]), _form(name="After"))
    response = client.get(reverse("venues:venue_detail", args=[venue.pk]))
    entries = response.context["history"]
    assert len(entries) == 2
    assert entries[0].record.history_user == users["coordinator"]
    assert [(c["old"], c["new"]) for c in entries[0].changes] == [("Before", "After")]
    assert entries[0].changes[0]["label"] == Venue._meta.get_field("name").verbose_name


def test_it_filters_the_list_by_region_kind_and_text(client_for):
    factory.make_venue(name="Rēzeknes skola", municipality=factory.municipality("Rēzekne"))
    factory.make_venue(name="Liepājas skola", municipality=factory.municipality("Liepāja"))
    factory.make_venue(
        name="Rēzeknes jauniešu centrs",
        kind="youth_centre",
        municipality=factory.municipality("Rēzekne"),
    )
    latgale = factory.region("Latgales")
    client = client_for("viewer")
    response = client.get(reverse("venues:venue_list"), {"region": latgale.pk, "kind": "school"})
    assert [v.name for v in response.context["object_list"]] == ["Rēzeknes skola"]
    response = client.get(reverse("venues:venue_list"), {"q": "jauniešu"})
    assert [v.name for v in response.context["object_list"]] == ["Rēzeknes jauniešu centrs"]


def test_it_sorts_the_list_by_a_whitelisted_column_only(client_for):
    factory.make_venue(name="B", municipality=factory.municipality("Rēzekne"))
    factory.make_venue(name="A", municipality=factory.municipality("Liepāja"))
    client = client_for("viewer")
    names = lambda r: [v.name for v in r.context["object_list"]]  # noqa: E731
    assert names(client.get(reverse("venues:venue_list"), {"sort": "-name"})) == ["B", "A"]
    assert names(client.get(reverse("venues:venue_list"), {"sort": "municipality"})) == ["A", "B"]
    assert names(client.get(reverse("venues:venue_list"), {"sort": "password"})) == ["A", "B"]


def _count_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("venues:venue_list")).status_code == 200
    return len(queries)


def test_it_runs_the_same_number_of_queries_for_3_and_30_venues(client_for):
    client = client_for("viewer")
    network = factory.make_network()
    for _ in range(3):
        factory.make_venue(network=network)
    few = _count_list_queries(client)
    for _ in range(27):
        factory.make_venue(network=network)
    assert _count_list_queries(client) == few
