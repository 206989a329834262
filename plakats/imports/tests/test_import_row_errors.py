"""Row errors say row, column and what is wrong; with errors nothing is written unless skipped."""

from unittest import mock

import pytest
from django.db import IntegrityError

from plakats.core.tests import factory
from plakats.imports.reading import ImportFileError
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, import_file, plan_for, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Nosaukums", "Tips", "Adrese", "Novads", "E-pasts", "Mājaslapa", "Platums", "Garums"]


def test_it_names_the_row_the_column_and_the_problem():
    rows = [
        HEADER,
        ["Cēsu Valsts ģimnāzija", "skola", "Leona Paegles iela 1", "Cēsu novads", "", "", "", ""],
        ["", "skola", "Skolas iela 1", "Cēsu novads", "", "", "", ""],
        ["Zvaigžņu skola", "planetārijs", "Skolas iela 2", "Cēsu novads", "", "", "", ""],
        ["Mēness skola", "skola", "Skolas iela 3", "Atlantīdas novads", "x@", "", "", ""],
        ["Draugiem lapa", "sociālais tīkls", "", "", "", "", "", ""],
        ["Saules skola", "skola", "", "", "", "ftp://x", "91", "24"],
        ["Zemes skola", "skola", "Skolas iela 4", "Cēsu novads", "", "", "57,1", ""],
    ]
    plan = plan_for(csv_bytes(rows), default_kind="")
    assert [(i.row, i.column, i.message) for i in plan.issues()] == [
        (3, "Nosaukums", "The name is missing."),
        (
            4,
            "Tips",
            "Unknown kind of venue “planetārijs”. Use one of: school, employment agency "
            "branch, youth or children's centre, hostel, library, social service, crisis centre, "
            "partner office, website, social network page, other.",
        ),
        (5, "E-pasts", "“x@” is not an e-mail address."),
        (
            5,
            "Novads",
            "Unknown municipality “Atlantīdas novads” (not even as an old name or code).",
        ),
        (6, "Mājaslapa", "An online venue needs a web address."),
        (7, "Mājaslapa", "“ftp://x” is not a web address."),
        (7, "Platums", "“91” is not a valid coordinate."),
        (8, "Garums", "Give both latitude and longitude, or neither."),
    ]
    assert plan.counts == {
        "create": 1,
        "update": 0,
        "unchanged": 0,
        "duplicate": 0,
        "error": 6,
        "rows": 7,
        "warnings": 0,
    }


def test_it_writes_nothing_when_rows_have_errors():
    rows = [SCHOOLS_HEADER, *SCHOOLS, ["0004126", "Skola bez adreses", "", "", "nav-e-pasts"]]
    with pytest.raises(ImportFileError, match="1 rows have errors, so nothing was imported"):
        import_file(csv_bytes(rows))
    assert Venue.objects.count() == 0


def test_it_imports_the_valid_rows_when_told_to_skip_the_others():
    rows = [SCHOOLS_HEADER, *SCHOOLS, ["0004126", "Skola bez adreses", "", "", "nav-e-pasts"]]
    _plan, result = import_file(csv_bytes(rows), skip_errors=True)
    assert (result.created, result.skipped, result.errors) == (3, 1, 1)
    assert not Venue.objects.filter(external_id="0004126").exists()


def test_it_reports_formulas_and_writes_nothing():
    rows = [
        ["Nosaukums", "Adrese", "Reģ. Nr."],
        ["Ķekavas vidusskola", "Gaismas iela 9, Ķekava", "0004123"],
        ['=A2&" filiāle"', "Gaismas iela 11, Ķekava", "0004124"],
        ["Baložu vidusskola", "Skolas iela 1, Baloži", '=TEXT(4125,"0000000")'],
    ]
    plan = plan_for(xlsx_bytes(rows))
    assert [(i.row, i.column) for i in plan.issues()] == [(3, "Nosaukums"), (4, "Reģ. Nr.")]
    assert plan.issues()[0].message == (
        'The cell holds a formula (=A2&" filiāle"); formulas are not imported. '
        "Paste the values instead."
    )
    with pytest.raises(ImportFileError, match="2 rows have errors"):
        import_file(xlsx_bytes(rows))
    assert Venue.objects.count() == 0


def test_it_writes_nothing_when_the_register_changes_under_it():
    data = csv_bytes([SCHOOLS_HEADER, *SCHOOLS])
    with (
        mock.patch("plakats.imports.bulk.write_history", side_effect=IntegrityError("clash")),
        pytest.raises(ImportFileError, match="The register changed while this file"),
    ):
        import_file(data)
    assert Venue.objects.count() == 0
    assert Venue.history.count() == 0


def test_it_leaves_out_a_note_below_the_table_and_says_so():
    rows = [SCHOOLS_HEADER, *SCHOOLS, ["Avots: VIIS, 2024. gada 1. septembris"]]
    plan, result = import_file(xlsx_bytes(rows))
    assert result.created == 3
    assert [(i.row, i.message) for i in plan.issues(warnings=True)] == [
        (5, "Left out: a single cell below the table (a note or a total?).")
    ]


def test_it_refuses_a_second_row_for_the_venue_a_row_already_updates():
    factory.make_venue(
        name="Ķekavas vidusskola", municipality=factory.municipality("Ķekavas novads")
    )
    rows = [
        ["Nosaukums", "Novads", "Tālrunis"],
        ["Ķekavas vidusskola", "Ķekavas novads", "67931234"],
        ["ĶEKAVAS VIDUSSKOLA", "Ķekavas novads", "67935555"],
    ]
    plan = plan_for(csv_bytes(rows))
    assert [(i.row, i.column, i.message) for i in plan.issues()] == [
        (3, "Nosaukums", "The same name and municipality as row 2.")
    ]
