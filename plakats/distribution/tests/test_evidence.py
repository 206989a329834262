"""Evidence: set by how a change was learnt (venue, visit), or recorded on its own."""

import pytest

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Evidence, Source
from plakats.distribution.models import Placement

pytestmark = pytest.mark.django_db


def test_it_sets_evidence_when_the_venue_confirms_delivery(users):
    placement = factory.make_placement(delivery=Delivery.SENT)

    services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED, source=Source.VENUE)

    placement = Placement.objects.get(pk=placement.pk)
    assert placement.evidence == Evidence.VENUE
    assert placement.evidence_at is not None
    evidence_event = placement.events.get(axis=Axis.EVIDENCE)
    assert (evidence_event.old_value, evidence_event.new_value) == ("none", "venue")
    assert evidence_event.source == Source.VENUE


def test_it_sets_visit_evidence_when_a_consultant_sees_the_poster(users):
    placement = factory.make_placement(delivery=Delivery.DELIVERED, evidence=Evidence.VENUE)

    services.change_status(
        placement, Axis.DISPLAY, Display.DISPLAYED, source=Source.VISIT, user=users["regional"]
    )

    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.display, placement.evidence) == ("displayed", "visit")
    assert list(placement.events.order_by("id").values_list("axis", "old_value", "new_value")) == [
        ("display", "unknown", "displayed"),
        ("evidence", "venue", "visit"),
    ]
    assert {e.actor for e in placement.events.all()} == {users["regional"]}


def test_it_leaves_evidence_alone_for_a_staff_change():
    placement = factory.make_placement()

    services.change_status(placement, Axis.DELIVERY, Delivery.SENT, source=Source.STAFF)

    placement = Placement.objects.get(pk=placement.pk)
    assert placement.evidence == Evidence.NONE
    assert placement.evidence_at is None
    assert placement.events.count() == 1


def test_it_records_a_photo_without_changing_the_statuses(users):
    placement = factory.make_placement(delivery=Delivery.DELIVERED, display=Display.DISPLAYED)

    services.record_evidence(placement, Evidence.PHOTO, source=Source.STAFF, user=users["admin"])

    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.delivery, placement.display, placement.evidence) == (
        "delivered",
        "displayed",
        "photo",
    )
    assert placement.events.get().axis == Axis.EVIDENCE
