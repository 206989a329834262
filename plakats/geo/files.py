"""The country shape: the four CSV files that describe a country's geography.

A country is a directory of UTF-8 CSV files, each with a header row (a file
may have no data rows):

``regions.csv``         code, name
``municipalities.csv``  code, name, kind, region_code
``places.csv``          code, name, kind, municipality_code
``aliases.csv``         kind, value, municipality_code, place_code, note

``kind`` is ``state_city`` or ``municipality`` for a municipality, ``town`` or
``parish`` for a place, ``code`` or ``name`` for an alias (an old code or name
that registers still write, pointing at today's municipality and, when it is
known, today's town or parish). Codes are the country's official ones and are
unique within their file; references point at codes in the same directory.

``read_country`` checks all of that and names the file and row of the first
problem; the loader, the resolver and the Latvian build command share these
definitions.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from plakats.core.errors import DomainError

REGIONS = "regions.csv"
MUNICIPALITIES = "municipalities.csv"
PLACES = "places.csv"
ALIASES = "aliases.csv"

COLUMNS = {
    REGIONS: ("code", "name"),
    MUNICIPALITIES: ("code", "name", "kind", "region_code"),
    PLACES: ("code", "name", "kind", "municipality_code"),
    ALIASES: ("kind", "value", "municipality_code", "place_code", "note"),
}
OPTIONAL = {ALIASES: ("place_code", "note")}
KINDS = {
    MUNICIPALITIES: ("state_city", "municipality"),
    PLACES: ("town", "parish"),
    ALIASES: ("code", "name"),
}

Row = dict[str, str]


class GeographyError(DomainError):
    """A country's files cannot be read or loaded; the message names the file and row."""


@dataclass(frozen=True)
class Country:
    """The rows of one country's files, checked for shape and references."""

    regions: list[Row]
    municipalities: list[Row]
    places: list[Row]
    aliases: list[Row]

    def counts(self) -> dict[str, int]:
        return {
            "regions": len(self.regions),
            "municipalities": len(self.municipalities),
            "places": len(self.places),
            "aliases": len(self.aliases),
        }


def row_error(filename: str, row: int, problem: str) -> GeographyError:
    return GeographyError(
        _("%(file)s, row %(row)d: %(problem)s") % {"file": filename, "row": row, "problem": problem}
    )


def read_rows(directory: Path, filename: str) -> list[tuple[int, Row]]:
    """Return ``(row number, row)`` pairs of one file; the header is row 1."""
    path = Path(directory) / filename
    columns = COLUMNS[filename]
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise GeographyError(
                    _("%(file)s: missing columns: %(columns)s")
                    % {"file": filename, "columns": ", ".join(missing)}
                )
            rows = []
            for number, raw in enumerate(reader, start=2):
                if None in raw or any(raw[c] is None for c in columns):
                    raise row_error(filename, number, _("wrong number of values"))
                rows.append((number, {c: raw[c].strip() for c in columns}))
    except FileNotFoundError:
        raise GeographyError(_("Missing file %(path)s") % {"path": path}) from None
    except UnicodeDecodeError:
        raise GeographyError(_("%(file)s is not UTF-8 text") % {"file": filename}) from None
    except csv.Error as exc:
        raise GeographyError(
            _("%(file)s is not a readable CSV file: %(error)s") % {"file": filename, "error": exc}
        ) from None
    return rows


def check_rows(
    filename: str, rows: list[tuple[int, Row]], key: tuple[str, ...], refs: dict[str, set[str]]
) -> list[Row]:
    """Check required values, kinds, unique keys and references; return the rows."""
    optional = OPTIONAL.get(filename, ())
    kinds = KINDS.get(filename)
    seen: set[tuple[str, ...]] = set()
    for number, row in rows:
        for column in COLUMNS[filename]:
            if not row[column] and column not in optional:
                raise row_error(filename, number, _("“%(column)s” is empty") % {"column": column})
        if kinds and row["kind"] not in kinds:
            raise row_error(
                filename,
                number,
                _("unknown kind “%(kind)s” (expected one of: %(kinds)s)")
                % {"kind": row["kind"], "kinds": ", ".join(kinds)},
            )
        value = tuple(row[c] for c in key)
        if value in seen:
            raise row_error(
                filename, number, _("“%(value)s” appears twice") % {"value": " ".join(value)}
            )
        seen.add(value)
        for column, known in refs.items():
            if row[column] and row[column] not in known:
                raise row_error(
                    filename,
                    number,
                    _("unknown %(column)s “%(value)s”") % {"column": column, "value": row[column]},
                )
    return [row for _number, row in rows]


def read_country(directory: str | Path) -> Country:
    """Read and check the four files of a country directory."""
    directory = Path(directory)
    raw = {filename: read_rows(directory, filename) for filename in COLUMNS}
    regions = check_rows(REGIONS, raw[REGIONS], ("code",), {})
    municipalities = check_rows(
        MUNICIPALITIES,
        raw[MUNICIPALITIES],
        ("code",),
        {"region_code": {r["code"] for r in regions}},
    )
    municipality_codes = {m["code"] for m in municipalities}
    places = check_rows(PLACES, raw[PLACES], ("code",), {"municipality_code": municipality_codes})
    place_municipality = {p["code"]: p["municipality_code"] for p in places}
    aliases = check_rows(
        ALIASES,
        raw[ALIASES],
        ("kind", "value"),
        {"municipality_code": municipality_codes, "place_code": set(place_municipality)},
    )
    for number, alias in raw[ALIASES]:
        place = alias["place_code"]
        if place and place_municipality[place] != alias["municipality_code"]:
            raise row_error(
                ALIASES,
                number,
                _("place “%(place)s” is not in municipality “%(municipality)s”")
                % {"place": place, "municipality": alias["municipality_code"]},
            )
    return Country(regions, municipalities, places, aliases)


def write_rows(path: Path, filename: str, rows: list[Row]) -> None:
    """Write one file of the country shape (plain UTF-8, no BOM, ``\\n`` line ends)."""
    with (path / filename).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS[filename], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
