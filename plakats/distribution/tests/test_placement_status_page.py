"""A placement's page: its three axes, the allowed next values, and refusals as form errors."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Source
from plakats.distribution.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db


def _url(placement, axis):
    return reverse("distribution:placement_status", args=[placement.pk, axis])


def _options(response, axis) -> list[str]:
    form = next(f for f in response.context["status_forms"] if f.axis == axis)
    return [value for value, _label in form.fields["new"].widget.choices if value]


def test_it_offers_only_the_allowed_next_values(client_for):
    placement = factory.make_placement(delivery=Delivery.SENT)

    response = client_for("coordinator").get(placement.get_absolute_url())

    assert _options(response, "delivery") == ["delivered", "lost", "refused", "returned"]
    assert _options(response, "display") == []
    assert "once the placement is delivered" in response.content.decode()


def test_it_offers_nothing_after_a_refusal(client_for):
    placement = factory.make_placement(delivery=Delivery.REFUSED)

    response = client_for("coordinator").get(placement.get_absolute_url())

    assert _options(response, "delivery") == []
    assert "No further change is possible" in response.content.decode()


def test_it_changes_delivery_and_shows_the_event(client_for, users):
    placement = factory.make_placement()
    client = client_for("coordinator")

    response = client.post(
        _url(placement, "delivery"),
        {"delivery-new": "sent", "delivery-source": "phone", "delivery-note": "rang the school"},
        follow=True,
    )

    placement.refresh_from_db()
    assert (placement.delivery, placement.evidence) == ("sent", "phone")
    event = placement.events.get(axis=Axis.DELIVERY)
    assert (event.source, event.actor, event.note) == (
        "phone",
        users["coordinator"],
        "rang the school",
    )
    text = response.content.decode()
    assert "rang the school" in text
    assert "carol" in text


def test_it_shows_a_refused_transition_as_a_form_error_and_changes_nothing(client_for):
    placement = factory.make_placement(delivery=Delivery.DELIVERED)

    response = client_for("coordinator").post(
        _url(placement, "delivery"), {"delivery-new": "sent", "delivery-source": "staff"}
    )

    assert response.status_code == 200
    form = next(f for f in response.context["status_forms"] if f.axis == "delivery")
    assert form.non_field_errors() == [f"{placement.code} cannot go from delivered to sent."]
    placement.refresh_from_db()
    assert placement.delivery == "delivered"
    assert not PlacementEvent.objects.exists()


def test_it_refuses_display_before_delivery_on_the_form(client_for):
    placement = factory.make_placement(delivery=Delivery.SENT)

    response = client_for("coordinator").post(
        _url(placement, "display"), {"display-new": "displayed", "display-source": "visit"}
    )

    assert "is not delivered yet" in response.content.decode()
    placement.refresh_from_db()
    assert placement.display == "unknown"


def test_it_answers_htmx_with_the_status_part_only(client_for):
    placement = factory.make_placement(delivery=Delivery.DELIVERED)

    response = client_for("coordinator").post(
        _url(placement, "display"),
        {"display-new": "displayed", "display-source": "visit"},
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<div id="placement-status">')
    assert "<html" not in text
    assert "display: unknown → displayed saved" in text.lower()
    placement.refresh_from_db()
    assert (placement.display, placement.evidence) == ("displayed", "visit")


def test_it_records_evidence_without_changing_a_status(client_for):
    placement = factory.make_placement(delivery=Delivery.DELIVERED)

    client_for("coordinator").post(
        _url(placement, "evidence"), {"evidence-new": "photo", "evidence-source": "staff"}
    )

    placement.refresh_from_db()
    assert (placement.delivery, placement.evidence) == ("delivered", "photo")
    assert placement.evidence_at is not None


def test_it_shows_the_timeline_with_undone_steps(client_for):
    placement = factory.make_placement()
    batch, _moved, _refused = services.bulk_change_status(
        [placement], Axis.DELIVERY, Delivery.SENT, source=Source.STAFF
    )
    services.undo_batch(batch)

    response = client_for("viewer").get(placement.get_absolute_url())

    text = response.content.decode()
    assert "undone by system" in text
    assert "undoes an earlier step" in text
    assert len(response.context["events"]) == 2


def test_it_answers_404_for_an_unknown_axis(client_for):
    placement = factory.make_placement()

    response = client_for("coordinator").post(
        reverse("distribution:placement_status", args=[placement.pk, "mood"]), {}
    )

    assert response.status_code == 404
    assert Placement.objects.get().delivery == "planned"
