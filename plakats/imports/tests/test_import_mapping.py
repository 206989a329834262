"""Column mapping: headers found below title rows, named in Latvian or English, remembered."""

import pytest

from plakats.imports.mapping import (
    check_mapping,
    detect_mapping,
    field_of_header,
    find_header,
    layout_of,
    normalise_header,
    remember_mapping,
)
from plakats.imports.reading import read_bytes

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, xlsx_bytes


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Iestādes nosaukums", "name"),
        ("NOSAUKUMS", "name"),
        ("Name", "name"),
        ("Adrese", "address"),
        ("Juridiskā adrese", "address"),
        ("Address", "address"),
        ("Novads/valstspilsēta", "municipality"),
        ("Pašvaldība", "municipality"),
        ("ATVK", "municipality_code"),
        ("Reģistrācijas Nr.", "external_id"),
        ("Reģ. Nr.", "external_id"),
        ("reg.nr", "external_id"),
        ("E-pasts", "email"),
        ("E-pasta adrese", "email"),
        ("Tālrunis", "phone"),
        ("Tips", "kind"),
        ("Kind", "kind"),
        ("Pasta indekss", "postal_code"),
        ("Direktors", "contact_name"),
        ("Vārds, uzvārds", "contact_name"),
        ("Piezīmes", ""),
    ],
)
def test_it_knows_latvian_and_english_header_names(header, field):
    assert field_of_header("venues", header) == field


def test_it_normalises_case_diacritics_and_punctuation():
    assert normalise_header("  Reģ. Nr. ") == "reg nr"
    assert normalise_header("E-PASTS") == "e pasts"


@pytest.mark.django_db
def test_it_finds_the_header_below_title_rows():
    data = xlsx_bytes([SCHOOLS_HEADER, *SCHOOLS], title_rows=[["Reģistrs"], ["Skolas, 2024"]])
    sheet = read_bytes(data)
    assert find_header(sheet.rows, "venues") == 2
    layout = layout_of(sheet, "venues")
    assert layout.header_row == 3
    assert [number for number, _cells in layout.rows] == [4, 5, 6]


def test_it_never_maps_personal_data_by_default():
    mapping, personal = detect_mapping("venues", ["Nosaukums", "Direktors", "Kontaktpersona"])
    assert mapping == ["name", "", ""]
    assert personal == [1, 2]


def test_it_maps_each_field_once():
    mapping, _personal = detect_mapping("venues", ["Nosaukums", "Adrese", "Juridiskā adrese"])
    assert mapping == ["name", "address", ""]


@pytest.mark.django_db
def test_it_remembers_a_confirmed_mapping_per_source_and_layout(users):
    headers = ["Skola", "Vieta", "Kods"]
    data = csv_bytes([headers, ["Ķekavas vidusskola", "Ķekava", "0004123"]])
    assert layout_of(read_bytes(data), "venues", source="VIIS").mapping == ["", "", ""]
    remember_mapping(
        "venues", "VIIS", headers, ["name", "address", "external_id"], users["coordinator"]
    )
    again = layout_of(read_bytes(data), "venues", source="VIIS")
    assert (again.mapping, again.remembered) == (["name", "address", "external_id"], True)
    other_source = layout_of(read_bytes(data), "venues", source="NVA")
    assert (other_source.mapping, other_source.remembered) == (["", "", ""], False)


def test_it_says_what_a_mapping_lacks():
    assert check_mapping("venues", ["", "address"]) == [
        "Choose the column that holds the venue's name.",
        "The file has no column for the kind of venue: choose one for the whole file.",
    ]
    assert check_mapping("venues", ["name", "name"], default_kind="school") == [
        "Two columns are mapped to “name”; choose one."
    ]
    assert check_mapping("venues", ["name", "kind"]) == []
