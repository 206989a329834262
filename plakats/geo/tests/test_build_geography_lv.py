"""build_geography_lv derives Latvia's country files from the CSB's ATVK export."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plakats.geo.files import read_country
from plakats.geo.management.commands.build_geography_lv import region_code

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "lv"
MERGER = "30.06.2024. Varakļānu novadu pievieno Madonas novadam"
SPLIT = "01.07.2022. atdala Ādažus no Ādažu pagasta"
HEADER = (
    "\ufeffKods,Nosaukums,Spēkā no,Spēkā līdz,Veiktās izmaiņas,"
    "Kods pirms izmaiņām,Kods pēc izmaiņām,Līmenis"
)
ATVK = f"""{HEADER}
0001000,Rīga,01.07.2021,,,,,1
0023000,Ādažu novads,01.07.2021,,,,,1
0023200,Ādaži,01.07.2022,,{SPLIT},0023400,,2
0023401,Ādažu pagasts,01.07.2022,,{SPLIT},0023400,,2
0038001,Madonas novads,30.06.2024,,{MERGER},0038000,,1
0038220,Madona,01.07.2021,,,,,2
0038231,Varakļāni,30.06.2024,,{MERGER},0055200,,2
0038591,Murmastienes pagasts,30.06.2024,,{MERGER},0055400,,2
0099000,Bijušais novads,01.07.2021,30.06.2024,,,,1
"""
PLANNING = """atvk,name,kind,planning_region
0001000,Rīga,valstspilsēta,Rīgas plānošanas reģions
0023000,Ādažu novads,novads,Rīgas plānošanas reģions
0038001,Madonas novads,novads,Vidzemes plānošanas reģions
"""


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "lv_atvk_2026-01-11.csv").write_text(ATVK, encoding="utf-8")
    (folder / "lv_municipalities_planning_regions.csv").write_text(PLANNING, encoding="utf-8")
    for name in ("lv_municipalities_2024.geojson", "lv_planning_regions_2024.geojson"):
        (folder / name).write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    return folder


@pytest.fixture
def built(source, tmp_path):
    output = tmp_path / "lv"
    call_command("build_geography_lv", source=source, output=output, stdout=io.StringIO())
    return output


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_it_names_regions_by_the_first_word_in_the_nominative():
    assert region_code("Rīgas plānošanas reģions") == "riga"
    assert region_code("Vidzemes plānošanas reģions") == "vidzeme"
    assert region_code("Latgales plānošanas reģions") == "latgale"


def test_it_writes_regions_and_current_municipalities(built):
    assert read(built / "regions.csv") == [
        "code,name",
        "riga,Rīgas plānošanas reģions",
        "vidzeme,Vidzemes plānošanas reģions",
    ]
    assert read(built / "municipalities.csv") == [
        "code,name,kind,region_code",
        "0001000,Rīga,state_city,riga",
        "0023000,Ādažu novads,municipality,riga",
        "0038001,Madonas novads,municipality,vidzeme",
    ]


def test_it_puts_places_in_the_unit_sharing_their_first_four_digits(built):
    assert read(built / "places.csv") == [
        "code,name,kind,municipality_code",
        "0023200,Ādaži,town,0023000",
        "0023401,Ādažu pagasts,parish,0023000",
        "0038220,Madona,town,0038001",
        "0038231,Varakļāni,town,0038001",
        "0038591,Murmastienes pagasts,parish,0038001",
    ]


def test_it_derives_old_codes_and_the_merged_novads(built):
    assert read(built / "aliases.csv") == [
        "kind,value,municipality_code,place_code,note",
        f'code,0023400,0023000,,"{SPLIT} (0023200 Ādaži, 0023401 Ādažu pagasts)"',
        f"code,0038000,0038001,,{MERGER}",
        f"code,0055000,0038001,,{MERGER}",
        f"code,0055200,0038001,0038231,{MERGER}",
        f"code,0055400,0038001,0038591,{MERGER}",
        f"name,Varakļānu novads,0038001,,{MERGER}",
    ]


def test_it_copies_the_maps(built):
    assert (built / "lv_municipalities_2024.geojson").exists()
    assert (built / "lv_planning_regions_2024.geojson").exists()


def test_it_writes_the_same_bytes_twice(source, built, tmp_path):
    again = tmp_path / "again"
    call_command("build_geography_lv", source=source, output=again, stdout=io.StringIO())
    for name in ("regions.csv", "municipalities.csv", "places.csv", "aliases.csv"):
        assert (again / name).read_bytes() == (built / name).read_bytes()


def test_it_refuses_a_planning_file_that_disagrees(source, tmp_path):
    (source / "lv_municipalities_planning_regions.csv").write_text(
        PLANNING.replace("Madonas novads,novads", "Madonas nov,novads"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="0038001"):
        call_command("build_geography_lv", source=source, output=tmp_path / "out")


def test_it_ships_latvia_with_every_unit():
    assert read_country(SHIPPED).counts() == {
        "regions": 5,
        "municipalities": 42,
        "places": 585,
        "aliases": 9,
    }
