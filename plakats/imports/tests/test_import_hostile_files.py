"""Hostile or oversized files get a clear error before anything heavy happens, and write nothing."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from plakats.imports.reading import ImportFileError, read_bytes, read_path
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, ods_bytes, replace_in_zip, xlsx_bytes

BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE worksheet [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


def _sparse_file(tmp_path, size: int):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(b"Nosaukums;Adrese\n")
        handle.truncate(size)
    return path


def test_it_refuses_a_50_megabyte_file_without_reading_it(tmp_path):
    path = _sparse_file(tmp_path, 50 * 1024 * 1024)
    with pytest.raises(ImportFileError, match=r"The file is 50\.0.MB; files of at most 20\.0.MB"):
        read_path(path)


def test_it_takes_the_size_cap_from_the_settings(tmp_path, settings):
    settings.PLAKATS_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError, match="at most 1000"):
        read_bytes(b"Nosaukums;Adrese\n" + b"A;B\n" * 300)


def _zip_with_zeros(megabytes: int) -> bytes:
    """An XLSX-looking zip whose sheet unpacks to ``megabytes`` of zeros (about 20 KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (megabytes * 1024 * 1024))
    return out.getvalue()


def test_it_refuses_a_zip_bomb_by_its_compression_ratio():
    data = _zip_with_zeros(20)
    assert len(data) < 100_000
    with pytest.raises(ImportFileError, match="compressed suspiciously well"):
        read_bytes(data)


def test_it_refuses_a_spreadsheet_that_would_unpack_beyond_the_cap(settings):
    settings.PLAKATS_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    data = xlsx_bytes([SCHOOLS_HEADER, *SCHOOLS] * 2000)
    with pytest.raises(ImportFileError, match=r"would unpack to .* more than the 1\.0.MB allowed"):
        read_bytes(data)


def test_it_refuses_xml_entity_expansion_in_an_xlsx():
    data = replace_in_zip(
        xlsx_bytes([["Nosaukums"], ["A"]]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS
    )
    with pytest.raises(ImportFileError, match="XML entity declarations"):
        read_bytes(data)


def test_it_refuses_xml_entity_expansion_in_the_workbook_part():
    book = xlsx_bytes([["Nosaukums"], ["A"]])
    workbook = zipfile.ZipFile(io.BytesIO(book)).read("xl/workbook.xml")
    body = workbook.split(b"?>", 1)[1] if workbook.startswith(b"<?xml") else workbook
    hostile = b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]>' + body
    with pytest.raises(ImportFileError, match="XML entity declarations"):
        read_bytes(replace_in_zip(book, "xl/workbook.xml", hostile))


def test_it_refuses_xml_entity_expansion_in_an_ods():
    content = (
        b'<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaa">]>'
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
        b"<office:body>&a;</office:body></office:document-content>"
    )
    data = replace_in_zip(ods_bytes([["Nosaukums"], ["A"]]), "content.xml", content)
    with pytest.raises(ImportFileError, match="XML entity declarations"):
        read_bytes(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02garbage" * 1000, "not a CSV, XLSX or ODS file"),
        (_zip_with_zeros(20), "compressed suspiciously well"),
        (
            replace_in_zip(xlsx_bytes([["N"], ["A"]]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS),
            "XML entity declarations",
        ),
    ],
    ids=["garbage", "zip-bomb", "entities"],
)
def test_it_writes_nothing_from_a_hostile_file_on_the_command_line(tmp_path, content, message):
    path = tmp_path / "register.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_venues", str(path), kind="school", stdout=io.StringIO())
    assert Venue.objects.count() == 0
