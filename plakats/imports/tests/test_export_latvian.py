"""Exports in Latvian: Latvian column headers and choice labels, machine-readable values.

Dates stay ISO (2014-09-01) and numbers plain in every language, so a file
round-trips into the import and sorts right in any spreadsheet.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery

pytestmark = pytest.mark.django_db

ENGLISH_HEADERS = {"code", "venue", "delivery", "display", "evidence", "dispatch date", "name"}


@pytest.fixture
def latvian(client_for):
    """A coordinator with Latvian chosen, and a school's poster that was sent."""
    school = factory.make_venue(name="Rēzeknes 1. vidusskola", kind="school")
    placement = factory.make_placement(venue=school, dispatch=factory.make_dispatch())
    services.change_status(placement, Axis.DELIVERY, Delivery.SENT)
    client = client_for("coordinator")
    client.cookies["django_language"] = "lv"
    return client, placement


def _csv(client, what: str) -> list[dict[str, str]]:
    response = client.get(reverse("imports:export", args=[what, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(client, what: str) -> list[tuple]:
    response = client.get(reverse("imports:export", args=[what, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_it_writes_the_placements_csv_in_latvian(latvian):
    client, placement = latvian

    (record,) = _csv(client, "placements")

    assert record["kods"] == placement.code
    assert record["vieta"] == "Rēzeknes 1. vidusskola"
    assert (record["piegāde"], record["izvietošana"], record["apliecinājums"]) == (
        "nosūtīts",
        "nav zināms",
        "nav",
    )
    assert record["izsūtījuma datums"] == "2014-09-01"
    assert ENGLISH_HEADERS.isdisjoint(record)


def test_it_writes_the_venues_xlsx_in_latvian(latvian):
    client, _placement = latvian

    header, row = _xlsx(client, "venues")[:2]
    record = dict(zip(header, row, strict=True))

    assert record["nosaukums"] == "Rēzeknes 1. vidusskola"
    assert record["veids"] == "skola"
    assert record["valoda"] == "Latviešu"
    assert ENGLISH_HEADERS.isdisjoint(header)
