"""Read-side stock figures: on-hand sums of the ledger, each in one aggregate query.

On-hand is never stored; every figure here is ``SUM(delta)`` of ``StockMovement``
rows grouped in the database, so a page costs the same whatever the ledger's length.
"""

from django.db.models import F, QuerySet, Sum

from .models import Edition, StockLocation, StockMovement

EDITION_COLUMNS = (
    "edition",
    "edition__material",
    "edition__material__name",
    "edition__language",
    "edition__version",
)
LOCATION_COLUMNS = (
    "location",
    "location__name",
    "location__region",
    "location__low_stock_threshold",
)

STOCK_SORTS = {
    "material": ("edition__material__name", "edition__language", "edition__version"),
    "location": ("location__name",),
    "on_hand": ("on_hand",),
}


def stock_table(
    movements: QuerySet[StockMovement], *, sort: str = "material", only_low: bool = False
) -> QuerySet:
    """On-hand per edition and location of ``movements``, as dicts (one GROUP BY query).

    Each row carries the edition's and location's display columns, ``on_hand``
    and ``low`` (on-hand below the location's warning threshold).
    """
    descending = sort.startswith("-")
    columns = STOCK_SORTS.get(sort.lstrip("-"), STOCK_SORTS["material"])
    order = [f"-{c}" if descending else c for c in columns]
    rows = movements.values(*EDITION_COLUMNS, *LOCATION_COLUMNS).annotate(on_hand=Sum("delta"))
    if only_low:
        rows = rows.filter(on_hand__lt=F("location__low_stock_threshold"))
    return rows.order_by(*order, "edition__material__name", "edition", "location__name", "location")


def stock_of_edition(edition: Edition) -> QuerySet:
    """On-hand of one edition at each location that ever held it (one query)."""
    return (
        StockMovement.objects.filter(edition=edition)
        .values(*LOCATION_COLUMNS)
        .annotate(on_hand=Sum("delta"))
        .order_by("location__name", "location")
    )


def stock_at_location(location: StockLocation) -> QuerySet:
    """On-hand of every edition a location ever held (one query)."""
    return (
        StockMovement.objects.filter(location=location)
        .values(*EDITION_COLUMNS)
        .annotate(on_hand=Sum("delta"))
        .order_by("edition__material__name", "edition__language", "edition__version", "edition")
    )


def describe(rows) -> list[dict]:
    """Add display values to stock rows: the language's label and the low-stock flag."""
    languages = dict(Edition._meta.get_field("language").flatchoices)
    described = []
    for row in rows:
        row = dict(row)
        if "edition__language" in row:
            row["language_label"] = languages.get(row["edition__language"], "")
        if "location__low_stock_threshold" in row:
            row["low"] = row["on_hand"] < row["location__low_stock_threshold"]
        described.append(row)
    return described
