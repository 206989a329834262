"""Derive Latvia's country files (``plakats/geo/data/lv``) from the shared reference data.

Reads the newest ``lv_atvk_*.csv`` (the CSB's ATVK export) and
``lv_municipalities_planning_regions.csv`` from ``--source`` and writes the
four files of the country shape (see ``plakats.geo.files``), then copies the
two GeoJSON files next to them. Running it again on the same input writes the
same bytes.

Derivation rules:

- A region's code is the first word of its name, de-accented and lowercased,
  with the genitive ``-s`` dropped: "Rīgas plānošanas reģions" -> ``riga``,
  "Vidzemes …" -> ``vidzeme``; these match the NGO's regional offices.
- Level 1 units are municipalities (``valstspilsēta`` -> ``state_city``,
  ``novads`` -> ``municipality``), level 2 units are places (``parish`` when
  the name ends in "pagasts", else ``town``). A place belongs to the level 1
  unit whose code shares its first four digits (0038231 -> 0038001).
- Units with an end date ("Spēkā līdz") are gone and skipped.
- Every "Kods pirms izmaiņām" becomes an old-code alias of the unit that
  replaced it; an old code split into several units points at their (common)
  municipality only. When a unit moved to another level 1 unit that no longer
  exists (0055200 -> 0038231), the old level 1 code (0055000) becomes an alias
  of the new municipality, and its name is read from the change text
  ("Varakļānu novadu pievieno Madonas novadam" -> "Varakļānu novads").
"""

import csv
import re
import shutil
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plakats.geo import files
from plakats.geo.resolver import normalise

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "data" / "lv"
ATVK_PATTERN = "lv_atvk_*.csv"
REGIONS_SOURCE = "lv_municipalities_planning_regions.csv"
GEOJSON = ("lv_municipalities_2024.geojson", "lv_planning_regions_2024.geojson")
ATVK_COLUMNS = (
    "Kods",
    "Nosaukums",
    "Spēkā līdz",
    "Veiktās izmaiņas",
    "Kods pirms izmaiņām",
    "Līmenis",
)
MUNICIPALITY_KINDS = {"valstspilsēta": "state_city", "novads": "municipality"}
MERGER = re.compile(r"(\w+) novadu pievieno (\w+) novadam")


def read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise CommandError(f"Missing file {path}")
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise CommandError(f"{path.name}: missing columns {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def region_code(name: str) -> str:
    """Return a planning region's code: "Rīgas plānošanas reģions" -> "riga"."""
    first = normalise(name.split()[0])
    return first[:-1] if first.endswith("s") else first


def derive(atvk: list[dict[str, str]], planning: list[dict[str, str]]) -> dict[str, list[dict]]:
    """Return the rows of the four country files, keyed by file name."""
    current = [row for row in atvk if not row["Spēkā līdz"]]
    level1 = {row["Kods"]: row for row in current if row["Līmenis"] == "1"}
    level2 = {row["Kods"]: row for row in current if row["Līmenis"] == "2"}

    planning_by_code = {row["atvk"]: row for row in planning}
    if set(planning_by_code) != set(level1):
        raise CommandError(
            "The planning region file and the ATVK list name different level 1 units: "
            + ", ".join(sorted(set(planning_by_code) ^ set(level1)))
        )
    regions = {}
    municipalities = []
    for code, unit in sorted(level1.items()):
        planned = planning_by_code[code]
        if planned["name"] != unit["Nosaukums"]:
            raise CommandError(f"{code} is “{unit['Nosaukums']}” in ATVK, “{planned['name']}”")
        if planned["kind"] not in MUNICIPALITY_KINDS:
            raise CommandError(f"{code}: unknown kind “{planned['kind']}”")
        region = region_code(planned["planning_region"])
        regions.setdefault(region, planned["planning_region"])
        if regions[region] != planned["planning_region"]:
            raise CommandError(f"Two planning regions give the code “{region}”")
        municipalities.append(
            {
                "code": code,
                "name": unit["Nosaukums"],
                "kind": MUNICIPALITY_KINDS[planned["kind"]],
                "region_code": region,
            }
        )

    by_prefix = {code[:4]: code for code in level1}
    if len(by_prefix) != len(level1):
        raise CommandError("Two level 1 units share the first four digits of their codes")

    def municipality_of(code: str) -> str:
        if code[:4] not in by_prefix:
            raise CommandError(f"{code} belongs to no level 1 unit")
        return by_prefix[code[:4]]

    places = [
        {
            "code": code,
            "name": unit["Nosaukums"],
            "kind": "parish" if unit["Nosaukums"].endswith("pagasts") else "town",
            "municipality_code": municipality_of(code),
        }
        for code, unit in sorted(level2.items())
    ]

    aliases: dict[tuple[str, str], dict] = {}

    def alias(kind: str, value: str, municipality: str, place: str, note: str) -> None:
        row = {
            "kind": kind,
            "value": value,
            "municipality_code": municipality,
            "place_code": place,
            "note": note,
        }
        if aliases.setdefault((kind, value), row)["municipality_code"] != municipality:
            raise CommandError(f"The old {kind} “{value}” points at two municipalities")

    for code, unit in sorted(level1.items()):
        if unit["Kods pirms izmaiņām"]:
            alias("code", unit["Kods pirms izmaiņām"], code, "", unit["Veiktās izmaiņas"])

    successors = defaultdict(list)
    for _code, unit in sorted(level2.items()):
        if unit["Kods pirms izmaiņām"]:
            successors[unit["Kods pirms izmaiņām"]].append(unit)
    gone_level1: dict[str, set[str]] = defaultdict(set)
    gone_changes: dict[str, set[str]] = defaultdict(set)
    for old, units in sorted(successors.items()):
        owners = {municipality_of(unit["Kods"]) for unit in units}
        if len(owners) != 1:
            continue
        (owner,) = owners
        note = units[0]["Veiktās izmaiņas"]
        if len(units) == 1:
            alias("code", old, owner, units[0]["Kods"], note)
        else:
            split = ", ".join(f"{u['Kods']} {u['Nosaukums']}" for u in units)
            alias("code", old, owner, "", f"{note} ({split})")
        if old[:4] not in by_prefix:
            old_level1 = old[:4] + "000"
            gone_level1[old_level1].add(owner)
            gone_changes[old_level1].update(u["Veiktās izmaiņas"] for u in units)

    names = {row["code"]: row["name"] for row in municipalities}
    for old_level1, owners in sorted(gone_level1.items()):
        if len(owners) != 1:
            continue
        (owner,) = owners
        changes = sorted(gone_changes[old_level1])
        alias("code", old_level1, owner, "", "; ".join(changes))
        for change in changes:
            merger = MERGER.search(change)
            if merger and f"{merger[2]} novads" == names[owner]:
                alias("name", f"{merger[1]} novads", owner, "", change)

    return {
        files.REGIONS: [{"code": c, "name": n} for c, n in sorted(regions.items())],
        files.MUNICIPALITIES: municipalities,
        files.PLACES: places,
        files.ALIASES: [aliases[key] for key in sorted(aliases)],
    }


class Command(BaseCommand):
    help = "Derive Latvia's geography files from the shared ATVK and planning region data."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, type=Path, help="the shared data folder")
        parser.add_argument("--output", default=DEFAULT_OUTPUT, type=Path)

    def handle(self, *args, source: Path, output: Path, **options):
        exports = sorted(source.glob(ATVK_PATTERN))
        if not exports:
            raise CommandError(f"No {ATVK_PATTERN} in {source}")
        atvk_path = exports[-1]
        rows = derive(
            read_csv(atvk_path, ATVK_COLUMNS),
            read_csv(source / REGIONS_SOURCE, ("atvk", "name", "kind", "planning_region")),
        )
        output.mkdir(parents=True, exist_ok=True)
        for filename, file_rows in rows.items():
            files.write_rows(output, filename, file_rows)
        for name in GEOJSON:
            if not (source / name).exists():
                raise CommandError(f"Missing file {source / name}")
            shutil.copyfile(source / name, output / name)
        counts = files.read_country(output).counts()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"From {atvk_path.name}: wrote {summary} to {output}")
