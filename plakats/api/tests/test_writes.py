"""Writes through the API do what the pages do: the same services, the same outcome."""

from datetime import date

import pytest

from plakats.core.tests import factory
from plakats.distribution.models import Placement, PlacementEvent
from plakats.materials.models import StockMovement
from plakats.materials.services import receive_print_run
from plakats.outreach.models import HotlineContact, Topic


@pytest.mark.django_db
def test_it_creates_a_dispatch_and_takes_its_stock(api_for):
    edition, location = factory.make_edition(), factory.make_location()
    receive_print_run(edition, location, 10)
    campaign = factory.make_campaign()
    venues = [factory.make_venue() for _ in range(3)]
    body = {
        "campaign": campaign.pk,
        "name": "Spring post",
        "channel": "post",
        "planned_on": str(date.today()),
        "edition": edition.pk,
        "stock_location": location.pk,
        "lines": [
            {"venue": venues[0].pk, "quantity": 2},
            {"venue": venues[1].pk, "quantity": 3},
            {"venue": venues[2].pk, "quantity": 0},
        ],
    }
    response = api_for("coordinator").post("/api/v1/dispatches", body)
    assert response.status_code == 201, response.content
    assert response.json()["placement_count"] == 2
    # 10 received, 2 + 3 issued.
    assert StockMovement.objects.filter(location=location).on_hand() == 5


@pytest.mark.django_db
def test_it_creates_nothing_when_stock_is_short(api_for):
    edition, location = factory.make_edition(), factory.make_location()
    receive_print_run(edition, location, 4)
    body = {
        "campaign": factory.make_campaign().pk,
        "name": "Too big",
        "channel": "post",
        "planned_on": str(date.today()),
        "edition": edition.pk,
        "stock_location": location.pk,
        "lines": [{"venue": factory.make_venue().pk, "quantity": 5}],
    }
    response = api_for("coordinator").post("/api/v1/dispatches", body)
    assert response.status_code == 409
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_it_moves_only_the_regional_users_placements_in_bulk(api_for):
    own = factory.make_placement(
        venue=factory.make_venue(municipality=factory.municipality("Rēzekne"))
    )
    other = factory.make_placement(
        venue=factory.make_venue(municipality=factory.municipality("Liepāja"))
    )
    body = {"placements": [own.pk, other.pk], "axis": "delivery", "new": "sent"}
    response = api_for("regional").post("/api/v1/placements/bulk-status", body)
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["moved"], result["outside"], result["already"]) == (1, 1, 0)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.delivery, other.delivery) == ("sent", "planned")
    assert PlacementEvent.objects.filter(placement=own, batch=result["batch"]).count() == 1


@pytest.mark.django_db
def test_it_lists_the_refusals_of_a_bulk_step(api_for):
    delivered = factory.make_placement(delivery="delivered")
    planned = factory.make_placement()
    body = {"placements": [delivered.pk, planned.pk], "axis": "display", "new": "displayed"}
    result = api_for("coordinator").post("/api/v1/placements/bulk-status", body).json()
    assert result["moved"] == 1
    assert result["refused"] == [
        f"{planned.code} is not delivered yet, so it cannot be marked as displayed."
    ]


@pytest.mark.django_db
def test_it_hides_the_hotline_log_from_viewers(api_for):
    assert api_for("viewer").get("/api/v1/hotline-contacts").status_code == 403
    assert api_for("hotline").get("/api/v1/hotline-contacts").status_code == 200


@pytest.mark.django_db
def test_it_refuses_personal_data_in_a_hotline_contact_as_the_form_does(api_for):
    topic = Topic.objects.filter(is_active=True).first()
    body = {
        "channel": "phone",
        "outcome": "information",
        "topics": [topic.pk],
        "notes": "Call back on +371 20000123",
    }
    response = api_for("hotline").post("/api/v1/hotline-contacts", body)
    assert response.status_code == 422, response.content
    assert list(response.json()["fields"]) == ["notes"]
    assert not HotlineContact.objects.exists()
    ok = api_for("hotline").post("/api/v1/hotline-contacts", {**body, "notes": "Asked about work"})
    assert ok.status_code == 201
    assert ok.json()["topics"] == [topic.pk]


@pytest.mark.django_db
def test_it_records_an_event_and_takes_the_handed_out_items_from_stock(api_for):
    edition, location = factory.make_edition(), factory.make_location()
    receive_print_run(edition, location, 30)
    body = {
        "date": "2015-03-05",
        "type": "workshop",
        "participants": 25,
        "venue": factory.make_venue().pk,
        "material_edition": edition.pk,
        "material_quantity": 20,
        "material_location": location.pk,
    }
    response = api_for("coordinator").post("/api/v1/outreach-events", body)
    assert response.status_code == 201, response.content
    assert response.json()["materials_handed_out"] == 20
    # 30 received, 20 handed out.
    assert StockMovement.objects.filter(location=location).on_hand() == 10
