"""The data behind the venue map: every venue with its placement status in one campaign.

A venue's map status is the furthest any of its placements in the campaign got
(``MapStatus``, ranked worst to best). "Displayed" counts only with evidence
newer than ``PLAKATS_EVIDENCE_MAX_AGE_DAYS``; a placement marked displayed with
older evidence shows as "delivered". Two queries whatever the number of venues:
one for the venues, one for their best placement status (grouped in the database).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Case, F, IntegerField, Max, Q, Value, When
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from plakats.distribution.choices import Delivery, Display, Reach
from plakats.distribution.models import Placement, PlacementQuerySet
from plakats.venues.choices import VenueKind
from plakats.venues.models import Venue

# Coordinates travel as whole numbers of 1/100,000 degree (about a metre).
COORDINATE_SCALE = 100_000


class MapStatus:
    """A venue's status on the map, as small integers ranked worst to best."""

    NOT_REACHED = 0
    NOT_DISPLAYED = 1
    SENT = 2
    DELIVERED = 3
    DISPLAYED = 4

    # (value, code used in CSS classes and URLs, label), in rank order.
    ALL = (
        (NOT_REACHED, "not_reached", _("not reached")),
        (NOT_DISPLAYED, "not_displayed", _("not displayed or removed")),
        (SENT, "sent", _("sent")),
        (DELIVERED, "delivered", _("delivered")),
        (DISPLAYED, "displayed", _("displayed (recent evidence)")),
    )
    # The order of the legend: how far things got, then the setbacks.
    LEGEND = (NOT_REACHED, SENT, DELIVERED, DISPLAYED, NOT_DISPLAYED)

    @classmethod
    def code(cls, value: int) -> str:
        return cls.ALL[value][1]

    @classmethod
    def by_code(cls, code: str) -> int | None:
        return next((value for value, c, _label in cls.ALL if c == code), None)

    @classmethod
    def legend(cls) -> list[tuple[str, str]]:
        return [(cls.ALL[value][1], cls.ALL[value][2]) for value in cls.LEGEND]


def placement_status(now: datetime | None = None) -> Case:
    """One placement's map status as a database expression (first match wins)."""
    return Case(
        When(
            PlacementQuerySet.reached_q(Reach.DISPLAYED, verified=True, now=now),
            then=Value(MapStatus.DISPLAYED),
        ),
        When(
            display__in=[Display.NOT_DISPLAYED, Display.REMOVED, Display.DAMAGED],
            then=Value(MapStatus.NOT_DISPLAYED),
        ),
        When(
            Q(display=Display.DISPLAYED) | Q(delivery=Delivery.DELIVERED),
            then=Value(MapStatus.DELIVERED),
        ),
        When(delivery__in=[Delivery.SENT, Delivery.VIA_PARTNER], then=Value(MapStatus.SENT)),
        default=Value(MapStatus.NOT_REACHED),
        output_field=IntegerField(),
    )


@dataclass
class VenueMap:
    """Venues as compact rows: ``[id, lat, lon, status, kind index, municipality index, name]``.

    ``lat`` and ``lon`` are integers in 1/``COORDINATE_SCALE`` degrees.
    """

    rows: list[list] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    unlocated: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    FIELDS = ("id", "lat", "lon", "status", "kind", "municipality", "name")

    def as_json(self) -> dict:
        return {
            "fields": list(self.FIELDS),
            "scale": COORDINATE_SCALE,
            "statuses": [[code, str(label)] for _value, code, label in MapStatus.ALL],
            "kinds": [[code, str(label)] for code, label in self.kinds],
            "municipalities": self.municipalities,
            "venues": self.rows,
            "unlocated": self.unlocated,
            "counts": self.counts,
        }


def _fetch(queryset) -> list[tuple]:
    """Run a values_list query as built by the ORM, without per-value converters.

    Every column here is an int or a string the driver already returns as such;
    skipping Django's converter calls saves a third of the time at 100,000 venues.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def venue_map(
    campaign_id: int | None,
    *,
    region_id: int | None = None,
    kind: str | None = None,
    status: int | None = None,
    now: datetime | None = None,
) -> VenueMap:
    """Return the active venues (filtered) with their map status in ``campaign_id``.

    Venues without coordinates are counted in ``unlocated`` (by the same
    filters), not placed on the map. ``counts`` gives the located venues per
    status before the status filter, for the legend.
    """
    statuses: dict[int, int] = {}
    if campaign_id is not None:
        statuses = dict(
            _fetch(
                Placement.objects.filter(campaign_id=campaign_id)
                .order_by()
                .values("venue_id")
                .annotate(best=Max(placement_status(now)))
                .values_list("venue_id", "best")
            )
        )

    venues = Venue.objects.active().order_by()
    if region_id is not None:
        venues = venues.filter(municipality__region_id=region_id)
    if kind:
        venues = venues.filter(kind=kind)
    venues = venues.values_list(
        "pk",
        # Whole units of COORDINATE_SCALE: ints cost less to read and to write as JSON.
        Cast(Round(F("latitude") * COORDINATE_SCALE), IntegerField()),
        Cast(Round(F("longitude") * COORDINATE_SCALE), IntegerField()),
        "kind",
        "municipality__name",
        "name",
    )

    kind_index = {code: i for i, (code, _label) in enumerate(VenueKind.choices)}
    municipality_index: dict[str | None, int] = {}
    counts = [0] * len(MapStatus.ALL)
    rows, unlocated = [], 0
    get_status, add = statuses.get, rows.append
    for pk, lat, lon, venue_kind, municipality, name in _fetch(venues):
        if lat is None or lon is None:
            unlocated += 1
            continue
        best = get_status(pk, 0)
        counts[best] += 1
        if status is not None and best != status:
            continue
        m = municipality_index.setdefault(municipality, len(municipality_index))
        add([pk, lat, lon, best, kind_index.get(venue_kind, -1), m, name])
    result = VenueMap(rows=rows, kinds=list(VenueKind.choices), unlocated=unlocated)
    result.municipalities = [name or "" for name in municipality_index]
    result.counts = {MapStatus.code(value): n for value, n in enumerate(counts)}
    return result
