"""Matching against the register: re-imports change nothing, newer versions update what changed."""

import pytest

from plakats.core.history import history_entries
from plakats.core.tests import factory
from plakats.imports.venue_import import Action
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, import_file, plan_for, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_it_changes_nothing_when_the_same_file_is_imported_again():
    data = csv_bytes([SCHOOLS_HEADER, *SCHOOLS])
    import_file(data)
    before = list(Venue.objects.order_by("pk").values())
    history_before = Venue.history.count()
    plan, result = import_file(data)
    assert plan.counts["unchanged"] == 3
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Venue.objects.order_by("pk").values()) == before
    assert Venue.history.count() == history_before == 3


def test_it_changes_nothing_when_a_file_without_ids_is_imported_again():
    rows = [["Nosaukums", "Adrese"], ["Ķekavas vidusskola", "Gaismas iela 9, Ķekava"]]
    import_file(csv_bytes(rows))
    _plan, result = import_file(xlsx_bytes(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Venue.objects.count() == 1


def test_it_updates_only_the_changed_rows_of_a_newer_version(users):
    import_file(csv_bytes([SCHOOLS_HEADER, *SCHOOLS]), file_name="skolas-2023.csv")
    newer = [list(row) for row in SCHOOLS]
    newer[1][4] = "info@rvpg.lv"
    newer[2][2] = "Rīgas iela 103, Līvāni"
    plan, result = import_file(
        csv_bytes([SCHOOLS_HEADER, *newer]), file_name="skolas-2024.csv", user=users["coordinator"]
    )
    assert {row.row: row.changes for row in plan.rows if row.action == Action.UPDATE} == {
        3: {"email": ("pg@rezekne.lv", "info@rvpg.lv")},
        4: {"address": ("Domes iela 1, Līvāni", "Rīgas iela 103, Līvāni")},
    }
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    school = Venue.objects.get(external_id="0004124")
    assert school.email == "info@rvpg.lv"
    newest, first = history_entries(school)
    assert newest.record.history_change_reason == "Import skolas-2024.csv"
    assert newest.record.history_user == users["coordinator"]
    assert newest.record.history_type == "~"
    assert [(c["label"], c["old"], c["new"]) for c in newest.changes] == [
        ("e-mail", "pg@rezekne.lv", "info@rvpg.lv")
    ]
    assert (first.record.history_type, first.record.history_change_reason) == (
        "+",
        "Import skolas-2023.csv",
    )
    untouched = Venue.objects.get(external_id="0004123")
    assert untouched.history.count() == 1


def test_it_keeps_the_venues_own_spelling_when_the_register_shouts():
    venue = factory.make_venue(
        name="Ķekavas vidusskola",
        external_source="VIIS",
        external_id="0004123",
        municipality=factory.municipality("Ķekavas novads"),
    )
    rows = [["Reģ. Nr.", "Nosaukums"], ["0004123", "ĶEKAVAS VIDUSSKOLA"]]
    _plan, result = import_file(csv_bytes(rows))
    assert (result.updated, result.unchanged) == (0, 1)
    venue.refresh_from_db()
    assert venue.name == "Ķekavas vidusskola"


def test_it_does_not_erase_what_an_empty_cell_leaves_out():
    factory.make_venue(
        name="Ķekavas vidusskola",
        external_source="VIIS",
        external_id="0004123",
        email="kvs@kekava.lv",
        municipality=factory.municipality("Ķekavas novads"),
    )
    rows = [["Reģ. Nr.", "Nosaukums", "E-pasts"], ["0004123", "Ķekavas vidusskola", ""]]
    _plan, result = import_file(csv_bytes(rows))
    assert result.unchanged == 1
    assert Venue.objects.get().email == "kvs@kekava.lv"


def test_it_moves_a_venue_to_its_new_municipality_and_drops_a_parish_outside_it():
    rezekne_novads = factory.municipality("Rēzeknes novads")
    venue = factory.make_venue(
        name="Maltas vidusskola",
        external_source="VIIS",
        external_id="0004200",
        municipality=factory.municipality("Rīga"),
        place=rezekne_novads.places.first(),
    )
    rows = [["Reģ. Nr.", "Nosaukums", "Novads"], ["0004200", "Maltas vidusskola", "Ludzas novads"]]
    plan, _result = import_file(csv_bytes(rows))
    assert set(plan.rows[0].changes) == {"municipality_id", "place_id"}
    venue.refresh_from_db()
    assert (venue.municipality.name, venue.place) == ("Ludzas novads", None)


def test_it_lists_a_likely_duplicate_and_merges_it_when_asked():
    kekava = factory.municipality("Ķekavas novads")
    typed = factory.make_venue(name="Ķekavas vidusskola", municipality=kekava)
    rows = [
        ["Reģ. Nr.", "Nosaukums", "Novads"],
        ["0004123", "Ķekavas vidusskola.", "Ķekavas novads"],
    ]
    plan = plan_for(csv_bytes(rows))
    [row] = plan.rows
    assert (row.action, row.candidates) == (
        Action.DUPLICATE,
        [(typed.pk, "Ķekavas vidusskola", 100)],
    )
    _plan, result = import_file(csv_bytes(rows), decisions={"2": f"merge:{typed.pk}"})
    assert (result.created, result.updated) == (0, 1)
    typed.refresh_from_db()
    assert (typed.external_source, typed.external_id, typed.name) == (
        "VIIS",
        "0004123",
        "Ķekavas vidusskola.",
    )


def test_it_skips_or_creates_a_likely_duplicate_as_chosen():
    kekava = factory.municipality("Ķekavas novads")
    factory.make_venue(name="Ķekavas vidusskola", municipality=kekava)
    rows = [
        ["Reģ. Nr.", "Nosaukums", "Novads"],
        ["0004123", "Kekavas vidusskola", "Ķekavas novads"],
    ]
    _plan, skipped = import_file(csv_bytes(rows), decisions={"2": "skip"})
    assert (skipped.created, skipped.skipped, Venue.objects.count()) == (0, 1, 1)
    _plan, created = import_file(csv_bytes(rows), default_choice="create")
    assert (created.created, Venue.objects.count()) == (1, 2)


def test_it_refuses_to_guess_what_to_do_with_a_likely_duplicate():
    factory.make_venue(
        name="Ķekavas vidusskola", municipality=factory.municipality("Ķekavas novads")
    )
    rows = [
        ["Reģ. Nr.", "Nosaukums", "Novads"],
        ["0004123", "Kekavas vidusskola", "Ķekavas novads"],
    ]
    from plakats.imports.reading import ImportFileError

    with pytest.raises(ImportFileError, match="likely duplicates in rows 2"):
        import_file(csv_bytes(rows))
    assert Venue.objects.count() == 1


def test_it_does_not_take_a_school_with_another_number_for_a_duplicate():
    riga = factory.municipality("Rīga")
    factory.make_venue(name="Rīgas 1. vidusskola", municipality=riga)
    rows = [["Reģ. Nr.", "Nosaukums", "Novads"], ["0004300", "Rīgas 2. vidusskola", "Rīga"]]
    [row] = plan_for(csv_bytes(rows)).rows
    assert row.action == Action.CREATE


def test_it_looks_for_duplicates_only_in_the_same_municipality():
    factory.make_venue(name="Ķekavas vidusskola", municipality=factory.municipality("Rīga"))
    rows = [
        ["Reģ. Nr.", "Nosaukums", "Novads"],
        ["0004123", "Ķekavas vidusskola", "Ķekavas novads"],
    ]
    [row] = plan_for(csv_bytes(rows)).rows
    assert row.action == Action.CREATE


def test_it_refuses_the_same_external_id_twice_in_one_file():
    rows = [SCHOOLS_HEADER, SCHOOLS[0], ["0004123", "Cita skola", "Skolas iela 1, Ķekava", "", ""]]
    plan = plan_for(csv_bytes(rows))
    assert [(i.row, i.message) for i in plan.issues()] == [(3, "The same external id as row 2.")]
