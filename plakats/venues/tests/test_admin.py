"""The venue register in the admin: coordinators can search and filter it; merges are read-only."""

import pytest

from plakats.core.tests import factory
from plakats.venues.services import merge_venues

pytestmark = pytest.mark.django_db


def test_it_finds_a_venue_by_external_id_in_the_admin(client_for):
    factory.make_venue(name="Ludzas 2. vidusskola", external_source="reg", external_id="0007001")
    factory.make_venue(name="Other")
    response = client_for("coordinator").get("/admin/venues/venue/", {"q": "0007001"})
    assert response.status_code == 200
    assert [v.name for v in response.context["cl"].result_list] == ["Ludzas 2. vidusskola"]


def test_it_filters_venues_by_region_in_the_admin(client_for):
    factory.make_venue(name="In Latgale", municipality=factory.municipality("Rēzekne"))
    factory.make_venue(name="In Riga", municipality=factory.municipality("Rīga"))
    latgale = factory.region("Latgales")
    response = client_for("coordinator").get(
        "/admin/venues/venue/", {"municipality__region__id__exact": latgale.pk}
    )
    assert [v.name for v in response.context["cl"].result_list] == ["In Latgale"]


def test_it_shows_merges_but_never_changes_them(client_for):
    survivor, duplicate = factory.make_venue(), factory.make_venue()
    merge = merge_venues(survivor, duplicate)
    client = client_for("admin")
    assert client.get("/admin/venues/venuemerge/").status_code == 200
    assert client.get("/admin/venues/venuemerge/add/").status_code == 403
    response = client.post(f"/admin/venues/venuemerge/{merge.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
