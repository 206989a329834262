"""An edit sent with the ETag of an older read is refused (412) instead of overwriting."""

import pytest

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery
from plakats.materials.models import Material
from plakats.venues.models import Venue


@pytest.mark.django_db
def test_it_refuses_an_edit_of_a_record_changed_since_it_was_read(api_for):
    venue = factory.make_venue(name="Ābeļu pamatskola")
    api = api_for("coordinator")
    url = f"/api/v1/venues/{venue.pk}"

    read = api.get(url)
    tag = read.headers["ETag"]
    first = api.patch(url, {"name": "Ābeļu sākumskola"}, headers={"If-Match": tag})
    assert first.status_code == 200, first.content
    assert first.headers["ETag"] != tag

    late = api.patch(url, {"name": "Ābeļu vidusskola"}, headers={"If-Match": tag})

    assert late.status_code == 412
    assert late.json()["code"] == "changed"
    assert Venue.objects.get(pk=venue.pk).name == "Ābeļu sākumskola"


@pytest.mark.django_db
def test_it_applies_an_edit_with_the_current_tag_or_without_one(api_for):
    material = factory.make_material(name="A2 plakāts")
    api = api_for("coordinator")
    url = f"/api/v1/materials/{material.pk}"

    tag = api.get(url).headers["ETag"]
    with_tag = api.patch(url, {"name": "A2 plakāts, 2. izdruka"}, headers={"If-Match": tag})
    without = api.patch(url, {"name": "A2 plakāts, 3. izdruka"})

    assert with_tag.status_code == 200, with_tag.content
    assert without.status_code == 200, without.content
    assert api.get(url).headers["ETag"] == without.headers["ETag"]
    assert Material.objects.get(pk=material.pk).name == "A2 plakāts, 3. izdruka"


@pytest.mark.django_db
def test_it_sees_a_status_change_as_a_change_of_the_placement(api_for):
    placement = factory.make_placement(quantity=2, delivery=Delivery.SENT)
    api = api_for("coordinator")
    url = f"/api/v1/placements/{placement.pk}"
    tag = api.get(url).headers["ETag"]

    moved = api.post(f"{url}/status", {"axis": "delivery", "new": "delivered"})
    assert moved.status_code == 200, moved.content
    late = api.patch(url, {"quantity": 5}, headers={"If-Match": tag})

    assert late.status_code == 412
    placement.refresh_from_db()
    assert placement.quantity == 2
