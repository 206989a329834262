"""A bulk step moves many placements at once and can be undone by new, opposite events."""

import pytest

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.distribution.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db


def _deliveries(placements) -> list[str]:
    return list(
        Placement.objects.filter(pk__in=[p.pk for p in placements])
        .order_by("pk")
        .values_list("delivery", flat=True)
    )


def test_it_moves_those_it_can_and_names_those_it_cannot(users):
    dispatch = factory.make_dispatch()
    planned = [factory.make_placement(dispatch=dispatch) for _ in range(3)]
    refused = factory.make_placement(dispatch=dispatch, delivery=Delivery.REFUSED)

    batch, moved, reasons = services.bulk_change_status(
        [*planned, refused], Axis.DELIVERY, Delivery.SENT, user=users["coordinator"]
    )

    assert moved == 3
    assert len(reasons) == 1
    assert refused.code in reasons[0]
    assert _deliveries([*planned, refused]) == ["sent", "sent", "sent", "refused"]
    assert PlacementEvent.objects.filter(batch=batch).count() == 3


def test_it_undoes_a_step_with_new_events_and_keeps_the_originals(users):
    placements = [factory.make_placement() for _ in range(2)]
    batch, _moved, _refused = services.bulk_change_status(
        placements, Axis.DELIVERY, Delivery.SENT, user=users["coordinator"]
    )
    originals = set(PlacementEvent.objects.filter(batch=batch).values_list("pk", flat=True))

    undone = services.undo_batch(batch, user=users["admin"])

    assert undone == 2
    assert _deliveries(placements) == ["planned", "planned"]
    assert set(PlacementEvent.objects.filter(batch=batch).values_list("pk", flat=True)) == (
        originals
    )
    reversals = PlacementEvent.objects.filter(undoes__in=originals)
    assert reversals.count() == 2
    assert {(e.old_value, e.new_value, e.actor) for e in reversals} == {
        ("sent", "planned", users["admin"])
    }
    assert PlacementEvent.objects.count() == 4


def test_it_refuses_to_undo_when_a_placement_moved_since(users):
    first, second = factory.make_placement(), factory.make_placement()
    batch, _moved, _refused = services.bulk_change_status(
        [first, second], Axis.DELIVERY, Delivery.SENT
    )
    services.change_status(second, Axis.DELIVERY, Delivery.DELIVERED)

    with pytest.raises(DomainError) as refused:
        services.undo_batch(batch)

    assert second.code in str(refused.value)
    assert _deliveries([first, second]) == ["sent", "delivered"]
    assert not PlacementEvent.objects.filter(undoes__isnull=False).exists()


def test_it_refuses_to_undo_the_same_step_twice():
    placement = factory.make_placement()
    batch, _moved, _refused = services.bulk_change_status([placement], Axis.DELIVERY, Delivery.SENT)
    services.undo_batch(batch)

    with pytest.raises(DomainError):
        services.undo_batch(batch)

    assert PlacementEvent.objects.count() == 2


def test_it_marks_a_dispatch_sent_from_its_page_and_reports_refusals(client_for):
    dispatch = factory.make_dispatch()
    planned = [factory.make_placement(dispatch=dispatch) for _ in range(2)]
    refused = factory.make_placement(dispatch=dispatch, delivery=Delivery.REFUSED)
    client = client_for("coordinator")

    response = client.post(
        f"/distribution/dispatches/{dispatch.pk}/status/", {"step": "delivery:sent"}, follow=True
    )

    assert _deliveries([*planned, refused]) == ["sent", "sent", "refused"]
    text = response.content.decode()
    assert "2 placements moved, 1 refused" in text
    assert refused.code in text
    assert "Undo this step" in text


def test_it_undoes_the_dispatch_step_from_its_page(client_for):
    dispatch = factory.make_dispatch()
    placements = [factory.make_placement(dispatch=dispatch) for _ in range(2)]
    client = client_for("coordinator")
    client.post(f"/distribution/dispatches/{dispatch.pk}/status/", {"step": "delivery:sent"})
    batch = PlacementEvent.objects.get(placement=placements[0]).batch

    response = client.post(
        "/distribution/placements/undo/",
        {"batch": str(batch), "next": dispatch.get_absolute_url()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == dispatch.get_absolute_url()
    assert "2 changes undone" in response.content.decode()
    assert _deliveries(placements) == ["planned", "planned"]
    assert PlacementEvent.objects.count() == 4
    assert "Undo this step" not in response.content.decode()


def test_it_shows_the_refused_undo_as_a_message(client_for):
    dispatch = factory.make_dispatch()
    placement = factory.make_placement(dispatch=dispatch)
    client = client_for("coordinator")
    client.post(f"/distribution/dispatches/{dispatch.pk}/status/", {"step": "delivery:sent"})
    batch = PlacementEvent.objects.get().batch
    services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)

    response = client.post("/distribution/placements/undo/", {"batch": str(batch)}, follow=True)

    assert response.status_code == 200
    assert "has changed since this step" in response.content.decode()
    assert _deliveries([placement]) == ["delivered"]


def test_it_skips_placements_already_at_the_step(client_for):
    dispatch = factory.make_dispatch()
    factory.make_placement(dispatch=dispatch, delivery=Delivery.SENT)
    factory.make_placement(dispatch=dispatch)

    response = client_for("coordinator").post(
        f"/distribution/dispatches/{dispatch.pk}/status/", {"step": "delivery:sent"}, follow=True
    )

    text = response.content.decode()
    assert "1 placement moved." in text
    assert "1 placement was already sent." in text
