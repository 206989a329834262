"""The issue's main flow: supersede an edition with placements in every status, list
exactly those believed up, replace them in one step, and confirm "old removed, new up"."""

import pytest
from django.urls import reverse

from plakats.distribution.choices import Answer, Axis, Channel, Delivery, Display, Source
from plakats.distribution.models import Placement, PlacementEvent, Recall
from plakats.distribution.queries_recall import recall_progress
from plakats.distribution.services import change_status
from plakats.materials import services as stock

from . import recall_world

pytestmark = pytest.mark.django_db


def test_it_supersedes_lists_replaces_and_completes_a_recall(client_for, client):
    world = recall_world.build()
    old, new, placements = world["old"], world["new"], world["placements"]
    stock.receive_print_run(new, world["location"], 8)  # 2 + 5 + 1 for the postal venues
    coordinator = client_for("coordinator")

    # The confirmation page says how many placements the step affects: 4 (worked out by hand).
    page = coordinator.get(reverse("distribution:edition_supersede", args=[old.pk]))
    assert page.context["affected"] == 4
    assert "This affects 4 placements still believed to be up." in page.content.decode()

    response = coordinator.post(
        reverse("distribution:edition_supersede", args=[old.pk]),
        {"successor": new.pk, "reason": "The hotline number changed", "effective_on": "2015-03-01"},
    )
    recall = Recall.objects.get(edition=old)
    assert response.status_code == 302 and response["Location"] == recall.get_absolute_url()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (str(old.superseded_on), old.retirement_reason) == (
        "2015-03-01",
        "The hotline number changed",
    )
    assert new.supersedes == old
    assert old.history.first().history_change_reason == "Superseded: The hotline number changed"
    assert {line.old_placement_id for line in recall.lines.all()} == recall_world.up_ids(world)

    # The recall view lists exactly the four, with counts by region and by kind.
    view = coordinator.get(recall.get_absolute_url())
    assert {row["placement"].pk for row in view.context["rows"]} == recall_world.up_ids(world)
    regions = {row["name"]: row["count"] for row in view.context["regions"]}
    assert regions == {
        "Kurzemes plānošanas reģions": 1,
        "Latgales plānošanas reģions": 1,
        "Rīgas plānošanas reģions": 1,
        "No region (online)": 1,
    }
    kinds = {row["name"]: row["count"] for row in view.context["kinds"]}
    assert kinds == {"school": 3, "website": 1}
    assert view.context["needed"] == {"venues": 4, "items": 8}

    # One step: the same venues, the successor, the same quantities; the stock is taken.
    response = coordinator.post(
        reverse("distribution:recall_replace", args=[recall.pk]),
        {
            "campaign": world["campaign"].pk,
            "channel": Channel.POST,
            "stock_location": world["location"].pk,
            "planned_on": "2015-03-02",
        },
    )
    assert response.status_code == 302
    made = Placement.objects.filter(edition=new)
    assert sorted((p.venue_id, p.quantity) for p in made) == sorted(
        (placements[name].venue_id, placements[name].quantity) for name in recall_world.UP
    )
    assert stock.on_hand(new, world["location"]) == 0
    channels = {p.venue.is_online: p.dispatch.channel for p in made}
    assert channels == {False: Channel.POST, True: Channel.ONLINE}
    replaced = {line.old_placement_id: line.new_placement for line in recall.lines.all()}
    assert all(
        replaced[placements[name].pk].venue_id == placements[name].venue_id
        for name in recall_world.UP
    )

    _, total = recall_progress(recall)
    assert (total.lines, total.old_up, total.new_sent, total.new_up, total.pending) == (
        4,
        4,
        4,
        0,
        4,
    )

    # Each postal venue answers on its confirmation page: old removed, new up.
    for name in ("via_partner", "delivered", "displayed"):
        new_placement = replaced[placements[name].pk]
        client.logout()
        page = client.get(reverse("confirm", args=[new_placement.token]) + "?lang=en")
        assert page.context["replaced"] == [placements[name]]
        assert "Did you take down the old poster?" in page.content.decode()
        client.post(
            reverse("confirm", args=[new_placement.token]) + "?lang=en",
            {"answer": Answer.DISPLAYED, "old_removed": "yes"},
        )
    # The web page is updated by staff and checked.
    web_old, web_new = placements["web"], replaced[placements["web"].pk]
    change_status(web_old, Axis.DISPLAY, Display.REMOVED, source=Source.WEB_CHECK)
    change_status(web_new, Axis.DELIVERY, Delivery.DELIVERED, source=Source.WEB_CHECK)
    change_status(web_new, Axis.DISPLAY, Display.DISPLAYED, source=Source.WEB_CHECK)

    for name in recall_world.UP:
        placements[name].refresh_from_db()
        assert placements[name].display == Display.REMOVED, name
        assert Placement.objects.get(pk=replaced[placements[name].pk].pk).display == (
            Display.DISPLAYED
        )
    removed_by_venue = PlacementEvent.objects.filter(
        placement=placements["delivered"], axis=Axis.DISPLAY, new_value=Display.REMOVED
    ).get()
    assert removed_by_venue.source == Source.VENUE

    _, total = recall_progress(recall)
    assert (total.old_up, total.old_removed, total.new_up, total.pending) == (0, 4, 4, 0)
    done = client_for("viewer").get(recall.get_absolute_url())
    assert "Every old placement is down and every replacement is up." in done.content.decode()

    coordinator = client_for("coordinator")
    coordinator.post(reverse("distribution:recall_close", args=[recall.pk]))
    recall.refresh_from_db()
    assert recall.closed_at is not None
