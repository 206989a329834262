"""The admin goes through the same rules: status actions call the service, events are read-only."""

import pytest

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/distribution/placement/"


def test_it_marks_placements_sent_through_the_rules(client_for, users):
    planned = factory.make_placement()
    refused = factory.make_placement(delivery=Delivery.REFUSED)

    response = client_for("coordinator").post(
        CHANGELIST,
        {"action": "mark_sent", "_selected_action": [planned.pk, refused.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert Placement.objects.get(pk=planned.pk).delivery == "sent"
    assert Placement.objects.get(pk=refused.pk).delivery == "refused"
    event = PlacementEvent.objects.get()
    assert (event.placement_id, event.actor) == (planned.pk, users["coordinator"])
    assert refused.code in response.content.decode()


def test_it_marks_placements_delivered(client_for):
    placement = factory.make_placement(delivery=Delivery.SENT)

    client_for("admin").post(
        CHANGELIST, {"action": "mark_delivered", "_selected_action": [placement.pk]}
    )

    assert Placement.objects.get().delivery == "delivered"


def test_it_shows_statuses_read_only_on_the_change_form(client_for):
    placement = factory.make_placement()

    response = client_for("coordinator").post(
        f"{CHANGELIST}{placement.pk}/change/",
        {
            "campaign": placement.campaign_id,
            "venue": placement.venue_id,
            "edition": placement.edition_id,
            "quantity": 5,
            "location_note": "",
            "delivery": "delivered",
            "display": "displayed",
        },
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.quantity, placement.delivery, placement.display) == (5, "planned", "unknown")


def test_it_lists_and_searches_placements_by_code(client_for):
    placement = factory.make_placement()
    factory.make_placement()

    response = client_for("coordinator").get(f"{CHANGELIST}?q={placement.code}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_it_keeps_placement_events_read_only(client_for):
    placement = factory.make_placement()
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT)
    event = PlacementEvent.objects.get()
    client = client_for("admin")

    listing = client.get("/admin/distribution/placementevent/")
    change = client.post(
        f"/admin/distribution/placementevent/{event.pk}/change/", {"new_value": "delivered"}
    )
    delete = client.post(f"/admin/distribution/placementevent/{event.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert PlacementEvent.objects.get().new_value == "sent"


def test_it_shows_a_campaign_with_its_targets(client_for):
    target = factory.make_target(name="Schools in Latgale")

    response = client_for("coordinator").get(
        f"/admin/distribution/campaign/{target.campaign_id}/change/"
    )

    assert response.status_code == 200
    assert "Schools in Latgale" in response.content.decode()


def test_it_shows_answers_visits_reminders_and_letters_read_only(client_for):
    client = client_for("coordinator")
    for model in ("confirmation", "photo", "fieldvisit", "reminder"):
        assert client.get(f"/admin/distribution/{model}/").status_code == 200
        assert client.get(f"/admin/distribution/{model}/add/").status_code == 403
    assert client.get("/admin/distribution/lettertemplate/").status_code == 200


def test_it_refuses_an_unknown_placeholder_in_a_letter_in_the_admin(client_for):
    from plakats.distribution.models import LetterTemplate

    letter = LetterTemplate.objects.get(language="lv")
    response = client_for("coordinator").post(
        f"/admin/distribution/lettertemplate/{letter.pk}/change/",
        {"language": "lv", "title": "X", "body": "Labdien, {foo}!"},
    )
    assert response.status_code == 200
    letter.refresh_from_db()
    assert "{foo}" not in letter.body
