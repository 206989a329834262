"""A recall exports as a call list, and its web pages as a task list."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from plakats.distribution.choices import Answer
from plakats.distribution.services import recall as services
from plakats.distribution.services.confirmations import record_confirmation
from plakats.materials import services as stock

from . import recall_world

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_who_to_call_and_where_each_venue_stands(client_for):
    world = recall_world.build()
    delivered = world["placements"]["delivered"]
    delivered.venue.contact_name, delivered.venue.phone = "Anna Demo", "+371 20000001"
    delivered.venue.save()
    stock.receive_print_run(world["new"], world["location"], 8)
    recall = services.supersede_edition(world["old"], world["new"], reason="New number")
    services.create_replacement_dispatch(
        recall,
        campaign=world["campaign"],
        planned_on=date(2015, 3, 2),
        stock_location=world["location"],
    )
    new = recall.lines.get(old_placement=delivered).new_placement
    record_confirmation(new, Answer.DISPLAYED, old_removed=True)

    rows = _rows(
        client_for("viewer").get(reverse("distribution:recall_export", args=[recall.pk, "csv"]))
    )

    assert len(rows) == 4
    row = next(r for r in rows if r["Venue"] == "Venue delivered")
    assert (row["Contact person"], row["Phone"], row["Region"]) == (
        "Anna Demo",
        "'+371 20000001",  # neutralised for spreadsheets, as every export does
        "Kurzemes plānošanas reģions",
    )
    assert (row["Old code"], row["New code"]) == (delivered.code, new.code)
    assert row["Status"] == "old taken down, new up"
    untouched = next(r for r in rows if r["Venue"] == "Venue displayed")
    assert untouched["Status"] == "old still up, new planned"


def test_it_lists_the_web_pages_to_update(client_for):
    world = recall_world.build()
    recall = services.supersede_edition(world["old"], world["new"], reason="New number")
    client = client_for("viewer")

    page = client.get(reverse("distribution:recall_web_tasks", args=[recall.pk]))
    rows = _rows(
        client.get(reverse("distribution:recall_web_tasks_export", args=[recall.pk, "csv"]))
    )

    assert [row["line"].old_placement_id for row in page.context["rows"]] == [
        world["placements"]["web"].pk
    ]
    assert [(r["Venue"], r["Page"]) for r in rows] == [("Venue web", "https://example.org/jobs")]
    assert rows[0]["What to change"] == f"Replace {world['old']} with {world['new']}"
