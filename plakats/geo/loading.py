"""Load a country's geography from its files (see ``plakats.geo.files``) into the database.

``load_geography`` makes the database match the files: it creates what is
missing and updates what differs, matching regions by (country, code),
municipalities and places by code and aliases by (kind, value). It never
deletes: a unit that left the files may still have venues. Running it twice
changes nothing. Everything happens in one transaction, and the files are
checked before anything is written, so a bad file leaves the database as it
was.

The models are parameters so that a data migration can pass its historical
models (``GeoModels.from_apps(apps)``); everyone else gets the real ones.
"""

import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _

from plakats.geo.files import (
    ALIASES,
    MUNICIPALITIES,
    PLACES,
    Country,
    GeographyError,
    read_country,
    row_error,
)
from plakats.geo.resolver import clear_resolver_cache

__all__ = ["GeoModels", "GeographyError", "load_geography"]

MODEL_NAMES = ("Region", "Municipality", "Place", "GeoAlias")


@dataclass(frozen=True)
class GeoModels:
    """The four geography model classes: real ones, or a migration's historical ones."""

    region: type
    municipality: type
    place: type
    alias: type

    @classmethod
    def current(cls) -> "GeoModels":
        from plakats.geo.models import GeoAlias, Municipality, Place, Region

        return cls(Region, Municipality, Place, GeoAlias)

    @classmethod
    def from_apps(cls, apps) -> "GeoModels":
        return cls(*(apps.get_model("geo", name) for name in MODEL_NAMES))


def load_geography(
    directory: str | Path,
    country: str = "LV",
    *,
    models: GeoModels | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[str, int]:
    """Load one country's files; return the rows read per file and the objects created and updated.

    Raises ``GeographyError`` for a missing or bad file, naming the file and row.
    """
    if not re.fullmatch(r"[A-Z]{2}", country or ""):
        raise GeographyError(
            _("The country must be a two-letter code such as LV, not “%(country)s”.")
            % {"country": country}
        )
    data = read_country(directory)
    loader = Loader(models or GeoModels.current(), using, country)
    with transaction.atomic(using=using):
        loader.load(data)
        transaction.on_commit(clear_resolver_cache, using=using)
    clear_resolver_cache()
    return {**data.counts(), "created": loader.created, "updated": loader.updated}


class Loader:
    """Sync one country's rows into the tables, in bulk, counting what it writes."""

    def __init__(self, models: GeoModels, using: str, country: str):
        self.models = models
        self.using = using
        self.country = country
        self.created = 0
        self.updated = 0

    def objects(self, model):
        return model._default_manager.using(self.using)

    def load(self, data: Country) -> None:
        region_ids = self.load_regions(data.regions)
        municipality_ids = self.load_municipalities(data.municipalities, region_ids)
        place_ids = self.load_places(data.places, municipality_ids)
        self.load_aliases(data.aliases, municipality_ids, place_ids)

    def load_regions(self, rows: list[dict]) -> dict[str, int]:
        regions = self.objects(self.models.region).filter(country=self.country)
        wanted = {row["code"]: {"country": self.country, **row} for row in rows}
        self.sync(self.models.region, {r.code: r for r in regions}, wanted, ["name"])
        return dict(regions.values_list("code", "pk"))

    def load_municipalities(self, rows: list[dict], region_ids: dict[str, int]) -> dict[str, int]:
        model = self.models.municipality
        wanted = {
            row["code"]: {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "region_id": region_ids[row["region_code"]],
            }
            for row in rows
        }
        existing = self.existing(model, MUNICIPALITIES, rows, "region")
        self.sync(model, existing, wanted, ["name", "kind", "region_id"])
        return dict(self.objects(model).filter(code__in=wanted).values_list("code", "pk"))

    def load_places(self, rows: list[dict], municipality_ids: dict[str, int]) -> dict[str, int]:
        model = self.models.place
        wanted = {
            row["code"]: {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "municipality_id": municipality_ids[row["municipality_code"]],
            }
            for row in rows
        }
        existing = self.existing(model, PLACES, rows, "municipality.region")
        self.sync(model, existing, wanted, ["name", "kind", "municipality_id"])
        return dict(self.objects(model).filter(code__in=wanted).values_list("code", "pk"))

    def load_aliases(
        self, rows: list[dict], municipality_ids: dict[str, int], place_ids: dict[str, int]
    ) -> None:
        model = self.models.alias
        wanted = {
            (row["kind"], row["value"]): {
                "kind": row["kind"],
                "value": row["value"],
                "municipality_id": municipality_ids[row["municipality_code"]],
                "place_id": place_ids.get(row["place_code"]),
                "note": row["note"],
            }
            for row in rows
        }
        found = {
            (alias.kind, alias.value): alias
            for alias in self.objects(model)
            .filter(value__in=[row["value"] for row in rows])
            .select_related("municipality__region")
        }
        existing = {}
        for number, row in enumerate(rows, start=2):
            alias = found.get((row["kind"], row["value"]))
            if alias is not None:
                self.check_country(ALIASES, number, row["value"], alias.municipality.region)
                existing[row["kind"], row["value"]] = alias
        self.sync(model, existing, wanted, ["municipality_id", "place_id", "note"])

    def existing(self, model, filename: str, rows: list[dict], region: str) -> dict:
        """Return the objects that already have the rows' codes, refusing another country's.

        ``region`` is the path from such an object to its region ("municipality.region").
        """
        region_of = attrgetter(region)
        found = {
            obj.code: obj
            for obj in self.objects(model)
            .filter(code__in=[row["code"] for row in rows])
            .select_related(region.replace(".", "__"))
        }
        for number, row in enumerate(rows, start=2):
            if row["code"] in found:
                self.check_country(filename, number, row["code"], region_of(found[row["code"]]))
        return found

    def check_country(self, filename: str, number: int, value: str, region) -> None:
        if region.country != self.country:
            raise row_error(
                filename,
                number,
                _("“%(value)s” already belongs to country %(country)s")
                % {"value": value, "country": region.country},
            )

    def sync(self, model, existing: dict, wanted: dict, fields: list[str]) -> None:
        """Create the wanted objects that are missing and update those whose fields differ."""
        new, changed = [], []
        for key, values in wanted.items():
            obj = existing.get(key)
            if obj is None:
                new.append(model(**values))
            elif any(getattr(obj, field) != values[field] for field in fields):
                for field in fields:
                    setattr(obj, field, values[field])
                changed.append(obj)
        self.objects(model).bulk_create(new)
        if changed:
            self.objects(model).bulk_update(changed, fields)
        self.created += len(new)
        self.updated += len(changed)
