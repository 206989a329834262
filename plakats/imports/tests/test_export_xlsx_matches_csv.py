"""The XLSX of a list holds the same rows as its CSV, read back with openpyxl."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery
from plakats.imports.export_lists import EXPORTS
from plakats.materials import services as stock

pytestmark = pytest.mark.django_db


def _download(client, what: str, fmt: str) -> bytes:
    response = client.get(reverse("imports:export", args=[what, fmt]) + "?active=")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _as_csv_text(value) -> str:
    """What the CSV writes for a value openpyxl read from the XLSX."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return str(value)


def _csv_cell(text: str):
    """A CSV cell, with decimals as numbers (the XLSX holds 56.95 where the CSV says 56.950000)."""
    if "." in text and text.lstrip("-").replace(".", "", 1).isdigit():
        return Decimal(text)
    return text


@pytest.fixture
def data():
    riga = factory.municipality("Rīga")
    school = factory.make_venue(
        name='Skola "Ziemeļi" & <Co>',
        municipality=riga,
        phone="+371 20000000",
        latitude=Decimal("56.950000"),
        longitude=Decimal("24.100000"),
    )
    hostel = factory.make_venue(name="  Hostelis Centrs ", kind="hostel", municipality=riga)
    dispatch = factory.make_dispatch()
    edition = factory.make_edition()
    first = factory.make_placement(
        dispatch=dispatch, venue=school, edition=edition, location_note="=1+1, by the door"
    )
    factory.make_placement(dispatch=dispatch, venue=hostel, edition=edition, quantity=12)
    services.change_status(first, Axis.DELIVERY, Delivery.SENT)
    factory.make_partner(name="Jauniešu centrs", phone="-5 is not a number")
    stock.receive_print_run(edition, factory.make_location(name="Riga office"), 40)


@pytest.mark.parametrize("what", sorted(EXPORTS))
def test_it_writes_the_csv_rows_into_the_xlsx(client_for, data, what):
    client = client_for("viewer")
    text = _download(client, what, "csv").decode("utf-8")
    csv_rows = [[_csv_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text[1:]))]
    sheet = openpyxl.load_workbook(io.BytesIO(_download(client, what, "xlsx"))).active
    xlsx_rows = [
        [_as_csv_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert len(csv_rows) > 1
    assert xlsx_rows == csv_rows


def test_it_keeps_the_placement_rows_exact(client_for, data):
    client = client_for("viewer")
    sheet = openpyxl.load_workbook(io.BytesIO(_download(client, "placements", "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    # Newest first: the hostel's placement was made last.
    assert [row["venue"] for row in rows] == ["  Hostelis Centrs ", 'Skola "Ziemeļi" & <Co>']
    assert [row["quantity"] for row in rows] == [12, 1]
    assert [row["delivery"] for row in rows] == ["planned", "sent"]
    assert rows[1]["where it hangs"] == "=1+1, by the door"
    assert rows[1]["dispatch date"] == datetime(2014, 9, 1)
    assert isinstance(rows[1]["created"], datetime)
    assert sheet.cell(3, header.index("where it hangs") + 1).quotePrefix is True
    assert sheet.cell(2, header.index("where it hangs") + 1).value is None
