"""Find the municipality a register means, from a code, a name or a whole address.

Registers write the same municipality many ways: its code (sometimes with the
leading zeros eaten by a spreadsheet), an old code from before a merger, its
name in the nominative or the genitive, with "valstspilsēta" or "novada
pašvaldība" after it, in capitals or without diacritics, or inside an address
that names a street, a house, a parish, a town and the novads.

``MunicipalityResolver`` is built once from plain rows (the country files or
the database) into dictionaries, so that a lookup costs a few dictionary hits
and no query; imports resolve tens of thousands of rows a second with it.
``get_resolver()`` builds one from the database and keeps it until the
geography changes; ``resolve_municipality()`` returns the model instance.

How a text is read: it is cut into parts at commas (an address), postal codes
are dropped, and every run of words in a part is looked up. A word that follows
the run says what kind of name it is: "novads"/"nov." a municipality,
"valstspilsēta"/"pilsēta" a city or town, "pagasts" a parish, and a street
word (iela, gatve, …) means the run is a street's name and not a place at all.
Each match has a rank, from the most explicit (a code, then "X novads") to the
least (the bare stem of a novads); the best rank wins, and when the best
matches disagree about the municipality the text is ambiguous and gives None.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from plakats.geo.files import read_country

if TYPE_CHECKING:
    from plakats.geo.models import Municipality


class How(StrEnum):
    """What in the text identified the municipality."""

    CODE = "code"
    OLD_CODE = "old_code"
    NAME = "name"
    OLD_NAME = "old_name"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Resolution:
    """The municipality a text means, and how the resolver knows.

    ``fragment`` is the part of the text that decided (for an address, one
    comma-separated part); ``in_address`` says the text had several parts.
    ``place_code`` is the town or parish the text names inside that
    municipality, when it names one.
    """

    municipality_code: str
    municipality_name: str
    municipality_pk: int | None
    how: How
    fragment: str
    in_address: bool = False
    place_code: str | None = None


RANK_CODE = 100
RANK_NOVADS = 90
RANK_NAMED_CITY = 85
RANK_NAMED_TOWN = 75
RANK_PARISH = 70
RANK_CITY = 65
RANK_TOWN = 60
RANK_NOVADS_STEM = 50

NOVADS = "novads"
CITY = "city"
PARISH = "parish"
DESIGNATORS = {
    **dict.fromkeys(("novads", "novada", "novadam", "novadu", "nov"), NOVADS),
    **dict.fromkeys(("valstspilseta", "valstspilsetas", "pilseta", "pilsetas"), CITY),
    **dict.fromkeys(("pagasts", "pagasta", "pag"), PARISH),
}
# A name followed by one of these words is a street's or a district's, not a place's.
NOT_A_PLACE_AFTER = frozenset(
    word
    for line in (
        "iela ielas iel cels cela gatve gatves gatv bulvaris bulvara bulv laukums laukuma",
        "prospekts prospekta soseja sosejas aleja alejas krastmala krastmalas dambis dambja",
        "linija linijas skersiela skersielas skerslinija tilts tilta parks parka",
        "rajons rajona raj planosanas regions regiona",
    )
    for word in line.split()
)

ATVK_WIDTH = 7
SHORTEST_PADDED_CODE = 5
PARTS = re.compile(r"[,;\n\r]+")
POSTAL_CODE = re.compile(r"\blv\s*-?\s*\d{4}\b")
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
SPREADSHEET_NUMBER = re.compile(r"(\d+)(?:\.0+)?")


def normalise(text: str) -> str:
    """Casefold and strip diacritics: "Rēzeknes Novads" -> "rezeknes novads"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(POSTAL_CODE.sub(" ", normalise(text)))


def genitive(word: str) -> str:
    """Return the genitive of a (normalised) Latvian place name, by the common endings.

    Rīga -> Rīgas, Rēzekne -> Rēzeknes, Varakļāni -> Varakļānu, Cēsis -> Cēsu,
    Pļaviņas -> Pļaviņu, Tukums -> Tukuma; Daugavpils and Saldus stay.
    """
    if word.endswith(("pils", "us")):
        return word
    if word.endswith(("is", "as")):
        return word[:-2] + "u"
    if word.endswith("i"):
        return word[:-1] + "u"
    if word.endswith("s"):
        return word[:-1] + "a"
    if word.endswith(("a", "e")):
        return word + "s"
    return word


def name_forms(name: str) -> set[str]:
    """Return the nominative and genitive of a name, normalised."""
    tokens = words(name)
    if not tokens:
        return set()
    return {" ".join(tokens), " ".join([*tokens[:-1], genitive(tokens[-1])])}


def split_designator(name: str) -> tuple[str, str]:
    """Split "Bauskas novads" into ("novads", "bauskas"); a plain name gives ("", name)."""
    tokens = words(name)
    if len(tokens) > 1 and tokens[-1] in DESIGNATORS:
        return DESIGNATORS[tokens[-1]], " ".join(tokens[:-1])
    return "", " ".join(tokens)


@dataclass(frozen=True, slots=True)
class Target:
    rank: int
    municipality_code: str
    place_code: str | None
    how: How


class MunicipalityResolver:
    """Resolve texts to municipalities using indexes built once from plain rows.

    ``municipalities``: mappings with ``code``, ``name``, optionally ``kind``
    (``state_city`` or ``municipality``) and ``pk``. ``places``: ``code``,
    ``name``, ``kind`` (``town`` or ``parish``), ``municipality_code``.
    ``aliases``: ``kind`` (``code`` or ``name``), ``value``,
    ``municipality_code``, optionally ``place_code``.
    """

    def __init__(
        self,
        municipalities: Iterable[Mapping],
        places: Iterable[Mapping] = (),
        aliases: Iterable[Mapping] = (),
        *,
        cache_size: int = 16384,
    ):
        self._municipalities: dict[str, tuple[str, int | None]] = {}
        self._codes: dict[str, Target] = {}
        self._names: dict[tuple[str, str], dict[tuple[str, str | None], Target]] = {}
        for row in municipalities:
            self._add_municipality(row)
        for row in places:
            self._add_place(row)
        for row in aliases:
            self._add_alias(row)
        self._longest = max((len(stem.split()) for _d, stem in self._names), default=1)
        self._cached = lru_cache(maxsize=cache_size)(self._resolve)

    @classmethod
    def from_directory(cls, directory: str | Path) -> "MunicipalityResolver":
        """Build a resolver from a country directory (see ``plakats.geo.files``)."""
        country = read_country(directory)
        return cls(country.municipalities, country.places, country.aliases)

    def __len__(self) -> int:
        return len(self._municipalities)

    def _add_code(self, code: str, target: Target) -> None:
        self._codes[normalise(code).strip()] = target

    def _add_name(self, designator: str, stem: str, target: Target) -> None:
        if not stem:
            return
        targets = self._names.setdefault((designator, stem), {})
        key = (target.municipality_code, target.place_code)
        if key not in targets or targets[key].rank < target.rank:
            targets[key] = target

    def _add_municipality(self, row: Mapping) -> None:
        code = row["code"]
        self._municipalities[code] = (row["name"], row.get("pk"))
        self._add_code(code, Target(RANK_CODE, code, None, How.CODE))
        self._add_unit_name(row["name"], code, None, How.NAME, RANK_CITY, RANK_NAMED_CITY)

    def _add_place(self, row: Mapping) -> None:
        code, municipality = row["code"], row["municipality_code"]
        self._add_code(code, Target(RANK_CODE, municipality, code, How.CODE))
        self._add_unit_name(row["name"], municipality, code, How.PLACE, RANK_TOWN, RANK_NAMED_TOWN)

    def _add_alias(self, row: Mapping) -> None:
        municipality, place = row["municipality_code"], row.get("place_code") or None
        if row["kind"] == "code":
            self._add_code(row["value"], Target(RANK_CODE, municipality, place, How.OLD_CODE))
        elif place:
            self._add_unit_name(
                row["value"], municipality, place, How.OLD_NAME, RANK_TOWN, RANK_NAMED_TOWN
            )
        else:
            self._add_unit_name(
                row["value"], municipality, None, How.OLD_NAME, RANK_CITY, RANK_NAMED_CITY
            )

    def _add_unit_name(
        self, name: str, municipality: str, place: str | None, how: How, bare: int, named: int
    ) -> None:
        """Index a name by its forms: "X novads", "X pagasts", or a city's or town's name."""
        designator, stem = split_designator(name)
        if designator == NOVADS:
            self._add_name(NOVADS, stem, Target(RANK_NOVADS, municipality, place, how))
            self._add_name("", stem, Target(RANK_NOVADS_STEM, municipality, place, how))
        elif designator == PARISH:
            self._add_name(PARISH, stem, Target(RANK_PARISH, municipality, place, how))
        else:
            for form in name_forms(name):
                self._add_name("", form, Target(bare, municipality, place, how))
                self._add_name(CITY, form, Target(named, municipality, place, how))

    def resolve(self, text: object) -> Resolution | None:
        """Return the municipality that ``text`` means, or None when it means none or several."""
        if isinstance(text, bool) or text is None:
            return None
        if isinstance(text, float):
            if not text.is_integer():
                return None
            text = int(text)
        text = str(text).strip()
        if not text:
            return None
        return self._cached(text)

    def _resolve(self, text: str) -> Resolution | None:
        parts = [part.strip() for part in PARTS.split(text) if part.strip()]
        found: list[tuple[Target, str]] = []
        for part in parts:
            found.extend((target, part) for target in self._part_targets(part))
        if not found:
            return None
        best_rank = max(target.rank for target, _part in found)
        best = [(t, part) for t, part in found if t.rank == best_rank]
        if len({t.municipality_code for t, _part in best}) > 1:
            return None
        target, fragment = best[0]
        place = target.place_code or self._place_within(found, target.municipality_code)
        name, pk = self._municipalities.get(target.municipality_code, ("", None))
        return Resolution(
            municipality_code=target.municipality_code,
            municipality_name=name,
            municipality_pk=pk,
            how=target.how,
            fragment=fragment,
            in_address=len(parts) > 1,
            place_code=place,
        )

    @staticmethod
    def _place_within(found: list[tuple[Target, str]], municipality: str) -> str | None:
        places = [t for t, _part in found if t.place_code and t.municipality_code == municipality]
        return max(places, key=lambda t: t.rank).place_code if places else None

    def _part_targets(self, part: str) -> list[Target]:
        code = self._code_target(part)
        if code:
            return [code]
        tokens = words(part)
        targets: list[Target] = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(start + self._longest, len(tokens)) + 1):
                after = tokens[end] if end < len(tokens) else ""
                if after in NOT_A_PLACE_AFTER:
                    continue
                stem = " ".join(tokens[start:end])
                targets.extend(self._names.get((DESIGNATORS.get(after, ""), stem), {}).values())
        return targets

    def _code_target(self, part: str) -> Target | None:
        key = normalise(part).strip()
        if key in self._codes:
            return self._codes[key]
        number = SPREADSHEET_NUMBER.fullmatch(key)
        if number and SHORTEST_PADDED_CODE <= len(number[1]) <= ATVK_WIDTH:
            return self._codes.get(number[1].zfill(ATVK_WIDTH))
        return None


_resolvers: dict[str | None, MunicipalityResolver] = {}
_lock = threading.Lock()


def get_resolver(country: str | None = None) -> MunicipalityResolver:
    """Return a resolver over the database's geography (one country, or all), built once."""
    resolver = _resolvers.get(country)
    if resolver is None:
        resolver = build_resolver(country)
        with _lock:
            _resolvers[country] = resolver
    return resolver


def build_resolver(country: str | None = None) -> MunicipalityResolver:
    """Build a resolver from the database: three queries."""
    from django.db.models import F

    from plakats.geo.models import GeoAlias, Municipality, Place

    municipalities = Municipality.objects.order_by("code")
    places = Place.objects.order_by("code")
    aliases = GeoAlias.objects.order_by("kind", "value")
    if country:
        municipalities = municipalities.filter(region__country=country)
        places = places.filter(municipality__region__country=country)
        aliases = aliases.filter(municipality__region__country=country)
    return MunicipalityResolver(
        municipalities.values("pk", "code", "name", "kind"),
        places.values("code", "name", "kind", municipality_code=F("municipality__code")),
        aliases.values(
            "kind", "value", municipality_code=F("municipality__code"), place_code=F("place__code")
        ),
    )


def clear_resolver_cache(**_signal_kwargs) -> None:
    """Forget the built resolvers; the next ``get_resolver()`` reads the database again."""
    with _lock:
        _resolvers.clear()


def resolve_municipality(text: object, country: str | None = None) -> "Municipality | None":
    """Return the ``Municipality`` that ``text`` means, or None."""
    from plakats.geo.models import Municipality

    resolution = get_resolver(country).resolve(text)
    if resolution is None:
        return None
    return Municipality.objects.filter(pk=resolution.municipality_pk).first()
