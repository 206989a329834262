"""The venue import: rows of a register in, a checked plan out, and one transaction to apply it.

``analyse_venues`` turns a sheet's rows into a ``VenuePlan`` without writing
anything: every row is cleaned into venue values with its problems (row
number as in the file, column, message in the user's language), its
municipality is found from a code, a municipality column or the address, and
it is matched against the register:

- by (external register, external id): the venue is updated where the file
  differs, or left alone;
- a row without an external id, by its exact name in the same municipality
  (so a file without ids can be imported twice without making doubles);
- otherwise, by fuzzy name in the same municipality (RapidFuzz token sort
  ratio of at least ``DUPLICATE_SCORE``): a likely duplicate the user may
  merge into the existing venue, skip, or create anyway.

``commit_venues`` writes the plan in one transaction: all accepted rows or
nothing. New venues are bulk-created and changed ones bulk-updated with their
history records (the change reason names the file), so a large file costs a
few queries per thousand rows. Empty cells never erase what a venue has.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from plakats.geo.models import Municipality, Place
from plakats.geo.resolver import get_resolver
from plakats.venues.choices import VenueKind, VenueLanguage
from plakats.venues.models import Network, Venue

from . import bulk
from .mapping import Layout, normalise_header
from .reading import Cell, ErrorValue, Formula, ImportFileError, cell_text

DUPLICATE_SCORE = 90
PROGRESS_EVERY = 500
SHOWN_ISSUES = 1000
SHOWN_ROWS = 500

Progress = Callable[[int, int], None]

TEXT_LIMITS = {
    "name": 255,
    "address": 255,
    "phone": 40,
    "contact_name": 200,
    "external_source": 50,
    "external_id": 50,
}
# The venue fields an import compares and writes (attribute names).
WRITABLE = [
    "name",
    "kind",
    "address",
    "postal_code",
    "municipality_id",
    "place_id",
    "email",
    "phone",
    "url",
    "language",
    "contact_name",
    "network_id",
    "latitude",
    "longitude",
    "external_source",
    "external_id",
]
WRITABLE_KEYS = frozenset(WRITABLE)
LOADED = ["id", *WRITABLE]
POSTAL_CODE = re.compile(r"(?:lv)?\s*-?\s*(\d{4})", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
EMAILS = re.compile(r"[;,\s]+")
DIGITS = re.compile(r"\d+")
# A subset of what Django's EmailValidator accepts: dot-atom local part, ASCII domain.
PLAIN_EMAIL = re.compile(
    r"[-!#$%&'*+/=?^_`{}|~0-9a-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    re.IGNORECASE,
)
MAX_EMAIL = 254
COORDINATE_PLACES = Decimal("0.000001")

# Words in a register's "type" column, normalised, and the kind they mean; first match wins.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("nodarbinatibas valsts agentura", VenueKind.EMPLOYMENT_AGENCY),
    ("nva", VenueKind.EMPLOYMENT_AGENCY),
    ("employment", VenueKind.EMPLOYMENT_AGENCY),
    ("jauniesu centrs", VenueKind.YOUTH_CENTRE),
    ("jaunatnes centrs", VenueKind.YOUTH_CENTRE),
    ("bernu centrs", VenueKind.YOUTH_CENTRE),
    ("youth", VenueKind.YOUTH_CENTRE),
    ("hostel", VenueKind.HOSTEL),
    ("biblioteka", VenueKind.LIBRARY),
    ("library", VenueKind.LIBRARY),
    ("socialais dienests", VenueKind.SOCIAL_SERVICE),
    ("socialo pakalpojumu", VenueKind.SOCIAL_SERVICE),
    ("social service", VenueKind.SOCIAL_SERVICE),
    ("krizes centrs", VenueKind.CRISIS_CENTRE),
    ("crisis", VenueKind.CRISIS_CENTRE),
    ("partnera birojs", VenueKind.PARTNER_OFFICE),
    ("partner office", VenueKind.PARTNER_OFFICE),
    ("timekla vietne", VenueKind.WEBSITE),
    ("majaslapa", VenueKind.WEBSITE),
    ("website", VenueKind.WEBSITE),
    ("socialais tikls", VenueKind.SOCIAL_PAGE),
    ("social", VenueKind.SOCIAL_PAGE),
    ("skola", VenueKind.SCHOOL),
    ("gimnazija", VenueKind.SCHOOL),
    ("licejs", VenueKind.SCHOOL),
    ("izglitibas iestade", VenueKind.SCHOOL),
    ("tehnikums", VenueKind.SCHOOL),
    ("koledza", VenueKind.SCHOOL),
    ("school", VenueKind.SCHOOL),
    ("cits", VenueKind.OTHER),
    ("other", VenueKind.OTHER),
)
LANGUAGE_WORDS = (
    ("latv", VenueLanguage.LATVIAN),
    ("kriev", VenueLanguage.RUSSIAN),
    ("russ", VenueLanguage.RUSSIAN),
    ("angl", VenueLanguage.ENGLISH),
    ("engl", VenueLanguage.ENGLISH),
)


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass
class Issue:
    row: int
    column: str
    message: str
    warning: bool = False


@dataclass(slots=True)
class RowPlan:
    """One data row: its cleaned values, its problems, and what the import will do with it."""

    row: int
    values: dict = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    action: str = ""
    venue_id: int | None = None
    changes: dict = field(default_factory=dict)
    candidates: list[tuple[int, str, int]] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.issues) and any(not issue.warning for issue in self.issues)


@dataclass
class VenueOptions:
    source: str = ""
    default_kind: str = ""
    file_name: str = ""


@dataclass
class VenuePlan:
    layout: Layout
    options: VenueOptions
    rows: list[RowPlan]
    existing: dict[int, dict]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action} | {
            "rows": sum(1 for row in self.rows if row.action),
            "warnings": sum(1 for row in self.rows for i in row.issues if i.warning),
        }

    def issues(self, *, warnings: bool = False) -> list[Issue]:
        return [i for row in self.rows for i in row.issues if i.warning == warnings]

    def summary(self) -> dict:
        """The preview as plain data (kept on the import run and shown on its page)."""
        errors, warnings = self.issues(), self.issues(warnings=True)
        updates = [row for row in self.rows if row.action == Action.UPDATE][:SHOWN_ROWS]
        duplicates = [row for row in self.rows if row.action == Action.DUPLICATE][:SHOWN_ROWS]
        show = _Display(
            [(k, v) for row in updates for k, pair in row.changes.items() for v in pair]
            + [("municipality_id", row.values.get("municipality_id")) for row in duplicates]
        )
        return {
            "counts": self.counts,
            "header_row": self.layout.header_row,
            "errors": [_issue_data(i) for i in errors[:SHOWN_ISSUES]],
            "warnings": [_issue_data(i) for i in warnings[:SHOWN_ISSUES]],
            "updates": [
                {
                    "row": row.row,
                    "venue": row.venue_id,
                    "name": self.existing[row.venue_id]["name"],
                    "changes": [
                        [key, show(key, old), show(key, new)]
                        for key, (old, new) in row.changes.items()
                    ],
                }
                for row in updates
            ],
            "duplicates": [
                {
                    "row": row.row,
                    "name": row.values.get("name", ""),
                    "municipality": show("municipality_id", row.values.get("municipality_id")),
                    "candidates": [[pk, name, score] for pk, name, score in row.candidates],
                }
                for row in duplicates
            ],
        }


def _issue_data(issue: Issue) -> list:
    return [issue.row, issue.column, issue.message]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    ids: list[int] = field(default_factory=list)


def match_name(text: str) -> str:
    return normalise_header(text)


def _kind_table() -> dict[str, str]:
    table = {}
    for language in ("en", "lv"):
        with translation.override(language):
            for value, label in VenueKind.choices:
                table[match_name(value)] = value
                table[match_name(str(label))] = value
    return table


def parse_kind(text: str, table: dict[str, str]) -> str | None:
    """Return the kind a register's word means: a code, a label, or a telling word inside it."""
    key = match_name(text)
    if key in table:
        return table[key]
    padded = f" {key} "
    for word, kind in KIND_WORDS:
        if f" {word} " in padded or (len(word) > 4 and word in key):
            return kind
    return None


def parse_language(text: str) -> str | None:
    key = match_name(text)
    if key in VenueLanguage.values:
        return key
    return next((code for word, code in LANGUAGE_WORDS if key.startswith(word)), None)


class _Lookups:
    """Everything the rows are checked against, read once per import (a handful of queries)."""

    def __init__(self):
        self.resolver = get_resolver()
        self.places = {
            code: (pk, muni)
            for pk, code, muni in Place.objects.values_list("pk", "code", "municipality_id")
        }
        self.networks = {
            match_name(name): pk for pk, name in Network.objects.values_list("pk", "name")
        }
        self.kinds = _kind_table()
        self._kind_cache: dict[str, str | None] = {}

    def kind_of(self, text: str) -> str | None:
        if text not in self._kind_cache:
            self._kind_cache[text] = parse_kind(text, self.kinds)
        return self._kind_cache[text]


# --- cleaning one row -------------------------------------------------------------------


class _Row:
    """Collects one row's values and issues while its cells are cleaned."""

    __slots__ = ("cells", "layout", "plan")

    def __init__(self, number: int, cells: dict[str, Cell], layout: Layout):
        self.plan = RowPlan(number)
        self.cells = cells
        self.layout = layout

    def raw(self, key: str) -> Cell:
        return self.cells.get(key)

    def column(self, key: str) -> str:
        if key not in self.layout.mapping:
            return ""
        return self.layout.column_label(self.layout.mapping.index(key))

    def error(self, key: str, message: str) -> None:
        self.plan.issues.append(Issue(self.plan.row, self.column(key), message))

    def warn(self, key: str, message: str) -> None:
        self.plan.issues.append(Issue(self.plan.row, self.column(key), message, warning=True))

    def text(self, key: str) -> str:
        """The cell as text; a formula or error value is reported and counts as empty."""
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            if "  " in value or "\n" in value or "\t" in value or "\r" in value:
                return WHITESPACE.sub(" ", value).strip()
            return value
        if isinstance(value, Formula):
            self.error(
                key,
                _(
                    "The cell holds a formula (%(formula)s); formulas are not imported. "
                    "Paste the values instead."
                )
                % {"formula": value.text[:60]},
            )
            return ""
        if isinstance(value, ErrorValue):
            self.error(
                key, _("The cell shows the spreadsheet error %(error)s.") % {"error": value.text}
            )
            return ""
        return WHITESPACE.sub(" ", cell_text(value)).strip()

    def limited(self, key: str, text: str) -> str:
        limit = TEXT_LIMITS.get(key)
        if limit and len(text) > limit:
            self.error(
                key,
                _("Too long: %(length)s characters, at most %(limit)s.")
                % {"length": len(text), "limit": limit},
            )
            return ""
        return text


def _clean_external_id(row: _Row, _lookups=None) -> None:
    raw = row.raw("external_id")
    text = row.limited("external_id", row.text("external_id"))
    if not text:
        return
    row.plan.values["external_id"] = text
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        row.warn(
            "external_id",
            _(
                "The id %(id)s was stored as a number, so leading zeros may have been lost. "
                "Format the column as text in the spreadsheet."
            )
            % {"id": text},
        )


def _clean_kind(row: _Row, lookups: _Lookups) -> None:
    text = row.text("kind")
    if not text:
        return
    kind = lookups.kind_of(text)
    if kind is None:
        row.error(
            "kind",
            _("Unknown kind of venue “%(value)s”. Use one of: %(kinds)s.")
            % {"value": text, "kinds": ", ".join(str(label) for label in VenueKind.labels)},
        )
    else:
        row.plan.values["kind"] = kind


def _clean_postal_code(row: _Row, _lookups=None) -> None:
    text = row.text("postal_code")
    if not text:
        return
    match = POSTAL_CODE.fullmatch(text)
    if match:
        text = f"LV-{match[1]}"
    elif len(text) > 10:
        row.error("postal_code", _("“%(value)s” is not a postal code.") % {"value": text})
        return
    row.plan.values["postal_code"] = text.upper()


def _clean_email(row: _Row, _lookups=None) -> None:
    text = row.text("email")
    if not text:
        return
    addresses = [a.removeprefix("mailto:") for a in EMAILS.split(text) if a]
    if not is_email(addresses[0]):
        row.error("email", _("“%(value)s” is not an e-mail address.") % {"value": addresses[0]})
        return
    row.plan.values["email"] = addresses[0]
    if len(addresses) > 1:
        row.warn(
            "email",
            _("Only the first e-mail address is kept: %(email)s.") % {"email": addresses[0]},
        )


def is_email(text: str) -> bool:
    """Django's e-mail check, with a quick path for the plain addresses registers hold."""
    if len(text) <= MAX_EMAIL and PLAIN_EMAIL.fullmatch(text):
        return True
    try:
        validate_email(text)
    except ValidationError:
        return False
    return len(text) <= MAX_EMAIL


def _clean_url(row: _Row, _lookups=None) -> None:
    text = row.text("url")
    if not text:
        return
    if "://" not in text:
        text = f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        row.error("url", _("“%(value)s” is not a web address.") % {"value": text})
        return
    if len(text) > 500:
        row.error("url", _("The web address is longer than 500 characters."))
        return
    row.plan.values["url"] = text


def _clean_language(row: _Row, _lookups=None) -> None:
    text = row.text("language")
    if not text:
        return
    language = parse_language(text)
    if language is None:
        row.error(
            "language",
            _("Unknown language “%(value)s”. Use one of: %(languages)s.")
            % {"value": text, "languages": ", ".join(str(x) for x in VenueLanguage.labels)},
        )
    else:
        row.plan.values["language"] = language


def _clean_network(row: _Row, lookups: _Lookups) -> None:
    text = row.text("network")
    if not text:
        return
    pk = lookups.networks.get(match_name(text))
    if pk is None:
        row.error(
            "network",
            _("There is no network “%(value)s”. Add it first, or leave the column out.")
            % {"value": text},
        )
    else:
        row.plan.values["network_id"] = pk


def _clean_coordinates(row: _Row) -> None:
    found = {}
    for key, limit in (("latitude", 90), ("longitude", 180)):
        text = row.text(key)
        if not text:
            continue
        try:
            number = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > limit:
            row.error(key, _("“%(value)s” is not a valid coordinate.") % {"value": text})
            continue
        found[key] = number.quantize(COORDINATE_PLACES)
    if len(found) == 1 and not row.plan.has_errors:
        missing = "longitude" if "latitude" in found else "latitude"
        row.error(missing, _("Give both latitude and longitude, or neither."))
    elif len(found) == 2:
        row.plan.values.update(found)


def _clean_municipality(row: _Row, lookups: _Lookups) -> None:
    """Take the municipality from the code column, the municipality column or the address."""
    values = row.plan.values
    given = []
    for key in ("municipality_code", "municipality"):
        raw = row.raw(key)
        text = row.text(key)
        if not text:
            continue
        resolution = lookups.resolver.resolve(raw if isinstance(raw, int | float) else text)
        if resolution is not None:
            _set_municipality(values, resolution, lookups)
            return
        given.append((key, text))
    resolution = lookups.resolver.resolve(values["address"]) if values.get("address") else None
    for key, text in given:
        message = _("Unknown municipality “%(value)s” (not even as an old name or code).") % {
            "value": text
        }
        if resolution is None:
            row.error(key, message)
        else:
            row.warn(key, message + " " + _("It was taken from the address instead."))
    if resolution is not None:
        _set_municipality(values, resolution, lookups)
    elif not given and values.get("address"):
        row.warn("address", _("No municipality found in the address; the venue will have none."))


def _set_municipality(values: dict, resolution, lookups: _Lookups) -> None:
    values["municipality_id"] = resolution.municipality_pk
    place = lookups.places.get(resolution.place_code) if resolution.place_code else None
    if place and place[1] == resolution.municipality_pk:
        values["place_id"] = place[0]


CLEANERS = (
    ("external_id", _clean_external_id),
    ("kind", _clean_kind),
    ("postal_code", _clean_postal_code),
    ("email", _clean_email),
    ("url", _clean_url),
    ("language", _clean_language),
    ("network", _clean_network),
)


def creation_problem(values: dict, default_kind: str) -> tuple[str, str] | None:
    """What keeps these values from making a new venue: (field, message), or None.

    Checked only for rows that create a venue: an update may leave out what
    the venue already has.
    """
    kind = values.get("kind") or default_kind
    if not kind:
        return "kind", _("The kind of venue is missing.")
    if kind in VenueKind.online():
        if not values.get("url"):
            return "url", _("An online venue needs a web address.")
    elif not values.get("address") and not values.get("municipality_id"):
        return "address", _("A physical venue needs an address or a municipality.")
    return None


# --- matching against the register ------------------------------------------------------


@bulk.gc_paused()
def analyse_venues(
    layout: Layout, options: VenueOptions, *, progress: Progress | None = None
) -> VenuePlan:
    """Check every row and match it against the register; write nothing."""
    lookups = _Lookups()
    total = len(layout.rows)
    columns = [(key, index) for index, key in enumerate(layout.mapping) if key]
    rows: list[RowPlan] = []
    for done, (number, cells) in enumerate(layout.rows, start=1):
        width = len(cells)
        present = {
            key: cells[index]
            for key, index in columns
            if index < width and cells[index] is not None
        }
        rows.append(_clean(_Row(number, present, layout), lookups, options))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    for number in layout.notes:
        rows.append(
            RowPlan(
                number,
                issues=[
                    Issue(
                        number,
                        "",
                        _("Left out: a single cell below the table (a note or a total?)."),
                        warning=True,
                    )
                ],
            )
        )
    existing = _match(rows, options, layout)
    if progress:
        progress(total, total)
    return VenuePlan(layout, options, rows, existing)


def _clean(row: _Row, lookups: _Lookups, options: VenueOptions) -> RowPlan:
    plan = row.plan
    values = plan.values
    for key in ("name", "address", "contact_name", "phone", "external_source"):
        if key in row.cells:
            text = row.limited(key, row.text(key))
            if text:
                values[key] = text
    if "name" not in values and not plan.has_errors:
        row.error("name", _("The name is missing."))
    cells = row.cells
    for key, cleaner in CLEANERS:
        if key in cells:
            cleaner(row, lookups)
    if "latitude" in cells or "longitude" in cells:
        _clean_coordinates(row)
    _clean_municipality(row, lookups)
    if values.get("external_id"):
        values["external_source"] = values.get("external_source", options.source)
    else:
        values.pop("external_source", None)
    if plan.has_errors:
        plan.action = Action.ERROR
    return plan


def _match(rows: list[RowPlan], options: VenueOptions, layout: Layout) -> dict[int, dict]:
    """Decide each valid row's action against the register: two queries at most."""
    valid = [row for row in rows if row.action != Action.ERROR and row.values]
    keyed = [row for row in valid if row.values.get("external_id")]
    by_key: dict[tuple[str, str], dict] = {}
    existing: dict[int, dict] = {}
    if keyed:
        sources = {row.values["external_source"] for row in keyed}
        for venue in (
            Venue.objects.exclude(external_id="")
            .filter(external_source__in=sources)
            .values(*LOADED)
        ):
            by_key[(venue["external_source"], venue["external_id"])] = venue
            existing[venue["id"]] = venue
    claimed: dict[int, int] = {}
    seen_keys: dict[tuple[str, str], int] = {}
    unmatched: list[RowPlan] = []
    for row in keyed:
        key = (row.values["external_source"], row.values["external_id"])
        if key in seen_keys:
            _refuse(
                row,
                layout,
                "external_id",
                _("The same external id as row %(row)s.") % {"row": seen_keys[key]},
            )
            continue
        seen_keys[key] = row.row
        venue = by_key.get(key)
        if venue is None:
            unmatched.append(row)
        else:
            _plan_update(row, venue)
            claimed[venue["id"]] = row.row
    unmatched += [row for row in valid if not row.values.get("external_id")]
    unmatched.sort(key=lambda row: row.row)
    if unmatched:
        existing.update(_match_by_name(unmatched, claimed, options, layout))
    return existing


def _match_by_name(
    rows: list[RowPlan], claimed: dict[int, int], options: VenueOptions, layout: Layout
) -> dict[int, dict]:
    municipalities = {row.values.get("municipality_id") for row in rows}
    condition = Q(municipality_id__in=[m for m in municipalities if m])
    if None in municipalities:
        condition |= Q(municipality__isnull=True)
    candidates: dict[int | None, list[dict]] = defaultdict(list)
    existing = {}
    for venue in Venue.objects.filter(condition, merged_into__isnull=True).values(*LOADED):
        venue["match_name"] = match_name(venue["name"])
        candidates[venue["municipality_id"]].append(venue)
        existing[venue["id"]] = venue
    seen_names: dict[tuple[str, int | None], int] = {}
    pools: dict[tuple[int | None, bool], _Pool] = {}
    for row in rows:
        name = match_name(row.values["name"])
        municipality = row.values.get("municipality_id")
        has_id = bool(row.values.get("external_id"))
        if not has_id:
            first = seen_names.setdefault((name, municipality), row.row)
            if first != row.row:
                _refuse(
                    row,
                    layout,
                    "name",
                    _("The same name and municipality as row %(row)s.") % {"row": first},
                )
                continue
        pool = pools.get((municipality, has_id))
        if pool is None:
            venues = [v for v in candidates[municipality] if not (has_id and v["external_id"])]
            pool = pools[(municipality, has_id)] = _Pool(venues)
        exact = pool.by_name.get(name, ())
        if not has_id and len(exact) == 1:
            venue = exact[0]
            if venue["id"] in claimed:
                _refuse(
                    row,
                    layout,
                    "name",
                    _("Row %(row)s already updates this venue.") % {"row": claimed[venue["id"]]},
                )
                continue
            _plan_update(row, venue)
            claimed[venue["id"]] = row.row
            continue
        problem = creation_problem(row.values, options.default_kind)
        if problem:
            _refuse(row, layout, *problem)
            continue
        likely = _likely_duplicates(name, pool)
        if likely:
            row.action = Action.DUPLICATE
            row.candidates = likely
        else:
            row.action = Action.CREATE
    return existing


class _Pool:
    """The venues a row may match (one municipality, with or without external ids), indexed once."""

    __slots__ = ("by_name", "names", "venues")

    def __init__(self, venues: list[dict]):
        self.venues = venues
        self.names = [venue["match_name"] for venue in venues]
        self.by_name: dict[str, list[dict]] = defaultdict(list)
        for venue in venues:
            self.by_name[venue["match_name"]].append(venue)


def _likely_duplicates(name: str, pool: _Pool) -> list[tuple[int, str, int]]:
    """Venues whose name is at least ``DUPLICATE_SCORE`` alike and carries the same numbers."""
    if not pool.venues:
        return []
    numbers = DIGITS.findall(name)
    found = process.extract(
        name,
        pool.names,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=DUPLICATE_SCORE,
        limit=5,
    )
    venues = pool.venues
    return [
        (venues[index]["id"], venues[index]["name"], round(score))
        for _choice, score, index in found
        if DIGITS.findall(venues[index]["match_name"]) == numbers
    ]


def _refuse(row: RowPlan, layout: Layout, key: str, message: str) -> None:
    column = layout.column_label(layout.mapping.index(key)) if key in layout.mapping else ""
    row.issues.append(Issue(row.row, column, message))
    row.action = Action.ERROR


def _plan_update(row: RowPlan, venue: dict) -> None:
    row.venue_id = venue["id"]
    row.changes = changes_for(venue, row.values)
    row.action = Action.UPDATE if row.changes else Action.UNCHANGED


def changes_for(venue: dict, values: dict) -> dict:
    """The fields whose value in the file differs from the venue's: {field: (old, new)}.

    A value that differs only by being in capitals is no change: registers
    shout, and the venue's own spelling is kept.
    """
    changes = {}
    for key, new in values.items():
        if key not in WRITABLE_KEYS:
            continue
        old = venue.get(key)
        if old == new:
            continue
        if (
            isinstance(new, str)
            and isinstance(old, str)
            and new.isupper()
            and new.casefold() == old.casefold()
        ):
            continue
        changes[key] = (old, new)
    if (
        "municipality_id" in changes
        and "place_id" not in values
        and venue.get("place_id") is not None
    ):
        changes["place_id"] = (venue["place_id"], None)
    return changes


# --- display ----------------------------------------------------------------------------


class _Display:
    """Values as the preview shows them: names for related records, labels for choices.

    The names of the related records a preview mentions are read in one query per model.
    """

    MODELS = {"municipality_id": Municipality, "place_id": Place, "network_id": Network}

    def __init__(self, pairs: list[tuple[str, object]]):
        wanted: dict[str, set] = defaultdict(set)
        for key, value in pairs:
            if key in self.MODELS and value is not None:
                wanted[key].add(value)
        self.names = {
            key: dict(self.MODELS[key].objects.filter(pk__in=pks).values_list("pk", "name"))
            for key, pks in wanted.items()
        }
        self.labels = {"kind": dict(VenueKind.choices), "language": dict(VenueLanguage.choices)}

    def __call__(self, key: str, value) -> str:
        if value is None or value == "":
            return ""
        if key in self.MODELS:
            return self.names.get(key, {}).get(value, str(value))
        if key in self.labels:
            return str(self.labels[key].get(value, value))
        return str(value)


def field_label(key: str) -> str:
    name = key.removesuffix("_id")
    return str(Venue._meta.get_field(name).verbose_name)


# --- writing ----------------------------------------------------------------------------


class DuplicateChoice(StrEnum):
    MERGE = "merge"
    SKIP = "skip"
    CREATE = "create"


@bulk.gc_paused()
def commit_venues(
    plan: VenuePlan,
    *,
    user=None,
    decisions: dict[str, str] | None = None,
    default_choice: str = "",
    skip_errors: bool = False,
) -> ImportResult:
    """Write the plan in one transaction: every accepted row, or nothing.

    ``decisions`` maps a row number (as text) to ``"merge:<venue id>"``,
    ``"skip"`` or ``"create"`` for likely duplicates; a row without a decision
    takes ``default_choice`` (``"merge"`` means the best candidate). Rows with
    errors refuse the whole import unless ``skip_errors``.
    """
    decisions = decisions or {}
    result = ImportResult(errors=plan.count(Action.ERROR))
    if result.errors and not skip_errors:
        raise ImportFileError(
            _(
                "%(count)s rows have errors, so nothing was imported. "
                "Correct them, or choose to skip the rows with errors."
            )
            % {"count": result.errors}
        )
    creates: list[dict] = []
    updates: dict[int, dict] = {}
    claimed: dict[int, int] = {row.venue_id: row.row for row in plan.rows if row.venue_id}
    undecided = []
    for row in plan.rows:
        if row.action == Action.ERROR:
            result.skipped += 1
        elif row.action == Action.UNCHANGED:
            result.unchanged += 1
        elif row.action == Action.UPDATE:
            updates[row.venue_id] = row.changes
        elif row.action == Action.CREATE:
            creates.append(_new_venue(row.values, plan.options))
        elif row.action == Action.DUPLICATE:
            choice = decisions.get(str(row.row)) or default_choice
            if not choice:
                undecided.append(row.row)
                continue
            _apply_choice(row, choice, plan, claimed, creates, updates, result)
    if undecided:
        raise ImportFileError(
            _(
                "Choose what to do with the likely duplicates in rows %(rows)s "
                "(merge, skip or create); nothing was imported."
            )
            % {"rows": ", ".join(str(n) for n in undecided[:20])}
        )
    reason = _("Import %(file)s") % {"file": plan.options.file_name}
    try:
        with bulk.page_cache(Venue, len(creates) + len(updates)), transaction.atomic():
            result.ids = _write(creates, updates, user, reason)
    except IntegrityError:
        raise ImportFileError(
            _(
                "The register changed while this file was being imported, so nothing was "
                "imported. Check the file again."
            )
        ) from None
    result.created = len(creates)
    result.updated = sum(1 for changes in updates.values() if changes)
    result.unchanged += sum(1 for changes in updates.values() if not changes)
    return result


def _apply_choice(row, choice, plan, claimed, creates, updates, result) -> None:
    if choice == DuplicateChoice.SKIP:
        result.skipped += 1
        return
    if choice == DuplicateChoice.CREATE:
        creates.append(_new_venue(row.values, plan.options))
        return
    wanted = choice.partition(":")[2]
    candidates = {pk for pk, _name, _score in row.candidates}
    pk = int(wanted) if wanted.isdigit() else row.candidates[0][0]
    if pk not in candidates:
        pk = row.candidates[0][0]
    if pk in claimed:
        raise ImportFileError(
            _("Rows %(first)s and %(second)s would both be merged into the same venue.")
            % {"first": claimed[pk], "second": row.row}
        )
    claimed[pk] = row.row
    updates[pk] = changes_for(plan.existing[pk], row.values)


def _new_venue(values: dict, options: VenueOptions) -> dict:
    venue = {key: value for key, value in values.items() if key in WRITABLE_KEYS}
    venue.setdefault("kind", options.default_kind)
    return venue


def _write(creates: list[dict], updates: dict[int, dict], user, reason: str) -> list[int]:
    """Insert the new venues, update the changed ones, and record both in their history."""
    now = timezone.now()
    stamps = {"created_at": now, "updated_at": now}
    # In name order the name indexes grow at a few places instead of all over (on SQLite
    # a third of the insert's time); the new ids follow that order.
    ordered = sorted(creates, key=itemgetter("name"))
    created = bulk.insert_rows(Venue, ordered, constants=stamps)
    for values, pk in zip(ordered, created, strict=True):
        values["id"] = pk
    bulk.write_history(
        Venue, ordered, history_type="+", user=user, reason=reason, when=now, constants=stamps
    )
    changed = {
        pk: {key: new for key, (_old, new) in changes.items()}
        for pk, changes in updates.items()
        if changes
    }
    if changed:
        keys = list(changed)
        present = 0
        for start in range(0, len(keys), bulk.MAX_PARAMS):
            present += len(
                Venue.objects.select_for_update()
                .filter(pk__in=keys[start : start + bulk.MAX_PARAMS])
                .values_list("pk", flat=True)
            )
        if present != len(changed):
            raise IntegrityError("a venue to update is gone")
        bulk.update_rows(Venue, changed, constants={"updated_at": now})
        bulk.write_history(
            Venue, pks=list(changed), history_type="~", user=user, reason=reason, when=now
        )
    return [values["id"] for values in creates]
