"""``manage.py import_placements``: a past campaign's spreadsheet becomes placements with events."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from plakats.core.tests import factory
from plakats.distribution.models import Placement, PlacementEvent
from plakats.imports.models import ImportRun

from .import_files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kekava = factory.municipality("Ķekavas novads")
    campaign = factory.make_campaign(
        name="Droši ārzemēs 2014", starts_on=date(2014, 1, 1), ends_on=date(2015, 12, 31)
    )
    material = factory.make_material(name="A2 plakāts: Droša darbs ārzemēs")
    return {
        "campaign": campaign,
        "edition": factory.make_edition(material=material, language="lv", version="2014-1"),
        "edition_ru": factory.make_edition(material=material, language="ru", version="2014-1"),
        "school": factory.make_venue(
            name="Ķekavas vidusskola",
            external_source="VIIS",
            external_id="0004123",
            municipality=kekava,
        ),
        "library": factory.make_venue(
            name="Baložu bibliotēka", kind="library", municipality=kekava
        ),
    }


def run(path, **options):
    out = io.StringIO()
    call_command("import_placements", str(path), stdout=out, **options)
    return out.getvalue()


ROWS = [
    ["Reģ. Nr.", "Iestāde", "Novads", "Izdevums", "Skaits", "Datums", "Piegāde", "Izvietojums"],
    [
        "0004123",
        "",
        "",
        "A2 plakāts: Droša darbs ārzemēs / lv / 2014-1",
        "2",
        "01.09.2014",
        "piegādāts",
        "izvietots",
    ],
    [
        "",
        "Baložu bibliotēka",
        "Ķekavas novads",
        "A2 plakāts: Droša darbs ārzemēs / krievu / 2014-1",
        "1",
        "2014-10-15",
        "sent",
        "",
    ],
]


def test_it_records_placements_and_their_steps_as_import_events(tmp_path, world):
    path = tmp_path / "2014.csv"
    path.write_bytes(csv_bytes(ROWS))
    out = run(path, campaign="Droši ārzemēs 2014")
    assert "Imported: 2 placements created, 0 already recorded." in out
    school = Placement.objects.get(venue=world["school"])
    assert (school.edition, school.quantity, school.delivery, school.display) == (
        world["edition"],
        2,
        "delivered",
        "displayed",
    )
    library = Placement.objects.get(venue=world["library"])
    assert (library.edition, library.delivery, library.display) == (
        world["edition_ru"],
        "sent",
        "unknown",
    )
    events = PlacementEvent.objects.filter(placement=school).order_by("id")
    assert [(e.axis, e.old_value, e.new_value, e.source) for e in events] == [
        ("delivery", "planned", "delivered", "import"),
        ("display", "unknown", "displayed", "import"),
    ]
    assert {e.occurred_at.date() for e in events} == {date(2014, 9, 1)}
    assert ImportRun.objects.get().kind == "placements"


def test_it_changes_nothing_when_the_same_file_is_imported_again(tmp_path, world):
    path = tmp_path / "2014.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    run(path, campaign="Droši ārzemēs 2014")
    out = run(path, campaign="Droši ārzemēs 2014")
    assert "Imported: 0 placements created, 2 already recorded." in out
    assert Placement.objects.count() == 2
    assert PlacementEvent.objects.count() == 3


def test_it_names_each_bad_row_and_writes_nothing(tmp_path, world):
    rows = [
        *ROWS,
        ["0009999", "", "", "A2 plakāts: Droša darbs ārzemēs / lv / 2014-1", "1", "", "", ""],
        ["", "Baložu biblotēka", "Ķekavas novads", "Nav tāda / lv / 1", "0", "31.02.2014", "", ""],
        [
            "0004123",
            "",
            "",
            "A2 plakāts: Droša darbs ārzemēs / lv / 2014-1",
            "1",
            "",
            "sent",
            "izvietots",
        ],
    ]
    path = tmp_path / "2014.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="3 rows have errors, so nothing was imported"):
        run(path, campaign="Droši ārzemēs 2014")
    assert Placement.objects.count() == 0
    out = run(path, campaign="Droši ārzemēs 2014", dry_run=True, skip_errors=True)
    assert "row 4, “Reģ. Nr.” (error): No venue has the external id 0009999." in out
    assert "row 5, “Izdevums” (error): There is no edition “Nav tāda / lv / 1”." in out
    assert "row 5, “Skaits” (error): “0” is not a whole number above zero." in out
    assert "row 5, “Datums” (error): “31.02.2014” is not a date" in out
    assert (
        "row 5, “Iestāde” (error): No venue “Baložu biblotēka” in this municipality. "
        "Did you mean “Baložu bibliotēka”?" in out
    )
    assert "row 6, “Izvietojums” (error): Only a delivered placement can be on display." in out
    assert "row 6, “Reģ. Nr.”" not in out


def test_it_refuses_an_unknown_campaign(tmp_path, world):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="There is no campaign “Cita”"):
        run(path, campaign="Cita")
