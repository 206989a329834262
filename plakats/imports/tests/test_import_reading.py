"""Reading files as they come: encodings, delimiters, title rows, leading zeros, formulas."""

import io
import zipfile
from datetime import date

import pytest

from plakats.imports.reading import (
    ErrorValue,
    Formula,
    ImportFileError,
    cell_text,
    detect_delimiter,
    read_bytes,
)

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, ods_bytes, xlsx_bytes


def test_it_reads_a_semicolon_csv_in_windows_1257():
    data = csv_bytes([SCHOOLS_HEADER, *SCHOOLS], delimiter=";", encoding="cp1257")
    assert "Ķ".encode("cp1257") in data
    sheet = read_bytes(data)
    assert (sheet.format, sheet.encoding, sheet.delimiter) == ("csv", "cp1257", ";")
    assert sheet.rows[1] == (2, SCHOOLS[0])
    assert sheet.rows[2][1][1] == "Rēzeknes Valsts poļu ģimnāzija"


def test_it_reads_a_utf8_csv_with_a_byte_order_mark():
    sheet = read_bytes(csv_bytes([SCHOOLS_HEADER, *SCHOOLS], encoding="utf-8", bom=True))
    assert sheet.encoding == "utf-8-sig"
    assert sheet.rows[0][1][0] == "Reģ. Nr."
    assert sheet.rows[3][1][:2] == ["0004125", "Līvānu 1. vidusskola"]


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), ("\t", "utf-8")])
def test_it_detects_comma_and_tab_delimiters(delimiter, encoding):
    sheet = read_bytes(csv_bytes([SCHOOLS_HEADER, *SCHOOLS], delimiter=delimiter))
    assert sheet.delimiter == delimiter
    # The address "Gaismas iela 9, Ķekava" holds a comma and stays one cell.
    assert sheet.rows[1][1][2] == "Gaismas iela 9, Ķekava"
    assert len(sheet.rows[1][1]) == 5


def test_it_is_not_fooled_by_commas_inside_a_semicolon_file():
    text = "Nosaukums;Adrese\nA;Iela 1, Rīga, LV-1000\nB;Iela 2, Cēsis, LV-4101\n"
    assert detect_delimiter(text) == ";"


def test_it_reads_an_xlsx_with_title_rows_and_keeps_text_codes():
    data = xlsx_bytes(
        [SCHOOLS_HEADER, *SCHOOLS],
        title_rows=[["Izglītības iestāžu reģistrs"], ["Stāvoklis 2024. gada 1. septembrī"]],
    )
    sheet = read_bytes(data)
    assert (sheet.format, sheet.name) == ("xlsx", "Skolas")
    assert [number for number, _cells in sheet.rows] == [1, 2, 3, 4, 5, 6]
    assert sheet.rows[3] == (4, SCHOOLS[0])


def test_it_keeps_numbers_dates_and_formulas_as_they_are_in_an_xlsx():
    data = xlsx_bytes(
        [["Nosaukums", "Kods", "Datums", "Summa"], ["A", 4123, date(2014, 9, 1), "=1+2"]]
    )
    cells = read_bytes(data).rows[1][1]
    assert cells[:3] == ["A", 4123, date(2014, 9, 1)]
    assert cells[3] == Formula("=1+2")


def test_it_reads_an_ods_with_a_title_row():
    data = ods_bytes(
        [SCHOOLS_HEADER, *SCHOOLS, ["0004126", "Kods kā skaitlis", "", "", 4126]],
        title_rows=[["Skolu saraksts"], []],
    )
    sheet = read_bytes(data)
    assert (sheet.format, sheet.name) == ("ods", "Skolas")
    assert sheet.rows[0] == (1, ["Skolu saraksts"])
    assert sheet.rows[1][0] == 3
    assert sheet.rows[2] == (4, SCHOOLS[0])
    assert sheet.rows[-1][1] == ["0004126", "Kods kā skaitlis", None, None, 4126]


def test_it_chooses_a_sheet_by_name_and_names_the_sheets_when_it_is_missing():
    data = xlsx_bytes([["Nosaukums"], ["A"]], sheet="Dati")
    assert read_bytes(data, sheet="dati").name == "Dati"
    with pytest.raises(
        ImportFileError, match=r"There is no sheet “Skolas”\. The sheets are: Dati\."
    ):
        read_bytes(data, sheet="Skolas")


def test_it_writes_numbers_as_people_read_them():
    assert [cell_text(v) for v in (4123, 4123.0, 56.95, 1e16, 0.1, None, date(2014, 9, 1))] == [
        "4123",
        "4123",
        "56.95",
        "10000000000000000",
        "0.1",
        "",
        "2014-09-01",
    ]
    assert cell_text(ErrorValue("#N/A")) == "#N/A"


def test_it_undoes_the_apostrophe_an_export_puts_before_a_formula_like_cell():
    sheet = read_bytes(csv_bytes([["Nosaukums", "Piezīme"], ["'=Skola", "'-5"], ["'Ābeles", "x"]]))
    assert sheet.rows[1][1] == ["=Skola", "-5"]
    assert sheet.rows[2][1][0] == "'Ābeles"


def test_it_refuses_text_in_an_unknown_encoding():
    # Russian school names in DOS Cyrillic (cp866): neither UTF-8 nor Windows-1257.
    data = "\u0428\u043a\u043e\u043b\u0430 \u21161;\u0420\u0438\u0433\u0430\n".encode("cp866")
    with pytest.raises(ImportFileError, match="neither UTF-8 nor Windows-1257"):
        read_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"%PDF-1.7\n" + bytes(range(0, 32)) * 100,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 500,
    ],
    ids=["random-bytes", "pdf", "png"],
)
def test_it_refuses_binary_garbage(data):
    with pytest.raises(ImportFileError, match="not a CSV, XLSX or ODS file"):
        read_bytes(data)


def test_it_refuses_an_old_excel_file_with_advice():
    with pytest.raises(ImportFileError, match=r"Old Excel files \(.xls\)"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_it_refuses_a_zip_that_is_not_a_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError, match="not a CSV, XLSX or ODS file"):
        read_bytes(out.getvalue())


def test_it_refuses_an_empty_file():
    with pytest.raises(ImportFileError, match="empty"):
        read_bytes(b"")
