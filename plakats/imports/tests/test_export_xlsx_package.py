"""The streamed XLSX package: text kept exactly, odd values, titles, any kind of target."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from plakats.imports.exports import write_export


def _sheet(rows, columns=(("value", lambda row: row),), title="venues", target=None):
    buffer = target or io.BytesIO()
    count = write_export(buffer, list(columns), rows, "xlsx", title=title)
    data = buffer.getvalue()
    return count, openpyxl.load_workbook(io.BytesIO(data)).active


def test_it_keeps_markup_quotes_and_spaces_in_text():
    texts = ['Skola "Ziemeļi" & <Co>', "  two spaces before", "line one\nline two", "]]>"]
    _count, sheet = _sheet(texts)
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == texts


def test_it_writes_numbers_that_excel_has_and_text_for_those_it_has_not():
    _count, sheet = _sheet([Decimal("-1.50"), 2.5, float("inf"), float("nan"), 10**15, True])
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        -1.5,
        2.5,
        "inf",
        "nan",
        10**15,
        True,
    ]


def test_it_cuts_text_at_excels_limit_and_leaves_empty_text_out():
    _count, sheet = _sheet(["x" * 40_000, "", "\x07"])
    assert len(sheet["A2"].value) == 32_767
    assert (sheet["A3"].value, sheet["A4"].value) == (None, None)


def test_it_names_the_sheet_and_its_filter_even_with_an_apostrophe():
    buffer = io.BytesIO()
    write_export(buffer, [("a", lambda r: r), ("b", lambda r: r)], [1, 2], "xlsx", title="Jāņa's")
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Jāņa's"]
    assert workbook.active.auto_filter.ref == "A1:B3"
    names = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).namelist()
    assert "xl/worksheets/sheet1.xml" in names


class _Unseekable(io.RawIOBase):
    """A pipe-like target (``manage.py export -o -`` writes to standard output)."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def getvalue(self):
        return b"".join(self.chunks)


def test_it_writes_to_a_target_that_cannot_seek():
    count, sheet = _sheet(["Rēzekne", "Rīga"], target=_Unseekable())
    assert count == 2
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["value", "Rēzekne", "Rīga"]


def test_it_passes_on_a_failure_while_reading_rows():
    def rows():
        yield "first"
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        write_export(io.BytesIO(), [("value", lambda row: row)], rows(), "xlsx")
