"""``manage.py export WHAT PATH``: the same rows as the page, written to a file."""

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venues():
    factory.make_venue(
        name="Ludzas novada vidusskola", municipality=factory.municipality("Ludzas novads")
    )
    factory.make_venue(name="Hostelis Ezers", kind="hostel")


def test_it_writes_a_filtered_csv(tmp_path, venues, capsys):
    path = tmp_path / "schools.csv"
    call_command("export", "venues", str(path), "--filter", "kind=school", "--language", "en")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,name,kind,")
    assert [line.split(",")[1] for line in lines[1:]] == ["Ludzas novada vidusskola"]
    assert "1 row of venues written" in capsys.readouterr().out


def test_it_takes_the_format_from_the_file_name(tmp_path, venues):
    path = tmp_path / "venues.xlsx"
    call_command("export", "venues", str(path), "--language", "en")
    sheet = openpyxl.load_workbook(path).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Hostelis Ezers",
        "Ludzas novada vidusskola",
    ]


def test_it_writes_headers_in_latvian_when_asked(tmp_path, venues):
    path = tmp_path / "venues.csv"
    call_command("export", "venues", str(path), "--language", "lv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[1] != "name"


def test_it_refuses_a_filter_the_list_does_not_accept(tmp_path, venues):
    with pytest.raises(CommandError, match="kind"):
        call_command("export", "venues", str(tmp_path / "x.csv"), "--filter", "kind=castle")
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("export", "venues", str(tmp_path / "x.csv"), "--filter", "kind")
    assert not (tmp_path / "x.csv").exists()


def test_it_writes_semicolon_csv(tmp_path, venues):
    path = tmp_path / "venues.csv"
    call_command("export", "venues", str(path), "--delimiter", ";", "--language", "en")
    assert path.read_text(encoding="utf-8-sig").startswith("id;name;kind;")
