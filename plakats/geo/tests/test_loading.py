"""Loading a country's files: Latvia by the migration, another country by the command."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plakats.geo.loading import GeographyError, load_geography
from plakats.geo.models import GeoAlias, Municipality, Place, Region
from plakats.geo.resolver import clear_resolver_cache, get_resolver, resolve_municipality

LATVIA = Path(__file__).resolve().parents[1] / "data" / "lv"

TINY = {
    "regions.csv": "code,name\nnorth,North\nsouth,South\n",
    "municipalities.csv": (
        "code,name,kind,region_code\n"
        "ZZ01,Northby,state_city,north\n"
        "ZZ02,Fjell County,municipality,north\n"
        "ZZ03,Southmoor,municipality,south\n"
    ),
    "places.csv": (
        "code,name,kind,municipality_code\nZZ0201,Fjellvik,town,ZZ02\nZZ0301,Moorside,parish,ZZ03\n"
    ),
    "aliases.csv": (
        "kind,value,municipality_code,place_code,note\n"
        "name,Old Moor,ZZ03,,merged in 2020\n"
        "code,ZZ99,ZZ02,ZZ0201,\n"
    ),
}


@pytest.fixture(autouse=True)
def _fresh_resolver():
    clear_resolver_cache()
    yield
    clear_resolver_cache()


@pytest.fixture
def tiny(tmp_path):
    for name, text in TINY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def snapshot():
    return (
        list(Region.objects.order_by("pk").values()),
        list(Municipality.objects.order_by("pk").values()),
        list(Place.objects.order_by("pk").values()),
        list(GeoAlias.objects.order_by("pk").values()),
    )


def test_it_loaded_latvia_in_the_migration(db):
    assert Region.objects.filter(country="LV").count() == 5
    assert Municipality.objects.count() == 42
    assert Municipality.objects.filter(kind="state_city").count() == 7
    assert Place.objects.count() == 585
    assert GeoAlias.objects.count() == 9
    madona = Municipality.objects.get(code="0038001")
    assert (madona.name, madona.region.code) == ("Madonas novads", "vidzeme")
    assert Place.objects.get(code="0038231").municipality == madona
    assert GeoAlias.objects.get(kind="code", value="0055000").municipality == madona
    assert GeoAlias.objects.get(kind="name", value="Varakļānu novads").municipality == madona


def test_it_changes_nothing_when_latvia_is_loaded_again(db, django_assert_max_num_queries):
    before = snapshot()
    with django_assert_max_num_queries(12):
        counts = load_geography(LATVIA)
    assert counts == {
        "regions": 5,
        "municipalities": 42,
        "places": 585,
        "aliases": 9,
        "created": 0,
        "updated": 0,
    }
    assert snapshot() == before


def test_it_puts_back_what_differs_from_the_files(db):
    Municipality.objects.filter(code="0001000").update(name="Riga")
    Place.objects.filter(code="0038231").update(kind="parish")
    counts = load_geography(LATVIA)
    assert (counts["created"], counts["updated"]) == (0, 2)
    assert Municipality.objects.get(code="0001000").name == "Rīga"
    assert Place.objects.get(code="0038231").kind == "town"


def test_it_loads_a_second_country_beside_latvia(db, tiny):
    counts = load_geography(tiny, "ZZ")
    assert counts == {
        "regions": 2,
        "municipalities": 3,
        "places": 2,
        "aliases": 2,
        "created": 9,
        "updated": 0,
    }
    assert list(Region.objects.filter(country="ZZ").values_list("code", flat=True)) == [
        "north",
        "south",
    ]
    fjell = Municipality.objects.get(code="ZZ02")
    assert (fjell.name, fjell.kind, fjell.region.code) == ("Fjell County", "municipality", "north")
    assert Place.objects.get(code="ZZ0301").municipality.code == "ZZ03"
    alias = GeoAlias.objects.get(kind="code", value="ZZ99")
    assert (alias.municipality.code, alias.place.code) == ("ZZ02", "ZZ0201")
    assert Municipality.objects.filter(region__country="LV").count() == 42


def test_it_loads_a_country_idempotently(db, tiny):
    load_geography(tiny, "ZZ")
    before = snapshot()
    counts = load_geography(tiny, "ZZ")
    assert (counts["created"], counts["updated"]) == (0, 0)
    assert snapshot() == before


def test_it_loads_with_the_command(db, tiny):
    out = io.StringIO()
    call_command("load_geography", str(tiny), "--country", "zz", stdout=out)
    assert Municipality.objects.filter(region__country="ZZ").count() == 3
    assert "9" in out.getvalue()


def test_it_refuses_a_bad_row_and_writes_nothing(db, tiny):
    before = snapshot()
    (tiny / "places.csv").write_text(
        "code,name,kind,municipality_code\nZZ0201,Fjellvik,town,ZZ02\nZZ0301,Moorside,parish,ZZ07\n",
        encoding="utf-8",
    )
    with pytest.raises(GeographyError, match=r"places\.csv, row 3: .*ZZ07"):
        load_geography(tiny, "ZZ")
    assert snapshot() == before


def test_it_refuses_an_unknown_kind(db, tiny):
    (tiny / "municipalities.csv").write_text(
        "code,name,kind,region_code\nZZ01,Northby,city,north\n", encoding="utf-8"
    )
    with pytest.raises(GeographyError, match=r"municipalities\.csv, row 2: unknown kind"):
        load_geography(tiny, "ZZ")


def test_it_refuses_a_missing_file(db, tiny):
    (tiny / "aliases.csv").unlink()
    with pytest.raises(GeographyError, match=r"Missing file .*aliases\.csv"):
        load_geography(tiny, "ZZ")
    assert not Region.objects.filter(country="ZZ").exists()


def test_it_refuses_a_file_without_its_columns(db, tiny):
    (tiny / "regions.csv").write_text("code;name\nnorth;North\n", encoding="utf-8")
    with pytest.raises(GeographyError, match=r"regions\.csv: missing columns: code, name"):
        load_geography(tiny, "ZZ")


def test_it_refuses_to_take_over_another_countrys_codes(db, tiny):
    before = snapshot()
    (tiny / "places.csv").write_text(
        "code,name,kind,municipality_code\nZZ0201,Fjellvik,town,ZZ02\n0038231,Stolen,town,ZZ02\n",
        encoding="utf-8",
    )
    with pytest.raises(GeographyError, match=r"places\.csv, row 3: .*0038231.* LV"):
        load_geography(tiny, "ZZ")
    assert snapshot() == before


def test_it_refuses_a_bad_country_code(db, tiny):
    with pytest.raises(GeographyError):
        load_geography(tiny, "Zed")


def test_the_command_reports_a_bad_file(db, tmp_path):
    with pytest.raises(CommandError, match="Missing file"):
        call_command("load_geography", str(tmp_path), "--country", "ZZ")


def test_it_resolves_municipalities_from_the_database(db):
    madona = Municipality.objects.get(code="0038001")
    assert resolve_municipality("Rīgas iela 1, Varakļāni, Varakļānu nov., LV-4838") == madona
    assert resolve_municipality("Jelgavas").code == "0003000"
    assert resolve_municipality("Atlantis") is None
    assert get_resolver().resolve("0055200").municipality_pk == madona.pk


def test_it_resolves_a_loaded_country_after_loading(db, tiny):
    assert resolve_municipality("Old Moor") is None
    load_geography(tiny, "ZZ")
    assert resolve_municipality("Old Moor").code == "ZZ03"
    assert get_resolver("ZZ").resolve("Fjellvik").municipality_code == "ZZ02"
    assert get_resolver("ZZ").resolve("Rīga") is None


def test_it_sees_an_alias_added_in_the_admin(db):
    assert resolve_municipality("Vecmadona") is None
    GeoAlias.objects.create(
        kind="name", value="Vecmadona", municipality=Municipality.objects.get(code="0038001")
    )
    assert resolve_municipality("Vecmadona").code == "0038001"
