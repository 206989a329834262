"""Files as registers really come, written by the tests themselves: CSV, XLSX, ODS."""

import csv
import io
import zipfile

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from plakats.imports.mapping import layout_of
from plakats.imports.reading import read_bytes
from plakats.imports.venue_import import VenueOptions, analyse_venues, commit_venues

SCHOOLS_HEADER = ["Reģ. Nr.", "Iestādes nosaukums", "Adrese", "Novads/valstspilsēta", "E-pasts"]
SCHOOLS = [
    ["0004123", "Ķekavas vidusskola", "Gaismas iela 9, Ķekava", "Ķekavas novads", "kvs@kekava.lv"],
    [
        "0004124",
        "Rēzeknes Valsts poļu ģimnāzija",
        "Varšavas iela 4, Rēzekne",
        "Rēzekne",
        "pg@rezekne.lv",
    ],
    ["0004125", "Līvānu 1. vidusskola", "Domes iela 1, Līvāni", "Līvānu novads", ""],
]


def csv_bytes(rows, *, delimiter=";", encoding="cp1257", bom=False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, title_rows=(), sheet="Skolas") -> bytes:
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    for row in [*title_rows, *rows]:
        worksheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(rows, *, title_rows=(), sheet="Skolas") -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in [*title_rows, *rows]:
        table_row = TableRow()
        for value in row:
            if isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
            elif value in ("", None):
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
            if value not in ("", None):
                cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_in_zip(data: bytes, name: str, content: bytes) -> bytes:
    """Return a copy of a zip (XLSX, ODS) with one entry's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


def plan_for(
    data: bytes,
    *,
    source="VIIS",
    default_kind="school",
    file_name="skolas.csv",
    mapping=None,
    sheet="",
):
    layout = layout_of(read_bytes(data, sheet=sheet), "venues", source=source, mapping=mapping)
    options = VenueOptions(source=source, default_kind=default_kind, file_name=file_name)
    return analyse_venues(layout, options)


def import_file(
    data: bytes, *, decisions=None, default_choice="", skip_errors=False, user=None, **kwargs
):
    """Check and commit a file in one go; return the plan and the result."""
    plan = plan_for(data, **kwargs)
    result = commit_venues(
        plan,
        user=user,
        decisions=decisions,
        default_choice=default_choice,
        skip_errors=skip_errors,
    )
    return plan, result
