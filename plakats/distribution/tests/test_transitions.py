"""Placement transitions on the delivery and display axes: allowed, refused, and their events."""

import pytest

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Evidence, Source
from plakats.distribution.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db


def _reload(placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


def test_it_moves_planned_straight_to_delivered_and_writes_the_event(users):
    placement = factory.make_placement()

    event = services.change_status(
        placement, Axis.DELIVERY, Delivery.DELIVERED, user=users["coordinator"], note="by hand"
    )

    assert _reload(placement).delivery == Delivery.DELIVERED
    stored = PlacementEvent.objects.get(pk=event.pk)
    assert (stored.axis, stored.old_value, stored.new_value) == ("delivery", "planned", "delivered")
    assert stored.source == Source.STAFF
    assert stored.actor == users["coordinator"]
    assert stored.note == "by hand"


def test_it_follows_planned_sent_delivered_displayed_removed(users):
    placement = factory.make_placement()
    steps = [
        (Axis.DELIVERY, Delivery.SENT),
        (Axis.DELIVERY, Delivery.DELIVERED),
        (Axis.DISPLAY, Display.DISPLAYED),
        (Axis.DISPLAY, Display.REMOVED),
    ]
    for axis, value in steps:
        services.change_status(placement, axis, value, user=users["coordinator"])

    placement = _reload(placement)
    assert (placement.delivery, placement.display) == ("delivered", "removed")
    history = list(placement.events.order_by("id").values_list("axis", "old_value", "new_value"))
    assert history == [
        ("delivery", "planned", "sent"),
        ("delivery", "sent", "delivered"),
        ("display", "unknown", "displayed"),
        ("display", "displayed", "removed"),
    ]


@pytest.mark.parametrize(
    ("start", "axis", "new"),
    [
        ({"delivery": Delivery.DELIVERED}, Axis.DELIVERY, Delivery.SENT),
        ({"delivery": Delivery.PLANNED}, Axis.DELIVERY, Delivery.RETURNED),
        ({"delivery": Delivery.REFUSED}, Axis.DELIVERY, Delivery.SENT),
        ({"delivery": Delivery.REFUSED}, Axis.DELIVERY, Delivery.DELIVERED),
        ({"delivery": Delivery.SENT}, Axis.DISPLAY, Display.DISPLAYED),
        ({"delivery": Delivery.PLANNED}, Axis.DISPLAY, Display.NOT_DISPLAYED),
        (
            {"delivery": Delivery.DELIVERED, "display": Display.NOT_DISPLAYED},
            Axis.DISPLAY,
            Display.REMOVED,
        ),
        ({"delivery": Delivery.DELIVERED}, Axis.DISPLAY, "on_the_moon"),
    ],
)
def test_it_refuses_a_transition_the_rules_do_not_allow_and_changes_nothing(
    users, start, axis, new
):
    placement = factory.make_placement(**start)
    before = (placement.delivery, placement.display, placement.evidence)

    with pytest.raises(services.TransitionRefused):
        services.change_status(placement, axis, new, user=users["coordinator"])

    placement = _reload(placement)
    assert (placement.delivery, placement.display, placement.evidence) == before
    assert not PlacementEvent.objects.exists()


def test_it_says_why_display_before_delivery_is_refused():
    placement = factory.make_placement(delivery=Delivery.SENT)

    with pytest.raises(services.TransitionRefused) as refused:
        services.change_status(placement, Axis.DISPLAY, Display.DISPLAYED)

    assert placement.code in str(refused.value)
    assert "not delivered" in str(refused.value)


def test_it_refuses_to_change_evidence_as_a_status():
    placement = factory.make_placement()

    with pytest.raises(services.TransitionRefused):
        services.change_status(placement, Axis.EVIDENCE, Evidence.PHOTO)

    assert _reload(placement).evidence == Evidence.NONE


def test_it_offers_nothing_after_refused_and_no_display_before_delivery():
    refused = factory.make_placement(delivery=Delivery.REFUSED)
    sent = factory.make_placement(delivery=Delivery.SENT)

    assert services.allowed_next(refused, Axis.DELIVERY) == []
    assert services.allowed_next(sent, Axis.DISPLAY) == []
    assert services.allowed_next(sent, Axis.DELIVERY) == [
        "delivered",
        "lost",
        "refused",
        "returned",
    ]
