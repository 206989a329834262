"""The benchmark's synthetic data set, written fast with bulk inserts.

``build(placements, venues)`` fills an empty, migrated database (Django must be
set up) with a national-scale register and distribution history:

- ``venues`` venues over the 42 municipalities, several kinds (60 % schools, so
  a filtered venue list still has 500 pages at 100,000 venues), some online,
  most with coordinates, a few networks;
- four campaigns with four targets each (venues, placements, quantity; by kind,
  region and network), dispatches of about 5,000 placements, stock at two
  locations (printed and issued per dispatch);
- ``placements`` placements spread over the campaigns and venues; the first
  ``min(10,000, placements)`` share one edition (the recall view's edition),
  the rest spread over five others; statuses on all three axes;
- one delivery event for every placement that left "planned" (the "sent"
  step), a display event for every displayed one, and a venue confirmation for
  every displayed placement confirmed by the venue.

Small things go through the ORM; venues, placements, events and confirmations
through raw multi-row inserts: ``executemany`` on SQLite, ``COPY`` on
PostgreSQL. Every value a column needs and the builder does not set comes from
the model field's default, so a new field with a default does not break it (a
new required field does, and the smoke test says so). History tables are not
filled: nothing the benchmark measures reads them.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

RECALL_PLACEMENTS = 10_000
DISPATCH_SIZE = 5_000
BATCH = 50_000

# Venue kinds with their share in percent (online kinds need a web address).
KIND_SHARES = [
    ("school", 60),
    ("library", 10),
    ("youth_centre", 8),
    ("employment_agency", 5),
    ("social_service", 5),
    ("hostel", 3),
    ("other", 3),
    ("website", 4),
    ("social_page", 2),
]
ONLINE = {"website", "social_page"}
KIND_OF_PERCENT = [kind for kind, share in KIND_SHARES for _ in range(share)]


@dataclass
class Built:
    """What the builder wrote: counts and the ids the measurements need."""

    counts: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def _spread(n: int) -> int:
    """A well-mixed number 0–99 for ``n`` (Knuth's multiplicative hash), so statuses
    are not correlated with venue, campaign or dispatch."""
    return (n * 2654435761 >> 7) % 100


def _prepared(field_: models.Field, value):
    return field_.get_db_prep_save(value, connection)


def insert(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples of ``columns``, attnames) into ``model``'s table; return the count.

    Columns not given get the field's default (or NULL, "" for blank text, or
    now for auto_now fields), one value for every row. Values must already be in database form
    for datetimes (see ``db_datetime``).
    """
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    now = timezone.now()
    rest, constants = [], []
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in columns:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.blank and f.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{meta.label}.{f.attname} needs a value in the benchmark builder")
        rest.append(f)
        constants.append(_prepared(f, value))
    names = [by_name[c].column for c in columns] + [f.column for f in rest]
    tail = tuple(constants)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    table = connection.ops.quote_name(meta.db_table)
    count = 0
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + tail)
                count += 1
        return count
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
    connection.ensure_connection()
    raw = connection.connection
    batch: list[tuple] = []
    for row in rows:
        batch.append(row + tail)
        if len(batch) == BATCH:
            raw.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        raw.executemany(sql, batch)
        count += len(batch)
    return count


def db_datetime(value: datetime):
    """A datetime as the database column takes it (SQLite: UTC text; PostgreSQL: as is)."""
    return connection.ops.adapt_datetimefield_value(value)


def _ids_after(model: type[models.Model], last: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            "WHERE id > %s ORDER BY id",
            [last],
        )
        return [row[0] for row in cursor.fetchall()]


def _last_id(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0


def build(placements: int, venues: int, *, log=print) -> Built:
    """Write the data set into the current (migrated) database in one transaction."""
    with transaction.atomic():
        return _build(placements, venues, log)


def _build(n_placements: int, n_venues: int, log) -> Built:
    from plakats.distribution.models import (
        Campaign,
        Confirmation,
        Dispatch,
        Placement,
        PlacementEvent,
        Target,
    )
    from plakats.geo.models import Municipality, Region
    from plakats.materials.models import Edition, Material, StockLocation, StockMovement
    from plakats.venues.models import Network, Partner, Venue

    built = Built()
    now = timezone.now().replace(microsecond=0)
    municipalities = list(Municipality.objects.order_by("code").values_list("pk", "region_id"))
    regions = list(Region.objects.order_by("code").values_list("pk", flat=True))
    funder = Partner.objects.create(name="Benchmark funder (demo)", kind="funder")
    networks = [Network.objects.create(name=f"Benchmark network {n} (demo)") for n in range(3)]

    # Venues ---------------------------------------------------------------------
    last_venue = _last_id(Venue)
    stamp = db_datetime(now - timedelta(days=800))

    def venue_rows() -> Iterator[tuple]:
        for n in range(n_venues):
            kind = KIND_OF_PERCENT[_spread(n + 7)]
            online = kind in ONLINE
            muni, _region = municipalities[n % len(municipalities)]
            located = not online and n % 10 != 0
            yield (
                f"Benchmark venue {n:06d} (demo)",
                kind,
                networks[n % 3].pk if n % 5 == 0 else None,
                None if online else muni,
                "" if online else f"Skolas iela {n % 120 + 1}",
                f"https://example.org/venue/{n}" if online else "",
                ["lv", "lv", "ru", "en"][n % 4],
                str(Decimal(55_700_000 + (n * 7_919) % 2_300_000) / Decimal(1_000_000))
                if located
                else None,
                str(Decimal(21_000_000 + (n * 104_729) % 7_000_000) / Decimal(1_000_000))
                if located
                else None,
                f"venue{n}@example.org",
                f"+371 20{n % 1_000_000:06d}",
                "bench",
                f"{n:07d}",
                n % 50 != 49,  # a few inactive venues
                stamp,
                stamp,
            )

    columns = [
        "name",
        "kind",
        "network_id",
        "municipality_id",
        "address",
        "url",
        "language",
        "latitude",
        "longitude",
        "email",
        "phone",
        "external_source",
        "external_id",
        "is_active",
        "created_at",
        "updated_at",
    ]
    built.counts["venues"] = insert(Venue, columns, venue_rows())
    venue_ids = _ids_after(Venue, last_venue)
    log(f"  {len(venue_ids):,} venues")

    # Materials, editions, stock -------------------------------------------------
    materials = [
        Material.objects.create(name=f"Benchmark poster {n} (demo)", kind="poster", size="A2")
        for n in range(3)
    ]
    editions = [
        Edition.objects.create(
            material=materials[n % 3],
            language=["lv", "ru", "en"][n % 3],
            version=f"bench-{n}",
            print_run=n_placements,
        )
        for n in range(6)
    ]
    recall_edition = editions[0]
    locations = [
        StockLocation.objects.create(name=f"Benchmark store {n} (demo)", region_id=regions[n])
        for n in range(2)
    ]
    StockMovement.objects.bulk_create(
        StockMovement(
            edition=edition,
            location=location,
            kind="printed",
            delta=n_placements * 3,
            occurred_on=date(2022, 1, 1),
        )
        for edition in editions
        for location in locations
    )

    # Campaigns, targets, dispatches ---------------------------------------------
    campaigns = [
        Campaign.objects.create(
            name=f"Benchmark campaign {year} (demo)",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            funder=funder,
        )
        for year in (2023, 2024, 2025, 2026)
    ]
    for campaign in campaigns:
        Target.objects.create(
            campaign=campaign,
            name="Schools reached",
            measure="venues",
            venue_kinds=["school"],
            min_reach="delivered",
            goal=max(1, n_venues // 3),
        )
        latgale = Target.objects.create(
            campaign=campaign,
            name="Venues displaying it in two regions",
            measure="venues",
            min_reach="displayed",
            goal=max(1, n_venues // 20),
        )
        latgale.regions.set(regions[:2])
        Target.objects.create(
            campaign=campaign,
            name="Placements sent",
            measure="placements",
            min_reach="sent",
            goal=max(1, n_placements // 5),
        )
        Target.objects.create(
            campaign=campaign,
            name="Items delivered through the network",
            measure="quantity",
            network=networks[0],
            min_reach="delivered",
            goal=max(1, n_placements // 50),
        )
    # Placements are written campaign by campaign; each campaign's are cut into
    # dispatches of DISPATCH_SIZE.
    bounds = [n_placements * c // len(campaigns) for c in range(len(campaigns) + 1)]
    dispatch_of: list[tuple[int, int, int]] = []  # (first placement, campaign pk, dispatch pk)
    movements = []
    for c, campaign in enumerate(campaigns):
        first, end = bounds[c], bounds[c + 1]
        for k, start in enumerate(range(first, end, DISPATCH_SIZE)):
            dispatch = Dispatch.objects.create(
                campaign=campaign,
                name=f"Wave {k + 1}",
                channel="post",
                planned_on=campaign.starts_on + timedelta(days=7 * (k % 40)),
                stock_location=locations[k % 2],
            )
            dispatch_of.append((start, campaign.pk, dispatch.pk))
            movements.append(
                StockMovement(
                    edition=editions[(k % 5) + 1],
                    location=locations[k % 2],
                    kind="issued",
                    delta=-(min(end, start + DISPATCH_SIZE) - start),
                    occurred_on=dispatch.planned_on,
                    dispatch=dispatch,
                )
            )
    StockMovement.objects.bulk_create(movements)

    # Placements -----------------------------------------------------------------
    recall = min(RECALL_PLACEMENTS, n_placements)
    last_placement = _last_id(Placement)
    created = db_datetime(now - timedelta(days=200))
    fresh = db_datetime(now - timedelta(days=30))
    stale = db_datetime(now - timedelta(days=400))

    def status(n: int) -> tuple[str, str, str, object]:
        h = _spread(n)
        if h < 5:
            return "planned", "unknown", "none", None
        if h < 35:
            return "sent", "unknown", "none", None
        if h < 40:
            return "via_partner", "unknown", "none", None
        if h < 42:
            return "lost", "unknown", "none", None
        if h < 44:
            return "returned", "unknown", "none", None
        if h < 45:
            return "refused", "unknown", "none", None
        if h < 60:
            return "delivered", "unknown", "none", None
        if h < 90:
            evidence = "venue" if h % 2 else "photo"
            return "delivered", "displayed", evidence, stale if h >= 85 else fresh
        if h < 95:
            return "delivered", "not_displayed", "venue", fresh
        return "delivered", "removed", "visit", stale

    def placement_rows() -> Iterator[tuple]:
        d = 0
        for n in range(n_placements):
            while d + 1 < len(dispatch_of) and dispatch_of[d + 1][0] <= n:
                d += 1
            _start, campaign_pk, dispatch_pk = dispatch_of[d]
            delivery, display, evidence, evidence_at = status(n)
            edition = recall_edition.pk if n < recall else editions[1 + n % 5].pk
            yield (
                campaign_pk,
                dispatch_pk,
                venue_ids[(n * 7_919) % len(venue_ids)],
                edition,
                1 + n % 3,
                delivery,
                display,
                evidence,
                evidence_at,
                f"bench-{n:08d}",
                f"B{n:06X}",
                created,
                created,
            )

    columns = [
        "campaign_id",
        "dispatch_id",
        "venue_id",
        "edition_id",
        "quantity",
        "delivery",
        "display",
        "evidence",
        "evidence_at",
        "token",
        "code",
        "created_at",
        "updated_at",
    ]
    built.counts["placements"] = insert(Placement, columns, placement_rows())
    placement_ids = _ids_after(Placement, last_placement)
    log(f"  {len(placement_ids):,} placements")

    # Events and confirmations ---------------------------------------------------
    sent_at = db_datetime(now - timedelta(days=190))

    def event_rows() -> Iterator[tuple]:
        for n, pk in enumerate(placement_ids):
            delivery, display, _evidence, evidence_at = status(n)
            if delivery == "planned":
                continue
            first = "via_partner" if delivery == "via_partner" else "sent"
            yield (pk, "delivery", "planned", first, "staff", sent_at, sent_at)
            if display != "unknown":
                yield (pk, "display", "unknown", display, "venue", evidence_at, evidence_at)

    columns = ["placement_id", "axis", "old_value", "new_value", "source"]
    columns += ["occurred_at", "recorded_at"]
    built.counts["events"] = insert(PlacementEvent, columns, event_rows())

    def confirmation_rows() -> Iterator[tuple]:
        for n, pk in enumerate(placement_ids):
            _delivery, display, evidence, evidence_at = status(n)
            if evidence == "venue":
                yield (pk, display, "Entrance hall" if display == "displayed" else "", evidence_at)

    columns = ["placement_id", "answer", "where", "submitted_at"]
    built.counts["confirmations"] = insert(Confirmation, columns, confirmation_rows())
    built.counts.update(
        campaigns=len(campaigns),
        targets=Target.objects.filter(campaign__in=campaigns).count(),
        dispatches=len(dispatch_of),
        editions=len(editions),
        stock_movements=len(movements) + len(editions) * len(locations),
        recall_placements=recall,
    )
    built.ids.update(
        campaign=campaigns[-1].pk,
        recall_edition=recall_edition.pk,
        first_venue=venue_ids[0],
        region=regions[0],
        network=networks[0].pk,
    )
    log(f"  {built.counts['events']:,} events, {built.counts['confirmations']:,} confirmations")
    return built
