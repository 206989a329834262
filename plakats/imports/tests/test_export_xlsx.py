"""XLSX exports: real types, a frozen header, an autofilter, column widths, no formulas."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl

from plakats.imports.exports import export_response, write_export

COLUMNS = [
    ("name", lambda r: r["name"]),
    ("quantity", lambda r: r["quantity"]),
    ("sent", lambda r: r["sent"]),
    ("changed", lambda r: r["changed"]),
    ("active", lambda r: r["active"]),
    ("latitude", lambda r: r["latitude"]),
]

ROWS = [
    {
        "name": "Rēzeknes Valsts ģimnāzija",
        "quantity": 3,
        "sent": date(2014, 9, 1),
        # 09:30 UTC is 12:30 in Riga (summer time, UTC+3).
        "changed": datetime(2014, 9, 1, 9, 30, tzinfo=UTC),
        "active": True,
        "latitude": Decimal("56.5062"),
    },
    {
        "name": '=HYPERLINK("http://evil.example","click")',
        "quantity": -5,
        "sent": None,
        "changed": None,
        "active": False,
        "latitude": None,
    },
    {
        "name": "+371 20000000",
        "quantity": 0,
        "sent": date(2015, 1, 31),
        # 23:30 UTC on 31 Dec is already New Year's Day in Riga (winter time, UTC+2).
        "changed": datetime(2014, 12, 31, 23, 30, tzinfo=UTC),
        "active": True,
        "latitude": Decimal("-1.25"),
    },
]


def _sheet(rows=ROWS, columns=COLUMNS):
    buffer = io.BytesIO()
    count = write_export(buffer, columns, rows, "xlsx", title="venues")
    buffer.seek(0)
    return count, openpyxl.load_workbook(buffer).active


def test_it_writes_dates_numbers_and_booleans_as_real_cells():
    count, sheet = _sheet()
    assert count == 3
    assert [c.value for c in sheet[1]] == [
        "name",
        "quantity",
        "sent",
        "changed",
        "active",
        "latitude",
    ]
    first = sheet[2]
    assert first[0].value == "Rēzeknes Valsts ģimnāzija"
    assert (first[1].value, first[1].data_type) == (3, "n")
    assert first[2].is_date and first[2].value == datetime(2014, 9, 1)
    assert first[2].number_format == "yyyy-mm-dd"
    assert first[3].is_date and first[3].value == datetime(2014, 9, 1, 12, 30)
    assert first[3].number_format == "yyyy-mm-dd hh:mm"
    assert first[4].value is True
    assert first[5].value == 56.5062
    assert sheet["D4"].value == datetime(2015, 1, 1, 1, 30)


def test_it_keeps_negative_numbers_numeric():
    _count, sheet = _sheet()
    assert (sheet["B3"].value, sheet["B3"].data_type) == (-5, "n")
    assert (sheet["F4"].value, sheet["F4"].data_type) == (-1.25, "n")


def test_it_stores_formula_like_text_as_plain_text():
    _count, sheet = _sheet()
    cell = sheet["A3"]
    assert cell.value == '=HYPERLINK("http://evil.example","click")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    phone = sheet["A4"]
    assert (phone.value, phone.data_type, phone.quotePrefix) == ("+371 20000000", "s", True)
    assert sheet["A2"].quotePrefix is False


def test_it_freezes_the_header_and_filters_the_used_range():
    _count, sheet = _sheet()
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"
    assert sheet["A1"].font.b is True
    assert sheet.title == "venues"


def test_it_sizes_columns_to_the_header_and_the_first_rows():
    _count, sheet = _sheet()
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    # "=HYPERLINK(...)" is 41 characters, "quantity" 8, a date-time 16, "latitude" 8.
    assert widths == {"A": 43, "B": 10, "C": 12, "D": 18, "E": 8, "F": 10}


def test_it_writes_an_empty_list_as_a_header_row():
    count, sheet = _sheet(rows=[])
    assert count == 0
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:F1"


def test_it_drops_characters_xlsx_cannot_hold():
    _count, sheet = _sheet(
        rows=[{"n": "Bell\x07 and tab\tkept"}], columns=[("n", lambda r: r["n"])]
    )
    assert sheet["A2"].value == "Bell and tab\tkept"


def test_it_streams_the_workbook_as_an_attachment():
    response = export_response("placements-2015-01-01", COLUMNS, ROWS, "xlsx")
    assert response.streaming
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="placements-2015-01-01.xlsx"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"PK")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 4
