"""Read-side figures of the dashboard, the coverage page and the funder report.

Every function takes a ``Scope`` (campaign, period, region, and which definition
of "reached" and "displayed" counts) and runs a fixed number of aggregate
queries whatever the data size. The drill-down filters of the venue and
placement lists use the same conditions (``venue_reached_q``,
``placement_scope_q``), so a link behind a figure lists exactly its rows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncHour
from django.utils.translation import gettext as _

from plakats.core.datacache import cached_figure, once_per_request
from plakats.distribution.choices import Axis, Delivery, Display, Measure, Reach
from plakats.distribution.models import (
    Campaign,
    Confirmation,
    Dispatch,
    Placement,
    PlacementEvent,
    PlacementQuerySet,
    Target,
)
from plakats.distribution.models.core import evidence_cutoff
from plakats.distribution.queries import people_filter, target_scope
from plakats.geo.models import Municipality, Region
from plakats.materials.models import Edition, StockMovement
from plakats.outreach.models import OutreachEvent
from plakats.venues.choices import VenueKind
from plakats.venues.models import Venue

# Weeks start on Monday in this time zone, whatever the server's clock says.
REPORT_TZ = ZoneInfo("Europe/Riga")
# A timeline never runs longer than this many weeks (ten years); older weeks are cut.
MAX_WEEKS = 520


@dataclass(frozen=True)
class Scope:
    """What a dashboard or report is about: a campaign, a period, a region.

    ``start``/``end`` (inclusive, Europe/Riga days) keep the placements dispatched
    or changed in the period; ``region`` None means the whole country. ``level``
    is how far a placement must have got for its venue to count as reached, and
    ``verified`` makes "displayed" count only with fresh evidence.
    """

    campaign: Campaign
    start: date | None = None
    end: date | None = None
    region: Region | None = None
    verified: bool = True
    level: str = Reach.DELIVERED

    def definition(self) -> str:
        """A sentence saying which definition of "displayed" and "reached" was used."""
        if self.verified:
            displayed = _("Displayed = on display with evidence no older than %(days)d days.") % {
                "days": settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS
            }
        else:
            displayed = _("Displayed = reported on display, whatever the age of the evidence.")
        reached = {
            Reach.SENT: _("A venue counts as reached once a placement was sent to it."),
            Reach.DELIVERED: _("A venue counts as reached once a placement was delivered."),
            Reach.DISPLAYED: _("A venue counts as reached once a placement is displayed."),
        }[self.level]
        return f"{displayed} {reached}"

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as [from, until) aware datetimes at Europe/Riga midnight."""
        return period_bounds(self.start, self.end)

    def placements(self):
        return Placement.objects.filter(placement_scope_q(self))

    def outreach_events(self):
        """The campaign's outreach events in the period, at venues in the region if one is set."""
        events = OutreachEvent.objects.filter(campaign=self.campaign)
        if self.region is not None:
            events = events.filter(venue__municipality__region=self.region)
        if self.start:
            events = events.filter(date__gte=self.start)
        if self.end:
            events = events.filter(date__lte=self.end)
        return events

    def reached_q(self) -> Q:
        return PlacementQuerySet.reached_q(self.level, verified=self.verified)

    def query_params(self) -> dict[str, str]:
        """The scope as venue-list drill-down parameters (see ``VenueFilter``)."""
        params = {"reach": self.level, "verified": "true" if self.verified else "false"}
        if self.start:
            params["reach_from"] = self.start.isoformat()
        if self.end:
            params["reach_to"] = self.end.isoformat()
        return params


def period_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    since = datetime.combine(start, time.min, REPORT_TZ) if start else None
    until = datetime.combine(end + timedelta(days=1), time.min, REPORT_TZ) if end else None
    return since, until


def in_period_q(start: date | None, end: date | None, prefix: str = "") -> Q:
    """Placements dispatched in the period or with a status change in it, as a Q.

    ``prefix`` reaches the placement from another model. Empty period: every placement.
    """
    if not start and not end:
        return Q()
    since, until = period_bounds(start, end)
    dated = Q()
    events = Q(placement=OuterRef(f"{prefix}pk" if prefix else "pk"))
    if start:
        dated &= Q(**{f"{prefix}dispatch__planned_on__gte": start})
        events &= Q(occurred_at__gte=since)
    if end:
        dated &= Q(**{f"{prefix}dispatch__planned_on__lte": end})
        events &= Q(occurred_at__lt=until)
    return dated | Exists(PlacementEvent.objects.filter(events))


def placement_scope_q(scope: Scope) -> Q:
    """The placements a scope is about (campaign, region, period), as a Q on Placement."""
    q = Q(campaign_id=scope.campaign.pk)
    if scope.region is not None:
        q &= Q(venue__municipality__region_id=scope.region.pk)
    return q & in_period_q(scope.start, scope.end)


def reached_placements(
    campaign_id: int,
    *,
    level: str = Reach.DELIVERED,
    verified: bool = True,
    start: date | None = None,
    end: date | None = None,
):
    """Placements of a campaign that got to ``level`` (in the period), any region."""
    return Placement.objects.filter(
        PlacementQuerySet.reached_q(level, verified=verified),
        in_period_q(start, end),
        campaign_id=campaign_id,
    )


def venue_reached_q(
    campaign_id: int,
    *,
    level: str = Reach.DELIVERED,
    verified: bool = True,
    start: date | None = None,
    end: date | None = None,
) -> Exists:
    """Venues the campaign reached (one EXISTS subquery), as a condition on Venue."""
    placements = reached_placements(
        campaign_id, level=level, verified=verified, start=start, end=end
    )
    return Exists(placements.filter(venue=OuterRef("pk")))


def target_reached_q(
    target: Target, *, verified: bool = True, start: date | None = None, end: date | None = None
) -> Q:
    """The venues a venue-counting target counts as reached, as a Q on Venue.

    The same definition as ``progress``: the target's kinds, regions and network
    and its "counts from" level; the region filter of the page narrows it further.
    """
    placements = reached_placements(
        target.campaign_id, level=target.min_reach, verified=verified, start=start, end=end
    )
    return target_scope(target) & Exists(placements.filter(venue=OuterRef("pk")))


def scope_venue_reached_q(scope: Scope) -> Exists:
    return venue_reached_q(
        scope.campaign.pk,
        level=scope.level,
        verified=scope.verified,
        start=scope.start,
        end=scope.end,
    )


def register(scope: Scope | None = None):
    """The venues in the register (active, not merged), in the scope's region if any."""
    venues = Venue.objects.active()
    if scope is not None and scope.region is not None:
        venues = venues.filter(municipality__region_id=scope.region.pk)
    return venues


# Targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A target and what the scope reached of it (placements, or people at outreach events)."""

    target: Target
    reached: int

    @property
    def goal(self) -> int:
        return self.target.goal

    @property
    def percent(self) -> int:
        if not self.reached or not self.target.goal:
            return 0
        return min(100, round(100 * self.reached / self.target.goal))

    @property
    def met(self) -> bool:
        return self.reached >= self.target.goal


def _target_aggregate(target: Target, verified: bool):
    q = PlacementQuerySet.reached_q(target.min_reach, verified=verified)
    q &= target_scope(target, "venue__")
    if target.measure == Measure.PLACEMENTS:
        return Count("pk", filter=q)
    if target.measure == Measure.QUANTITY:
        return Sum("quantity", filter=q)
    return Count("venue", filter=q, distinct=True)


def _target_figures(scope: Scope, targets: list[Target]) -> dict[str, int]:
    """Each placement-counting target's figure, ``{"t<pk>": n}``, in one query.

    PostgreSQL hash-joins the venues to the placements once: one aggregate over
    the join. SQLite would look each placement's venue up in the venue table's
    B-tree (most of the time at a million placements), so there the placements
    are first summed per venue by each target's level, then the venues, fewer
    than the placements, are joined once to apply the targets' kinds, regions
    and network: a venue counts when it has a placement at the target's level.
    """
    if connection.vendor != "sqlite":
        aggregates = {f"t{t.pk}": _target_aggregate(t, scope.verified) for t in targets}
        return scope.placements().aggregate(**aggregates)
    per_venue = {}
    for target in targets:
        reach = PlacementQuerySet.reached_q(target.min_reach, verified=scope.verified)
        per_venue[f"t{target.pk}"] = (
            Sum("quantity", filter=reach)
            if target.measure == Measure.QUANTITY
            else Count("pk", filter=reach)
        )
    inner = scope.placements().values(venue_ref=F("venue")).annotate(**per_venue).order_by()
    inner_sql, inner_params = inner.query.sql_with_params()
    quote = connection.ops.quote_name
    columns, params = [], []
    for target in targets:
        name = quote(f"t{target.pk}")
        conditions, values = _target_venue_sql(target)
        if target.measure == Measure.VENUES:
            conditions.insert(0, f"g.{name} > 0")
            columns.append(f"COUNT(CASE WHEN {' AND '.join(conditions)} THEN 1 END)")
        else:
            when = " AND ".join(conditions) or "1 = 1"
            columns.append(f"COALESCE(SUM(CASE WHEN {when} THEN g.{name} END), 0)")
        params += values
    # Only quoted names, the ORM's own SQL and placeholders are formatted in.
    sql = (
        f"SELECT {', '.join(columns)} FROM ({inner_sql}) g "  # noqa: S608  # nosec B608
        f"JOIN {quote(Venue._meta.db_table)} v ON v.id = g.{quote('venue_ref')} "
        f"LEFT JOIN {quote(Municipality._meta.db_table)} m ON m.id = v.municipality_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        row = cursor.fetchone()
    return {f"t{t.pk}": int(value or 0) for t, value in zip(targets, row, strict=True)}


def _target_venue_sql(target: Target) -> tuple[list[str], list]:
    """``target_scope`` as SQL on the venue ``v`` and its municipality ``m``, with parameters."""
    conditions, params = [], []
    if target.venue_kinds:
        conditions.append(f"v.kind IN ({', '.join(['%s'] * len(target.venue_kinds))})")
        params += list(target.venue_kinds)
    region_ids = [r.pk for r in target.regions.all()]
    if region_ids:
        conditions.append(f"m.region_id IN ({', '.join(['%s'] * len(region_ids))})")
        params += region_ids
    if target.network_id:
        conditions.append("v.network_id = %s")
        params.append(target.network_id)
    return conditions, params


@cached_figure
def progress(scope: Scope) -> list[Progress]:
    """Each target of the campaign with its reached figure, by the target's own definition.

    The scope's region and period narrow the placements (and, for people reached,
    the outreach events); the goal stays the target's. Two queries (targets, one
    aggregate over the placements: ``_target_figures``), a third when a target
    counts people.
    """
    targets = list(
        scope.campaign.targets.prefetch_related("regions")
        .select_related("network")
        .order_by("name")
    )
    countable = [t for t in targets if t.measure != Measure.PEOPLE]
    people = [t for t in targets if t.measure == Measure.PEOPLE]
    row = {}
    if countable:
        row = _target_figures(scope, countable)
    if people:
        row |= scope.outreach_events().aggregate(
            **{f"t{t.pk}": Sum("participants", filter=people_filter(t)) for t in people}
        )
    return [Progress(t, row.get(f"t{t.pk}") or 0) for t in targets]


# Statuses, confirmations and materials -----------------------------------------------


@dataclass(frozen=True)
class PlacementGroup:
    """The scope's placements of one edition with one delivery and display status."""

    edition_id: int
    delivery: str
    display: str
    fresh: bool  # displayed with evidence no older than the cutoff
    placements: int
    quantity: int


@once_per_request
def placement_groups(scope: Scope) -> list[PlacementGroup]:
    """The scope's placements grouped by edition, statuses and fresh evidence (one query).

    One pass over the placements that the status counts and the materials
    figures are summed from.
    """
    fresh = Case(
        When(PlacementQuerySet.reached_q(Reach.DISPLAYED, verified=True), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    rows = (
        scope.placements()
        .annotate(fresh=fresh)
        .values("edition", "delivery", "display", "fresh")
        .annotate(n=Count("pk"), items=Sum("quantity"))
        .order_by()
    )
    return [
        PlacementGroup(
            row["edition"],
            row["delivery"],
            row["display"],
            bool(row["fresh"]),
            row["n"],
            row["items"] or 0,
        )
        for row in rows
    ]


@cached_figure
def status_summary(scope: Scope) -> dict:
    """Placements per delivery and per display status, the total, and the verified displayed.

    ``{"delivery": {value: n}, "display": {value: n}, "total": n, "displayed_verified": n}``;
    summed from ``placement_groups``.
    """
    delivery = dict.fromkeys(Delivery.values, 0)
    display = dict.fromkeys(Display.values, 0)
    verified = 0
    for group in placement_groups(scope):
        delivery[group.delivery] += group.placements
        display[group.display] += group.placements
        verified += group.placements if group.fresh else 0
    return {
        "delivery": delivery,
        "display": display,
        "total": sum(delivery.values()),
        "displayed_verified": verified,
    }


# Placements a venue could confirm: everything that left the store.
ASKED_Q = ~Q(delivery=Delivery.PLANNED)


@dataclass(frozen=True)
class Rate:
    asked: int
    confirmed: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.confirmed / self.asked) if self.asked else None


def confirmed_q() -> Exists:
    return Exists(Confirmation.objects.filter(placement=OuterRef("pk")))


@cached_figure
def confirmation_rate(scope: Scope) -> Rate:
    """Placements sent out (not planned) and how many a venue answered (one query).

    A placement answered before it was marked sent counts as asked too, so the
    confirmed ones are always among the asked.
    """
    # Answered ones by delivery status: a semi-join, not a lookup per placement.
    answered = dict(
        scope.placements()
        .filter(confirmed_q())
        .values_list("delivery")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sent_out = sum(g.placements for g in placement_groups(scope) if g.delivery != Delivery.PLANNED)
    return Rate(sent_out + answered.get(Delivery.PLANNED, 0), sum(answered.values()))


# Reached venues by region and kind -------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str | int | None
    label: str
    reached: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.reached / self.total) if self.total else None

    @property
    def gap(self) -> int:
        return self.total - self.reached


@once_per_request
def _reached_by_region_and_kind(scope: Scope) -> dict[tuple, tuple[int, int]]:
    """(region, kind) → (reached, in the register): one pass over the register for both tables."""
    venues = register(scope).annotate(is_reached=scope_venue_reached_q(scope))
    rows = (
        venues.values("municipality__region", "kind")
        .annotate(total=Count("pk"), reached=Count("pk", filter=Q(is_reached=True)))
        .order_by()
    )
    return {
        (row["municipality__region"], row["kind"]): (row["reached"], row["total"]) for row in rows
    }


def _reached_counts(scope: Scope, column: str) -> dict:
    index = 0 if column == "municipality__region" else 1
    counts: dict = {}
    for key, (reached, total) in _reached_by_region_and_kind(scope).items():
        before = counts.get(key[index], (0, 0))
        counts[key[index]] = (before[0] + reached, before[1] + total)
    return counts


@cached_figure
def reached_by_region(scope: Scope) -> list[Row]:
    """Venues reached vs venues in the register, per planning region (two queries).

    Online venues (no municipality) are one row with key None.
    """
    counts = _reached_counts(scope, "municipality__region")
    regions = Region.objects.order_by("name")
    if scope.region is not None:
        regions = regions.filter(pk=scope.region.pk)
    rows = [Row(r.pk, r.name, *counts.get(r.pk, (0, 0))) for r in regions]
    if None in counts:
        rows.append(Row(None, str(_("online or no municipality")), *counts[None]))
    return rows


@cached_figure
def reached_by_kind(scope: Scope) -> list[Row]:
    """Venues reached vs venues in the register, per venue kind with any venue (one query)."""
    counts = _reached_counts(scope, "kind")
    return [
        Row(kind, str(label), *counts[kind]) for kind, label in VenueKind.choices if kind in counts
    ]


# Timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    start: date  # the Monday (Europe/Riga)
    sent: int
    delivered: int
    displayed: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True)
class Wave:
    date: date
    name: str
    placements: int
    pk: int | None = None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@cached_figure
def timeline(scope: Scope) -> list[Week]:
    """Status changes per week: sent, delivered, displayed (one grouped query).

    Weeks are Monday to Sunday in Europe/Riga (hours from the database, weeks
    from the hours: ``_utc_hour``). Undone
    steps and their undoing do not count. With ``verified``, a "displayed"
    change counts only for a placement whose evidence is fresh now. Weeks with
    no change inside the span are filled with zeros.
    """
    events = PlacementEvent.objects.filter(placement__campaign_id=scope.campaign.pk)
    if scope.region is not None:
        events = events.filter(placement__venue__municipality__region_id=scope.region.pk)
    since, until = scope.period_bounds()
    if since:
        events = events.filter(occurred_at__gte=since)
    if until:
        events = events.filter(occurred_at__lt=until)
    # Undo events never count (the condition sits inside each count, so the
    # database walks the campaign's placements rather than every event).
    step = Q(undoes__isnull=True)
    sent = step & Q(axis=Axis.DELIVERY, new_value__in=[Delivery.SENT, Delivery.VIA_PARTNER])
    delivered = step & Q(axis=Axis.DELIVERY, new_value=Delivery.DELIVERED)
    displayed = step & Q(axis=Axis.DISPLAY, new_value=Display.DISPLAYED)
    if scope.verified:
        displayed &= Q(placement__evidence_at__gte=evidence_cutoff())

    def per_hour(events):
        return (
            events.annotate(hour=_utc_hour())
            .values("hour")
            .annotate(
                sent=Count("pk", filter=sent),
                delivered=Count("pk", filter=delivered),
                displayed=Count("pk", filter=displayed),
            )
            .order_by()
        )

    # Undone steps are few: counted separately and taken off, instead of asking
    # for every event whether something undid it.
    undone = events.filter(
        pk__in=PlacementEvent.objects.filter(undoes__isnull=False).values("undoes")
    )
    found: dict[date, dict] = {}
    for rows, sign in ((per_hour(events), 1), (per_hour(undone), -1)):
        for row in rows:
            week = found.setdefault(
                monday(_riga_day(row["hour"])), {"sent": 0, "delivered": 0, "displayed": 0}
            )
            for key in ("sent", "delivered", "displayed"):
                week[key] += sign * row[key]
    if not found and not (scope.start and scope.end):
        return []
    first = monday(scope.start) if scope.start else min(found)
    last = monday(scope.end) if scope.end else max(found)
    first = max(first, last - timedelta(weeks=MAX_WEEKS - 1))
    weeks = []
    day = first
    while day <= last:
        row = found.get(day, {})
        weeks.append(
            Week(day, row.get("sent", 0), row.get("delivered", 0), row.get("displayed", 0))
        )
        day += timedelta(weeks=1)
    return weeks


def _utc_hour():
    """The event's hour in UTC, computed by the database itself.

    Weeks are bucketed in Python from these hours (a campaign has a few thousand
    at most), because Django's week truncation on SQLite calls a Python function
    for every row: seconds at a million events.
    """
    if connection.vendor == "sqlite":
        # SQLite keeps datetimes as UTC text, "YYYY-MM-DD HH:MM:SS…".
        return Substr("occurred_at", 1, 13)
    return TruncHour("occurred_at", tzinfo=UTC)


def _riga_day(hour) -> date:
    if isinstance(hour, str):
        hour = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
    return hour.astimezone(REPORT_TZ).date()


@cached_figure
def dispatch_waves(scope: Scope) -> list[Wave]:
    """The campaign's dispatches in the period with their placements in the scope (one query).

    With a region, only dispatches with a placement in it.
    """
    dispatches = Dispatch.objects.filter(campaign_id=scope.campaign.pk)
    if scope.start:
        dispatches = dispatches.filter(planned_on__gte=scope.start)
    if scope.end:
        dispatches = dispatches.filter(planned_on__lte=scope.end)
    in_region = Q()
    if scope.region is not None:
        in_region = Q(placements__venue__municipality__region_id=scope.region.pk)
    dispatches = dispatches.annotate(n=Count("placements", filter=in_region)).order_by(
        "planned_on", "pk"
    )
    if scope.region is not None:
        dispatches = dispatches.filter(n__gt=0)
    return [Wave(d.planned_on, d.name, d.n, d.pk) for d in dispatches]


# Stock and materials -------------------------------------------------------------


@dataclass(frozen=True)
class StockRow:
    edition_id: int
    label: str
    on_hand: int
    low: bool


def stock_on_hand(threshold: int | None = None) -> list[StockRow]:
    """On-hand per edition over every location, low below ``threshold`` (one query).

    The threshold defaults to ``settings.PLAKATS_STOCK_WARNING``.
    """
    if threshold is None:
        threshold = settings.PLAKATS_STOCK_WARNING
    rows = (
        StockMovement.objects.values(
            "edition",
            "edition__material__name",
            "edition__language",
            "edition__version",
        )
        .annotate(on_hand=Sum("delta"))
        .order_by("edition__material__name", "edition__language", "edition__version", "edition")
    )
    return [
        StockRow(
            row["edition"],
            f"{row['edition__material__name']} ({row['edition__language']}, "
            f"{row['edition__version']})",
            row["on_hand"],
            row["on_hand"] < threshold,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class MaterialRow:
    edition_id: int
    label: str
    placements: int
    quantity: int


SENT_OUT = {Delivery.SENT, Delivery.VIA_PARTNER, Delivery.DELIVERED}


@cached_figure
def materials_distributed(scope: Scope) -> list[MaterialRow]:
    """Per edition: placements sent out (sent, via partner, delivered, or displayed) and items.

    Summed from ``placement_groups``; one query for the editions' names.
    """
    sent: dict[int, list[int]] = {}
    for group in placement_groups(scope):
        if group.delivery in SENT_OUT or group.display == Display.DISPLAYED:
            figures = sent.setdefault(group.edition_id, [0, 0])
            figures[0] += group.placements
            figures[1] += group.quantity
    editions = (
        Edition.objects.filter(pk__in=sent)
        .values("pk", "material__name", "language", "version")
        .order_by("material__name", "language", "version", "pk")
    )
    return [
        MaterialRow(
            e["pk"], f"{e['material__name']} ({e['language']}, {e['version']})", *sent[e["pk"]]
        )
        for e in editions
    ]


# Coverage ----------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityCoverage:
    pk: int
    code: str
    name: str
    region_id: int
    region: str
    total: int
    reached: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.reached / self.total) if self.total else None

    @property
    def gap(self) -> int:
        return self.total - self.reached

    @property
    def never_reached(self) -> bool:
        return self.total > 0 and self.reached == 0


COVERAGE_SORTS = {
    # Sort key: (ascending, descending); municipalities without such venues stay last.
    # "gaps" (the default): never reached first, then the least covered.
    "gaps": (
        lambda m: (m.total == 0, m.reached > 0, m.percent or 0, -m.gap, m.name),
        lambda m: (m.total == 0, -(m.percent or 0), m.gap, m.name),
    ),
    "name": (lambda m: m.name, None),
    "percent": (
        lambda m: (m.total == 0, m.percent or 0, m.name),
        lambda m: (m.total == 0, -(m.percent or 0), m.name),
    ),
    "gap": (lambda m: (-m.gap, m.name), lambda m: (m.gap, m.name)),
}


@cached_figure
def coverage(
    scope: Scope, kind: str | None = None, sort: str = "gaps"
) -> list[MunicipalityCoverage]:
    """Per municipality: venues (of ``kind``) in the register and how many are reached.

    Every municipality (of the scope's region) has a row, never-reached ones
    first by default; ``sort`` is one of ``COVERAGE_SORTS`` ("-name" reverses).
    Two queries.
    """
    venues = register(scope)
    if kind:
        venues = venues.filter(kind=kind)
    counts = {
        row["municipality"]: (row["total"], row["reached"])
        for row in venues.filter(municipality__isnull=False)
        .annotate(is_reached=scope_venue_reached_q(scope))
        .values("municipality")
        .annotate(total=Count("pk"), reached=Count("pk", filter=Q(is_reached=True)))
        .order_by()
    }
    municipalities = Municipality.objects.select_related("region")
    if scope.region is not None:
        municipalities = municipalities.filter(region_id=scope.region.pk)
    rows = [
        MunicipalityCoverage(
            m.pk, m.code, m.name, m.region_id, m.region.name, *counts.get(m.pk, (0, 0))
        )
        for m in municipalities
    ]
    ascending, descending = COVERAGE_SORTS.get(sort.lstrip("-"), COVERAGE_SORTS["gaps"])
    if not sort.startswith("-"):
        return sorted(rows, key=ascending)
    if descending is None:
        return sorted(rows, key=ascending, reverse=True)
    return sorted(rows, key=descending)
