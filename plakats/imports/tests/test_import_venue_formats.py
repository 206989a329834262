"""The same school list, in every form a register comes in, imports to the same venues."""

import pytest

from plakats.core.tests import factory
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, import_file, ods_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

TITLE_ROWS = [["Izglītības iestāžu reģistrs"], ["Stāvoklis 2024. gada 1. septembrī"]]
FORMS = {
    "semicolon-cp1257": lambda rows: csv_bytes(rows, delimiter=";", encoding="cp1257"),
    "semicolon-utf8-bom": lambda rows: csv_bytes(rows, delimiter=";", encoding="utf-8", bom=True),
    "comma-utf8": lambda rows: csv_bytes(rows, delimiter=","),
    "tab-utf8": lambda rows: csv_bytes(rows, delimiter="\t"),
    "xlsx-two-title-rows": lambda rows: xlsx_bytes(rows, title_rows=TITLE_ROWS),
    "ods-two-title-rows": lambda rows: ods_bytes(rows, title_rows=TITLE_ROWS),
}


@pytest.mark.parametrize("form", FORMS)
def test_it_imports_every_form_of_the_school_list_to_the_same_venues(form):
    plan, result = import_file(FORMS[form]([SCHOOLS_HEADER, *SCHOOLS]))
    assert plan.counts["create"] == 3
    assert (result.created, result.updated, result.errors) == (3, 0, 0)
    rows = list(
        Venue.objects.order_by("external_id").values_list(
            "external_source",
            "external_id",
            "name",
            "kind",
            "municipality__name",
            "address",
            "email",
        )
    )
    assert rows == [
        (
            "VIIS",
            "0004123",
            "Ķekavas vidusskola",
            "school",
            "Ķekavas novads",
            "Gaismas iela 9, Ķekava",
            "kvs@kekava.lv",
        ),
        (
            "VIIS",
            "0004124",
            "Rēzeknes Valsts poļu ģimnāzija",
            "school",
            "Rēzekne",
            "Varšavas iela 4, Rēzekne",
            "pg@rezekne.lv",
        ),
        (
            "VIIS",
            "0004125",
            "Līvānu 1. vidusskola",
            "school",
            "Līvānu novads",
            "Domes iela 1, Līvāni",
            "",
        ),
    ]


@pytest.mark.parametrize("form", ["xlsx-two-title-rows", "ods-two-title-rows"])
def test_it_reports_row_numbers_as_the_spreadsheet_shows_them(form):
    rows = [SCHOOLS_HEADER, *SCHOOLS, ["0004126", "", "Skolas iela 1, Cēsis", "", ""]]
    plan, result = import_file(FORMS[form](rows), skip_errors=True)
    # Two title rows, the header in row 3, schools in rows 4-6, the nameless one in row 7.
    assert [(i.row, i.column, i.message) for i in plan.issues()] == [
        (7, "Iestādes nosaukums", "The name is missing.")
    ]
    assert (result.created, result.skipped, result.errors) == (3, 1, 1)


def test_it_keeps_leading_zeros_typed_as_text_and_warns_when_a_number_lost_them():
    rows = [SCHOOLS_HEADER, SCHOOLS[0], [4124, "Rēzeknes Valsts poļu ģimnāzija", "", "Rēzekne", ""]]
    plan, result = import_file(xlsx_bytes(rows))
    assert result.created == 2
    assert sorted(Venue.objects.values_list("external_id", flat=True)) == ["0004123", "4124"]
    assert [(i.row, i.column, i.warning) for i in plan.issues(warnings=True)] == [
        (3, "Reģ. Nr.", True)
    ]
    assert "leading zeros may have been lost" in plan.issues(warnings=True)[0].message


def test_it_reads_upper_case_names_and_addresses():
    rows = [
        ["Nosaukums", "Adrese"],
        ["RĒZEKNES VALSTS POĻU ĢIMNĀZIJA", "VARŠAVAS IELA 4, RĒZEKNE, LV-4601"],
        ["ĶEKAVAS VIDUSSKOLA", "GAISMAS IELA 9, ĶEKAVA, ĶEKAVAS NOV."],
    ]
    _plan, result = import_file(csv_bytes(rows))
    assert result.created == 2
    venues = dict(Venue.objects.values_list("name", "municipality__name"))
    assert venues == {
        "RĒZEKNES VALSTS POĻU ĢIMNĀZIJA": "Rēzekne",
        "ĶEKAVAS VIDUSSKOLA": "Ķekavas novads",
    }


def test_it_maps_an_old_municipality_to_todays():
    rows = [
        ["Nosaukums", "Adrese", "Novads"],
        ["Varakļānu vidusskola", "Rīgas iela 1", "Varakļānu novads"],
    ]
    import_file(csv_bytes(rows))
    venue = Venue.objects.get()
    assert venue.municipality == factory.municipality("Madonas novads")


def test_it_finds_the_municipality_and_town_inside_the_address():
    rows = [["Nosaukums", "Adrese"], ["Līvānu 1. vidusskola", "Domes iela 1, Līvāni, LV-5316"]]
    import_file(csv_bytes(rows))
    venue = Venue.objects.select_related("municipality", "place").get()
    assert (venue.municipality.name, venue.place.name) == ("Līvānu novads", "Līvāni")
    assert venue.postal_code == ""


def test_it_takes_a_municipality_code_with_its_zeros_eaten_by_a_spreadsheet():
    rows = [["Nosaukums", "ATVK", "Adrese"], ["Madonas Valsts ģimnāzija", 38001, "Skolas iela 10"]]
    import_file(xlsx_bytes(rows))
    assert Venue.objects.get().municipality.name == "Madonas novads"


def test_it_cleans_postal_codes_e_mails_web_addresses_and_coordinates():
    rows = [
        ["Nosaukums", "Adrese", "Pasta indekss", "E-pasts", "Mājaslapa", "Platums", "Garums"],
        [
            "Cēsu Valsts ģimnāzija",
            "Leona Paegles iela 1, Cēsis",
            "4101",
            "a@cesis.lv; b@cesis.lv",
            "www.cvg.lv",
            "57,3119",
            "25,2706",
        ],
    ]
    plan, _result = import_file(csv_bytes(rows))
    venue = Venue.objects.get()
    assert (venue.postal_code, venue.email, venue.url) == (
        "LV-4101",
        "a@cesis.lv",
        "https://www.cvg.lv",
    )
    assert (str(venue.latitude), str(venue.longitude)) == ("57.311900", "25.270600")
    assert [i.message for i in plan.issues(warnings=True)] == [
        "Only the first e-mail address is kept: a@cesis.lv."
    ]


def test_it_reads_the_kind_from_the_registers_words():
    rows = [
        ["Nosaukums", "Tips", "Adrese"],
        ["Cēsu bibliotēka", "Bibliotēka", "Cēsis"],
        ["Valmieras jauniešu centrs", "Jauniešu centrs", "Valmiera"],
        ["Hostel Riga", "hostel", "Rīga"],
        ["Ogres tehnikums", "Profesionālās izglītības iestāde", "Ogre"],
    ]
    import_file(csv_bytes(rows), default_kind="")
    assert dict(Venue.objects.values_list("name", "kind")) == {
        "Cēsu bibliotēka": "library",
        "Valmieras jauniešu centrs": "youth_centre",
        "Hostel Riga": "hostel",
        "Ogres tehnikums": "school",
    }
