"""Recording outreach events: materials handed out make exactly one stock movement in
the same transaction, short stock or impossible age bands save nothing, feedback
holds no personal data, and regional consultants stay in their regions."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.materials import services as stock
from plakats.materials.choices import MovementKind
from plakats.materials.models import StockMovement
from plakats.outreach import services
from plakats.outreach.models import EventMaterial, OutreachEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit():
    edition = factory.make_edition()
    office = factory.make_location(name="Office")
    stock.receive_print_run(edition, office, 100)
    venue = factory.make_venue(
        name="Rēzekne youth centre", municipality=factory.municipality("Rēzekne")
    )
    return {
        "edition": edition,
        "office": office,
        "venue": venue,
        "campaign": factory.make_campaign(),
    }


def _post(kit, **overrides) -> dict:
    data = {
        "type": "forum_theatre",
        "title": "Forum theatre: the job offer",
        "date": "2015-04-14",
        "campaign": kit["campaign"].pk,
        "venue": kit["venue"].pk,
        "participants": "42",
        "under_15": "",
        "age_15_17": "30",
        "age_18_25": "12",
        "over_25": "",
        "feedback": "Pupils asked many questions; 120 posters left for the school",
        "material_edition": kit["edition"].pk,
        "material_quantity": "40",
        "material_location": kit["office"].pk,
    }
    return data | overrides


def test_it_records_an_event_and_one_stock_movement(client_for, users, kit):
    response = client_for("coordinator").post(
        reverse("outreach:event_create"), _post(kit, facilitators=[users["coordinator"].pk])
    )

    event = OutreachEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert (event.participants, event.age_15_17, event.age_18_25, event.under_15) == (
        42,
        30,
        12,
        None,
    )
    assert list(event.facilitators.all()) == [users["coordinator"]]
    assert event.venue == kit["venue"] and event.campaign == kit["campaign"]
    movement = StockMovement.objects.get(kind=MovementKind.ISSUED)
    assert (movement.delta, movement.location, movement.edition) == (
        -40,
        kit["office"],
        kit["edition"],
    )
    assert movement.occurred_on == date(2015, 4, 14)
    assert EventMaterial.objects.get().movement == movement
    assert stock.on_hand(kit["edition"], kit["office"]) == 100 - 40
    assert StockMovement.objects.count() == 2  # the print run and this one


def test_it_refuses_when_stock_is_short_and_saves_nothing(client_for, kit):
    response = client_for("coordinator").post(
        reverse("outreach:event_create"), _post(kit, material_quantity="101")
    )

    assert response.status_code == 200
    assert "Only 100" in response.content.decode()
    assert OutreachEvent.objects.count() == 0
    assert EventMaterial.objects.count() == 0
    assert StockMovement.objects.count() == 1
    assert stock.on_hand(kit["edition"], kit["office"]) == 100


def test_the_service_rolls_back_the_event_when_stock_is_short(kit):
    with pytest.raises(DomainError):
        services.save_event(
            None,
            date=date(2015, 4, 14),
            type="talk",
            participants=10,
            venue=kit["venue"],
            material=services.MaterialOut(kit["edition"], 500, kit["office"]),
        )
    assert OutreachEvent.objects.count() == 0
    assert StockMovement.objects.count() == 1


def test_it_refuses_age_bands_above_the_total(client_for, kit):
    response = client_for("coordinator").post(
        reverse("outreach:event_create"), _post(kit, age_15_17="35", age_18_25="12")
    )
    assert "add up to 47, more than the 42 participants" in str(
        response.context["form"].errors["participants"]
    )
    assert OutreachEvent.objects.count() == 0
    assert StockMovement.objects.count() == 1

    with pytest.raises(DomainError) as refused:
        services.save_event(
            None, date=date(2015, 4, 14), type="talk", participants=5, age_bands={"over_25": 6}
        )
    assert refused.value.field == "participants"
    assert OutreachEvent.objects.count() == 0


def test_bands_that_add_up_to_the_total_are_fine(kit):
    event = services.save_event(
        None,
        date=date(2015, 4, 14),
        type="talk",
        participants=20,
        age_bands={"under_15": 5, "age_15_17": 5, "age_18_25": 5, "over_25": 5},
    )
    assert event.has_age_bands and [n for _label, n in event.age_bands] == [5, 5, 5, 5]


def test_it_refuses_personal_data_in_the_feedback(client_for, kit):
    response = client_for("coordinator").post(
        reverse("outreach:event_create"),
        _post(kit, feedback="The teacher's mobile is 29123456"),
    )
    assert "phone number" in str(response.context["form"].errors["feedback"])
    assert OutreachEvent.objects.count() == 0

    with pytest.raises(DomainError) as refused:
        services.save_event(
            None, date=date(2015, 4, 14), type="talk", participants=5, feedback="mail x@example.lv"
        )
    assert refused.value.field == "feedback"


def test_it_asks_for_the_whole_material_line(client_for, kit):
    response = client_for("coordinator").post(
        reverse("outreach:event_create"), _post(kit, material_location="")
    )
    assert response.context["form"].non_field_errors()
    assert OutreachEvent.objects.count() == 0


def test_a_regional_consultant_records_events_only_in_its_regions(client_for, kit):
    client = client_for("regional")  # Latgale
    riga_venue = factory.make_venue(name="Riga school")
    latgale_store = factory.make_location(name="Latgale store", region=factory.region("Latgal"))
    stock.receive_print_run(kit["edition"], latgale_store, 10)

    refused = client.post(
        reverse("outreach:event_create"),
        _post(kit, venue=riga_venue.pk, material_location=latgale_store.pk, material_quantity="5"),
    )
    assert "venue" in refused.context["form"].errors
    online = client.post(
        reverse("outreach:event_create"),
        _post(kit, venue="", material_edition="", material_quantity="", material_location=""),
    )
    assert "venue" in online.context["form"].errors
    other_stock = client.post(reverse("outreach:event_create"), _post(kit))
    assert "material_location" in other_stock.context["form"].errors
    assert OutreachEvent.objects.count() == 0

    ok = client.post(
        reverse("outreach:event_create"),
        _post(kit, material_location=latgale_store.pk, material_quantity="5"),
    )
    assert ok.status_code == 302
    assert stock.on_hand(kit["edition"], latgale_store) == 5


def test_it_edits_an_event_and_keeps_its_history(client_for, kit):
    client = client_for("coordinator")
    client.post(reverse("outreach:event_create"), _post(kit))
    event = OutreachEvent.objects.get()

    response = client.post(
        reverse("outreach:event_edit", args=[event.pk]),
        _post(
            kit, participants="44", material_edition="", material_quantity="", material_location=""
        ),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.participants == 44
    assert EventMaterial.objects.count() == 1  # nothing handed out twice
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Forum theatre: the job offer" in page and "History" in page
    assert event.history.count() == 2
