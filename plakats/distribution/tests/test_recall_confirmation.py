"""The public page of a replacement asks both "old one taken down?" and "new one up?"."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plakats.distribution.choices import Answer, Axis, Display, Evidence, Source
from plakats.distribution.models import PlacementEvent
from plakats.distribution.printpack import dispatch_print_pack
from plakats.distribution.services import recall as services
from plakats.materials import services as stock

from . import recall_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = recall_world.build()
    stock.receive_print_run(world["new"], world["location"], 8)
    recall = services.supersede_edition(world["old"], world["new"], reason="New number")
    made = services.create_replacement_dispatch(
        recall,
        campaign=world["campaign"],
        planned_on=date(2015, 3, 2),
        stock_location=world["location"],
    )
    old = world["placements"]["displayed"]
    new = recall.lines.get(old_placement=old).new_placement
    return {"world": world, "recall": recall, "made": made, "old": old, "new": new}


def _url(placement) -> str:
    return reverse("confirm", args=[placement.token]) + "?lang=en"


def test_it_asks_both_questions_only_on_a_replacement(client, replaced):
    page = client.get(_url(replaced["new"])).content.decode()
    ordinary = client.get(_url(replaced["world"]["placements"]["sent"])).content.decode()

    assert "Did you take down the old poster?" in page
    assert "Is the new one up?" in page
    assert str(replaced["old"].edition) in page
    assert "Did you take down the old poster?" not in ordinary


def test_it_refuses_an_answer_without_the_old_poster_and_changes_nothing(client, replaced):
    response = client.post(_url(replaced["new"]), {"answer": Answer.DISPLAYED})

    assert response.status_code == 200
    assert "Please tell us whether the old poster was taken down." in response.content.decode()
    replaced["old"].refresh_from_db()
    replaced["new"].refresh_from_db()
    assert (replaced["old"].display, replaced["new"].display) == (
        Display.DISPLAYED,
        Display.UNKNOWN,
    )
    assert not replaced["new"].confirmations.exists()


def test_old_removed_and_new_up_moves_both_with_venue_events(client, replaced):
    client.post(_url(replaced["new"]), {"answer": Answer.DISPLAYED, "old_removed": "yes"})

    replaced["old"].refresh_from_db()
    replaced["new"].refresh_from_db()
    assert replaced["old"].display == Display.REMOVED
    assert replaced["new"].display == Display.DISPLAYED
    event = PlacementEvent.objects.get(placement=replaced["old"], axis=Axis.DISPLAY)
    assert (event.old_value, event.new_value, event.source) == (
        Display.DISPLAYED,
        Display.REMOVED,
        Source.VENUE,
    )
    assert "taken down" in event.note


def test_old_still_up_keeps_it_believed_up_with_the_venue_as_evidence(client, replaced):
    client.post(_url(replaced["new"]), {"answer": Answer.DISPLAYED, "old_removed": "no"})

    replaced["old"].refresh_from_db()
    assert replaced["old"].display == Display.DISPLAYED
    assert replaced["old"].evidence == Evidence.VENUE
    assert replaced["old"].believed_up


def test_an_old_placement_never_seen_up_goes_through_displayed_to_removed(client, replaced):
    old = replaced["world"]["placements"]["via_partner"]  # sent via partner, display unknown
    new = replaced["recall"].lines.get(old_placement=old).new_placement

    client.post(_url(new), {"answer": Answer.DISPLAYED, "old_removed": "yes"})

    steps = list(
        PlacementEvent.objects.filter(placement=old)
        .exclude(axis=Axis.EVIDENCE)
        .order_by("pk")
        .values_list("axis", "new_value")
    )
    assert steps == [
        (Axis.DELIVERY, "delivered"),
        (Axis.DISPLAY, Display.DISPLAYED),
        (Axis.DISPLAY, Display.REMOVED),
    ]


def test_the_replacement_letter_asks_to_take_the_old_one_down(replaced):
    content = dispatch_print_pack(replaced["made"].postal, labels=False)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )

    # The venues are Latvian: the seeded Latvian replacement letter, naming the old edition.
    assert text.count("Lūdzam nomainīt mūsu plakātu") == 3
    assert f"{replaced['old'].edition} ({replaced['old'].code})" in text
    ordinary = replaced["world"]["placements"]["sent"].dispatch
    ordinary_text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(dispatch_print_pack(ordinary))).pages
    )
    assert "Lūdzam nomainīt" not in ordinary_text
