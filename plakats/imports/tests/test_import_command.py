"""``manage.py import_venues``: the preview on the terminal, then one transaction or an error."""

import io

import pytest
from django.core.management import CommandError, call_command

from plakats.core.tests import factory
from plakats.imports.models import ImportRun
from plakats.venues.models import Venue

from .import_files import SCHOOLS, SCHOOLS_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_venues", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_register_and_records_the_run(tmp_path):
    path = tmp_path / "skolas.csv"
    path.write_bytes(csv_bytes([SCHOOLS_HEADER, *SCHOOLS]))
    out, _err = run(path, kind="school", source="VIIS")
    assert "Rows: 3. To create: 3, to update: 0, unchanged: 0" in out
    assert "Imported: 3 created, 0 updated, 0 unchanged, 0 skipped" in out
    assert Venue.objects.filter(external_source="VIIS").count() == 3
    recorded = ImportRun.objects.get()
    assert (recorded.file_name, recorded.status, recorded.created, recorded.source) == (
        "skolas.csv",
        "committed",
        3,
        "VIIS",
    )
    assert len(recorded.sha256) == 64


def test_it_writes_nothing_on_a_dry_run(tmp_path):
    path = tmp_path / "skolas.xlsx"
    path.write_bytes(xlsx_bytes([SCHOOLS_HEADER, *SCHOOLS], title_rows=[["Reģistrs"], []]))
    out, _err = run(path, kind="school", dry_run=True)
    assert "Header in row 3." in out
    assert "To create: 3" in out
    assert Venue.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_it_exits_with_an_error_and_lists_the_rows(tmp_path):
    path = tmp_path / "skolas.csv"
    path.write_bytes(
        csv_bytes([SCHOOLS_HEADER, *SCHOOLS, ["0004126", "", "Iela 1, Cēsis", "", ""]])
    )
    with pytest.raises(CommandError, match="1 rows have errors, so nothing was imported"):
        run(path, kind="school")
    assert Venue.objects.count() == 0
    out, _err = run(path, kind="school", skip_errors=True)
    assert "row 5, “Iestādes nosaukums” (error): The name is missing." in out
    assert Venue.objects.count() == 3


def test_it_needs_to_be_told_what_to_do_with_likely_duplicates(tmp_path):
    factory.make_venue(
        name="Ķekavas vidusskola", municipality=factory.municipality("Ķekavas novads")
    )
    path = tmp_path / "skolas.csv"
    path.write_bytes(csv_bytes([SCHOOLS_HEADER, *SCHOOLS]))
    with pytest.raises(CommandError, match="likely duplicates in rows 2"):
        run(path, kind="school")
    out, _err = run(path, kind="school", duplicates="merge")
    assert "row 2 “Ķekavas vidusskola” looks like: #" in out
    assert "2 created, 1 updated" in out
    assert Venue.objects.count() == 3


def test_it_refuses_a_file_without_a_name_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([["Adrese", "Novads"], ["Iela 1", "Cēsu novads"]]))
    with pytest.raises(CommandError, match="Choose the column that holds the venue's name"):
        run(path, kind="school")


def test_it_shows_progress_for_a_big_file(tmp_path):
    rows = [["Reģ. Nr.", "Nosaukums", "Novads"]] + [
        [f"{n:07d}", f"Skola {n}", "Cēsu novads"] for n in range(1, 2501)
    ]
    path = tmp_path / "liels.csv"
    path.write_bytes(csv_bytes(rows))
    out, err = run(path, kind="school", source="VIIS")
    assert "\r500 / 2500 rows checked" in err
    assert "2500 / 2500 rows checked\n" in err
    assert "Imported: 2500 created" in out
    assert Venue.objects.count() == 2500
    assert Venue.history.count() == 2500
