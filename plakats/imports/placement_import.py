"""The placement import: past campaigns recorded in spreadsheets, brought in as placements.

Each row names a venue (by external id, or by name and municipality), an
edition (by its id, by "material / language / version", or by three
columns), a quantity, a date and how far it got (delivery and display, in
English or Latvian words). ``analyse_placements`` checks every row and writes
nothing; ``commit_placements`` writes all accepted rows in one transaction
through the distribution services (``add_placement`` and ``change_status``,
where the transition rules live), so every status step is a placement event
with the source "import" and the row's date.

Importing the same file again changes nothing: a placement of the same
edition at the same venue in the campaign with the same figures is left
alone; one with other figures is reported, never overwritten.
"""

import re
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from plakats.distribution.choices import (
    DELIVERY_TRANSITIONS,
    DISPLAY_TRANSITIONS,
    Axis,
    Delivery,
    Display,
    Source,
)
from plakats.distribution.models import Campaign
from plakats.distribution.services import add_placement, change_status
from plakats.geo.resolver import get_resolver
from plakats.materials.models import Edition
from plakats.venues.models import Venue

from .mapping import Layout, normalise_header
from .reading import Cell, ErrorValue, Formula, ImportFileError, cell_text
from .venue_import import ImportResult, Issue, parse_language

PROGRESS_EVERY = 200
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y.%m.%d")
QUANTITY = re.compile(r"\d+(?:[.,]0+)?")
SUGGEST_SCORE = 85

# Latvian and other words registers use for the statuses, normalised, beyond the choices' labels.
DELIVERY_WORDS = {
    "planots": Delivery.PLANNED,
    "nosutits": Delivery.SENT,
    "izsutits": Delivery.SENT,
    "piegadats": Delivery.DELIVERED,
    "sanemts": Delivery.DELIVERED,
    "nodots": Delivery.DELIVERED,
    "atgriezts": Delivery.RETURNED,
    "pazudis": Delivery.LOST,
    "nozaudets": Delivery.LOST,
    "atteikts": Delivery.REFUSED,
    "atteicas": Delivery.REFUSED,
}
DISPLAY_WORDS = {
    "nezinams": Display.UNKNOWN,
    "izvietots": Display.DISPLAYED,
    "izlikts": Display.DISPLAYED,
    "ir": Display.DISPLAYED,
    "ja": Display.DISPLAYED,
    "yes": Display.DISPLAYED,
    "nav izvietots": Display.NOT_DISPLAYED,
    "nav": Display.NOT_DISPLAYED,
    "ne": Display.NOT_DISPLAYED,
    "no": Display.NOT_DISPLAYED,
    "nonemts": Display.REMOVED,
    "bojats": Display.DAMAGED,
}


def _status_table(choices, words: dict) -> dict[str, str]:
    table = dict(words)
    for language in ("en", "lv"):
        with translation.override(language):
            for value, label in choices.choices:
                table[normalise_header(value)] = value
                table[normalise_header(str(label))] = value
    return table


def _path(transitions: dict, start: str, goal: str) -> list[str] | None:
    """The shortest chain of allowed steps from ``start`` to ``goal`` (empty when equal)."""
    queue, seen = deque([(start, [])]), {start}
    while queue:
        state, steps = queue.popleft()
        if state == goal:
            return steps
        for following in sorted(transitions.get(state, ())):
            if following not in seen:
                seen.add(following)
                queue.append((following, [*steps, following]))
    return None


@dataclass
class PlacementRow:
    row: int
    issues: list[Issue] = field(default_factory=list)
    venue_id: int | None = None
    edition_id: int | None = None
    quantity: int = 1
    on: date | None = None
    delivery: str = Delivery.PLANNED
    display: str = Display.UNKNOWN
    location_note: str = ""
    action: str = ""

    @property
    def has_errors(self) -> bool:
        return any(not issue.warning for issue in self.issues)


@dataclass
class PlacementPlan:
    layout: Layout
    campaign: Campaign
    rows: list[PlacementRow]
    file_name: str = ""

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "create": self.count("create"),
            "unchanged": self.count("unchanged"),
            "error": self.count("error"),
            "rows": len(self.rows),
        }

    def issues(self, *, warnings: bool = False) -> list[Issue]:
        return [i for row in self.rows for i in row.issues if i.warning == warnings]


class _Lookups:
    """Venues, editions and the campaign's placements, read once (a handful of queries)."""

    def __init__(self, layout: Layout, campaign: Campaign, source: str):
        self.resolver = get_resolver()
        self.delivery = _status_table(Delivery, DELIVERY_WORDS)
        self.display = _status_table(Display, DISPLAY_WORDS)
        columns = {key: index for index, key in enumerate(layout.mapping) if key}
        ids = set()
        if "venue_external_id" in columns:
            index = columns["venue_external_id"]
            ids = {cell_text(c[index]) for _n, c in layout.rows if index < len(c) and c[index]}
        self.by_external_id: dict[str, list[dict]] = defaultdict(list)
        if ids:
            venues = Venue.objects.filter(external_id__in=sorted(ids))
            if source:
                venues = venues.filter(external_source=source)
            for venue in venues.values("id", "external_id", "merged_into_id"):
                self.by_external_id[venue["external_id"]].append(venue)
        self.by_name: dict[int | None, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.names: dict[int | None, list[tuple[str, str]]] = defaultdict(list)
        self.survivors = {
            pk: survivor
            for pk, survivor in Venue.objects.filter(merged_into__isnull=False).values_list(
                "pk", "merged_into_id"
            )
        }
        self.editions: dict[tuple[str, str, str], int] = {}
        self.edition_ids: set[int] = set()
        for pk, material, language, version in Edition.objects.values_list(
            "pk", "material__name", "language", "version"
        ):
            self.editions[(normalise_header(material), language, normalise_header(version))] = pk
            self.edition_ids.add(pk)
        self.existing: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        for venue, edition, quantity, delivery, display, code in campaign.placements.values_list(
            "venue_id", "edition_id", "quantity", "delivery", "display", "code"
        ):
            self.existing[(venue, edition)].append((quantity, delivery, display, code))

    def load_names(self, municipalities: set[int | None]) -> None:
        condition = Q(municipality_id__in=[m for m in municipalities if m])
        if None in municipalities:
            condition |= Q(municipality__isnull=True)
        for pk, name, municipality in Venue.objects.filter(
            condition, merged_into__isnull=True
        ).values_list("pk", "name", "municipality_id"):
            self.by_name[municipality][normalise_header(name)].append(pk)
            self.names[municipality].append((normalise_header(name), name))

    def survivor(self, pk: int) -> int:
        seen = set()
        while pk in self.survivors and pk not in seen:
            seen.add(pk)
            pk = self.survivors[pk]
        return pk


class _Cells:
    def __init__(self, plan: PlacementRow, cells: list[Cell], layout: Layout):
        self.plan, self.cells, self.layout = plan, cells, layout
        self.columns = {key: index for index, key in enumerate(layout.mapping) if key}

    def raw(self, key: str) -> Cell:
        index = self.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def error(self, key: str, message: str, *, warning: bool = False) -> None:
        index = self.columns.get(key)
        column = self.layout.column_label(index) if index is not None else ""
        self.plan.issues.append(Issue(self.plan.row, column, message, warning))

    def text(self, key: str) -> str:
        value = self.raw(key)
        if isinstance(value, Formula):
            self.error(key, _("The cell holds a formula; formulas are not imported."))
            return ""
        if isinstance(value, ErrorValue):
            self.error(
                key, _("The cell shows the spreadsheet error %(error)s.") % {"error": value.text}
            )
            return ""
        return " ".join(cell_text(value).split())


def analyse_placements(
    layout: Layout, campaign: Campaign, *, source: str = "", file_name: str = "", progress=None
) -> PlacementPlan:
    """Check every row against the venues, editions and the campaign; write nothing."""
    lookups = _Lookups(layout, campaign, source)
    pending: list[tuple[PlacementRow, _Cells, str, int | None]] = []
    rows: list[PlacementRow] = []
    for done, (number, cells) in enumerate(layout.rows, start=1):
        plan = PlacementRow(number)
        row = _Cells(plan, cells, layout)
        _clean_edition(row, lookups)
        _clean_quantity(row)
        _clean_date(row, campaign)
        _clean_status(row, lookups)
        plan.location_note = row.text("location_note")[:255]
        name, municipality = _clean_venue(row, lookups)
        pending.append((plan, row, name, municipality))
        rows.append(plan)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(layout.rows))
    lookups.load_names({m for _p, _r, name, m in pending if name})
    seen: dict[tuple[int, int], int] = {}
    for plan, row, name, municipality in pending:
        if name:
            _venue_by_name(row, lookups, name, municipality)
        if plan.has_errors:
            plan.action = "error"
            continue
        key = (plan.venue_id, plan.edition_id)
        if key in seen:
            row.error(
                "venue_name", _("The same venue and edition as row %(row)s.") % {"row": seen[key]}
            )
            plan.action = "error"
            continue
        seen[key] = plan.row
        plan.action = _against_existing(plan, row, lookups.existing.get(key, []))
    return PlacementPlan(layout, campaign, rows, file_name)


def _clean_venue(row: _Cells, lookups: _Lookups) -> tuple[str, int | None]:
    """Find the venue by external id now; return (name, municipality) to look up by name later."""
    external_id = row.text("venue_external_id")
    name = row.text("venue_name")
    if external_id:
        found = lookups.by_external_id.get(external_id, [])
        if len(found) == 1:
            row.plan.venue_id = lookups.survivor(found[0]["id"])
            return "", None
        if len(found) > 1:
            row.error(
                "venue_external_id",
                _("Several venues have the external id %(id)s; name their register (--source).")
                % {"id": external_id},
            )
            return "", None
        if not name:
            row.error(
                "venue_external_id",
                _("No venue has the external id %(id)s.") % {"id": external_id},
            )
            return "", None
    if not name:
        row.error("venue_name", _("The venue is missing."))
        return "", None
    municipality = None
    for key in ("municipality_code", "municipality", "address"):
        text = row.text(key)
        if text:
            resolution = lookups.resolver.resolve(text)
            if resolution is not None:
                municipality = resolution.municipality_pk
                break
    return name, municipality


def _venue_by_name(row: _Cells, lookups: _Lookups, name: str, municipality: int | None) -> None:
    found = lookups.by_name[municipality].get(normalise_header(name), [])
    if len(found) == 1:
        row.plan.venue_id = found[0]
        return
    if len(found) > 1:
        row.error(
            "venue_name",
            _("Several venues are called “%(name)s” there; use the external id.") % {"name": name},
        )
        return
    message = _("No venue “%(name)s” in this municipality.") % {"name": name}
    choices = lookups.names[municipality]
    best = process.extractOne(
        normalise_header(name),
        [c[0] for c in choices],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=SUGGEST_SCORE,
    )
    if best:
        message += " " + _("Did you mean “%(name)s”?") % {"name": choices[best[2]][1]}
    row.error("venue_name", message)


def _clean_edition(row: _Cells, lookups: _Lookups) -> None:
    pk_text = row.text("edition_id")
    if pk_text:
        if pk_text.isdigit() and int(pk_text) in lookups.edition_ids:
            row.plan.edition_id = int(pk_text)
        else:
            row.error("edition_id", _("There is no edition %(id)s.") % {"id": pk_text})
        return
    described = row.text("edition")
    if described:
        parts = [part.strip() for part in described.rsplit("/", 2)]
        if len(parts) != 3:
            row.error("edition", _("Write the edition as “material / language / version”."))
            return
        material, language, version = parts
        key, column = (material, language, version), "edition"
    else:
        key = (row.text("material"), row.text("language"), row.text("version"))
        column = "material"
        if not key[0]:
            row.error("material", _("The edition is missing."))
            return
    material, language, version = key
    code = parse_language(language) if language else None
    pk = lookups.editions.get((normalise_header(material), code or "", normalise_header(version)))
    if pk is None:
        row.error(
            column,
            _("There is no edition “%(material)s / %(language)s / %(version)s”.")
            % {"material": material, "language": language, "version": version},
        )
    else:
        row.plan.edition_id = pk


def _clean_quantity(row: _Cells) -> None:
    text = row.text("quantity")
    if not text:
        return
    if not QUANTITY.fullmatch(text) or int(re.split(r"[.,]", text)[0]) < 1:
        row.error("quantity", _("“%(value)s” is not a whole number above zero.") % {"value": text})
        return
    row.plan.quantity = int(re.split(r"[.,]", text)[0])


def _clean_date(row: _Cells, campaign: Campaign) -> None:
    value = row.raw("date")
    on = None
    if isinstance(value, datetime):
        on = value.date()
    elif isinstance(value, date):
        on = value
    else:
        text = row.text("date")
        if not text:
            return
        for pattern in DATE_FORMATS:
            try:
                on = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if on is None:
            row.error(
                "date",
                _("“%(value)s” is not a date (write 2014-09-01 or 01.09.2014).") % {"value": text},
            )
            return
    if on > timezone.localdate():
        row.error("date", _("The date %(date)s is in the future.") % {"date": on.isoformat()})
        return
    if not campaign.starts_on <= on <= campaign.ends_on:
        row.error(
            "date",
            _("The date %(date)s is outside the campaign's period.") % {"date": on.isoformat()},
            warning=True,
        )
    row.plan.on = on


def _clean_status(row: _Cells, lookups: _Lookups) -> None:
    plan = row.plan
    delivery = display = None
    for key in ("delivery", "display", "status"):
        text = row.text(key)
        if not text:
            continue
        word = normalise_header(text)
        if key in ("display", "status") and word in lookups.display:
            display = lookups.display[word]
        elif key in ("delivery", "status") and word in lookups.delivery:
            delivery = lookups.delivery[word]
        else:
            row.error(key, _("Unknown status “%(value)s”.") % {"value": text})
    if display and display != Display.UNKNOWN and delivery is None:
        delivery = Delivery.DELIVERED
    plan.delivery = delivery or Delivery.PLANNED
    plan.display = display or Display.UNKNOWN
    if plan.display != Display.UNKNOWN and plan.delivery != Delivery.DELIVERED:
        row.error("display", _("Only a delivered placement can be on display."))
    elif _path(DELIVERY_TRANSITIONS, Delivery.PLANNED, plan.delivery) is None:
        row.error(
            "delivery",
            _("A placement cannot become %(status)s.") % {"status": Delivery(plan.delivery).label},
        )


def _against_existing(plan: PlacementRow, row: _Cells, existing: list[tuple]) -> str:
    if not existing:
        return "create"
    for quantity, delivery, display, _code in existing:
        if (quantity, delivery, display) == (plan.quantity, plan.delivery, plan.display):
            return "unchanged"
    row.error(
        "venue_name",
        _("This campaign already has this edition at this venue (%(code)s) with other figures.")
        % {"code": existing[0][3]},
    )
    return "error"


def commit_placements(plan: PlacementPlan, *, user=None, skip_errors: bool = False) -> ImportResult:
    """Write every accepted row in one transaction, through the distribution services."""
    result = ImportResult(errors=plan.count("error"), unchanged=plan.count("unchanged"))
    if result.errors and not skip_errors:
        raise ImportFileError(
            _(
                "%(count)s rows have errors, so nothing was imported. Correct them, or choose to "
                "skip the rows with errors."
            )
            % {"count": result.errors}
        )
    creating = [row for row in plan.rows if row.action == "create"]
    venues = Venue.objects.in_bulk([row.venue_id for row in creating])
    editions = Edition.objects.in_bulk([row.edition_id for row in creating])
    note = _("Import %(file)s") % {"file": plan.file_name}
    batch = uuid.uuid4()
    with transaction.atomic():
        for row in creating:
            placement = add_placement(
                campaign=plan.campaign,
                venue=venues[row.venue_id],
                edition=editions[row.edition_id],
                quantity=row.quantity,
                user=user,
                location_note=row.location_note,
            )
            at = (
                timezone.make_aware(datetime.combine(row.on, time(12)))
                if row.on
                else timezone.now()
            )
            steps = [
                (Axis.DELIVERY, s)
                for s in _path(DELIVERY_TRANSITIONS, Delivery.PLANNED, row.delivery)
            ]
            steps += [
                (Axis.DISPLAY, s)
                for s in _path(DISPLAY_TRANSITIONS, Display.UNKNOWN, row.display) or []
            ]
            for axis, status in steps:
                change_status(
                    placement,
                    axis,
                    status,
                    source=Source.IMPORT,
                    user=user,
                    note=note,
                    occurred_at=at,
                    batch=batch,
                )
            result.ids.append(placement.pk)
    result.created = len(creating)
    result.skipped = result.errors
    return result
