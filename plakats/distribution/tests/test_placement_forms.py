"""Recording a placement by hand and editing what is not a status."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.models import Placement

pytestmark = pytest.mark.django_db

URL = "/distribution/placements/new/"


def test_it_finds_venues_to_choose_from_by_name(client_for):
    wanted = factory.make_venue(
        name="Rēzeknes 1. vidusskola", municipality=factory.municipality("Rēzekne")
    )
    factory.make_venue(name="Liepājas ģimnāzija")

    response = client_for("coordinator").get(URL + "?q=rēzeknes")

    choices = list(response.context["form"].fields["venue"].queryset)
    assert choices == [wanted]


def test_it_offers_a_regional_consultant_only_venues_in_its_regions(client_for):
    inside = factory.make_venue(name="Skola A", municipality=factory.municipality("Rēzekne"))
    factory.make_venue(name="Skola B", municipality=factory.municipality("Liepāja"))

    response = client_for("regional").get(URL + "?q=skola")

    assert list(response.context["form"].fields["venue"].queryset) == [inside]


def test_it_adds_a_placement_through_the_service(client_for):
    venue = factory.make_venue(municipality=factory.municipality("Rēzekne"))
    campaign, edition = factory.make_campaign(), factory.make_edition()

    response = client_for("regional").post(
        URL + "?q=x",
        {
            "campaign": campaign.pk,
            "venue": venue.pk,
            "edition": edition.pk,
            "quantity": 3,
            "location_note": "by the canteen",
        },
    )

    placement = Placement.objects.get()
    assert response["Location"] == placement.get_absolute_url()
    assert (placement.venue, placement.quantity, placement.delivery) == (venue, 3, "planned")
    assert placement.location_note == "by the canteen"
    assert placement.dispatch is None


def test_it_edits_quantity_note_and_edition_and_keeps_history(client_for, users):
    placement = factory.make_placement(quantity=1)
    other_edition = factory.make_edition()

    response = client_for("coordinator").post(
        reverse("distribution:placement_edit", args=[placement.pk]),
        {"edition": other_edition.pk, "quantity": 2, "location_note": "staff room"},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.edition, placement.quantity) == (other_edition, 2)
    latest = placement.history.first()
    assert latest.history_user == users["coordinator"]
    page = client_for("viewer").get(placement.get_absolute_url())
    changes = [c["label"] for c in page.context["history"][0].changes]
    assert set(changes) == {"edition", "quantity", "where it hangs"}
