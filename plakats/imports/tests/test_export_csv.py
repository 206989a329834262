"""CSV exports: a BOM, the headers, exact rows, and cells neutralised against formula injection."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from plakats.imports.exports import csv_chunks, export_response, write_export

COLUMNS = [
    ("name", lambda r: r["name"]),
    ("quantity", lambda r: r["quantity"]),
    ("sent", lambda r: r["sent"]),
    ("active", lambda r: r["active"]),
    ("changed", lambda r: r["changed"]),
    ("latitude", lambda r: r["latitude"]),
]

ROWS = [
    {
        "name": "Rēzeknes Valsts ģimnāzija",
        "quantity": 3,
        "sent": date(2014, 9, 1),
        "active": True,
        # 09:30 UTC is 12:30 in Riga (summer time, UTC+3).
        "changed": datetime(2014, 9, 1, 9, 30, tzinfo=UTC),
        "latitude": Decimal("56.506200"),
    },
    {
        "name": 'Skola, "Ziemeļi"',
        "quantity": -5,
        "sent": None,
        "active": False,
        "changed": None,
        "latitude": None,
    },
]


def _text(columns, rows, **kwargs) -> str:
    return b"".join(csv_chunks(columns, rows, **kwargs)).decode("utf-8")


def test_it_starts_with_a_bom_and_writes_headers_and_exact_rows():
    text = _text(COLUMNS, ROWS)
    assert text.startswith("\ufeff")
    assert text[1:].split("\r\n") == [
        "name,quantity,sent,active,changed,latitude",
        "Rēzeknes Valsts ģimnāzija,3,2014-09-01,true,2014-09-01 12:30:00,56.506200",
        '"Skola, ""Ziemeļi""",-5,,false,,',
        "",
    ]


def test_it_neutralises_cells_that_a_spreadsheet_would_run_as_formulas():
    rows = [
        {"name": '=HYPERLINK("http://evil.example","click")'},
        {"name": "+371 20000000"},
        {"name": "-2+3"},
        {"name": "@SUM(A1:A2)"},
        {"name": "\t=1+1"},
        {"name": "\r=1+1"},
        {"name": "Rīga = capital"},
    ]
    text = _text([("name", lambda r: r["name"])], rows)
    cells = [row[0] for row in csv.reader(io.StringIO(text[1:]))][1:]
    assert cells == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+371 20000000",
        "'-2+3",
        "'@SUM(A1:A2)",
        "'\t=1+1",
        "'\r=1+1",
        "Rīga = capital",
    ]


def test_it_leaves_negative_numbers_alone():
    text = _text([("n", lambda r: r)], [-5, Decimal("-1.50"), -0.25])
    assert text[1:].split("\r\n")[1:4] == ["-5", "-1.50", "-0.25"]


def test_it_writes_semicolon_csv_for_excel_in_latvian():
    text = _text(COLUMNS[:2], ROWS, delimiter=";")
    assert text[1:].split("\r\n")[:3] == [
        "name;quantity",
        "Rēzeknes Valsts ģimnāzija;3",
        '"Skola, ""Ziemeļi""";-5',
    ]


def test_it_streams_in_chunks_without_reading_ahead():
    read = []

    def rows():
        for index in range(50_000):
            read.append(index)
            yield {"name": f"Venue {index}"}

    chunks = csv_chunks([("name", lambda r: r["name"])], rows())
    first = next(chunks)
    assert first.startswith("\ufeffname\r\n".encode())
    # One chunk is about 64 KB: far fewer rows than the 50,000 were read for it.
    assert 3_000 < len(read) < 10_000
    rest = b"".join(chunks)
    assert len(read) == 50_000
    assert (first + rest).count(b"\r\n") == 50_001


def test_it_answers_with_an_attachment_named_after_the_list():
    response = export_response("venues-2014-09-01", COLUMNS, ROWS, "csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="venues-2014-09-01.csv"'
    assert b"".join(response.streaming_content).decode().count("\r\n") == 3


def test_it_writes_a_file_and_counts_its_rows(tmp_path):
    path = tmp_path / "out.csv"
    assert write_export(path, COLUMNS, ROWS, "csv") == 2
    assert path.read_bytes().startswith(b"\xef\xbb\xbfname,quantity")
    buffer = io.BytesIO()
    assert write_export(buffer, COLUMNS, ROWS, "csv", delimiter=";") == 2
    assert buffer.getvalue().startswith(b"\xef\xbb\xbfname;quantity")
