"""What each list page exports: its filterset, its rows and its columns.

Every export takes the same URL parameters as the list it comes from (the
list's own FilterSet and sort keys), so "export" always means "the rows I am
looking at, all pages of them". Lists show every row to every role, so exports
do too. Choice columns carry their labels in the current language; ids,
codes and registry numbers are there for matching rows back.

Rows are the ``.values()`` of exactly the columns' fields (one query, joins
included), read in chunks by ``read_values``: building eight model instances
per placement row made a 100,000-row export several times slower, and
Django's per-row conversion of ``.values()`` was a third of what remained.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import django_filters
from django.conf import settings
from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.sql.constants import MULTI
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plakats.core.errors import DomainError
from plakats.distribution.choices import Axis, Source
from plakats.distribution.filters import CampaignFilter, DispatchFilter, PlacementFilter
from plakats.distribution.models import Campaign, Dispatch, Placement, PlacementEvent
from plakats.distribution.views.campaigns import CAMPAIGN_SORTS
from plakats.distribution.views.dispatches import DISPATCH_SORTS
from plakats.distribution.views.placements import PLACEMENT_SORTS
from plakats.materials import queries as stock_queries
from plakats.materials.filters import MaterialFilter, StockFilter
from plakats.materials.models import Edition, Material, StockMovement
from plakats.materials.views import MATERIAL_SORTS
from plakats.venues.filters import PartnerFilter, VenueFilter
from plakats.venues.models import Partner, Venue
from plakats.venues.views import PARTNER_SORTS, VENUE_SORTS

from .exports import ITERATOR_CHUNK, Column

# One column: its header, the ``.values()`` key it shows, and an optional
# conversion of that value (with key None, the conversion gets the whole row).
Field = tuple[Promise, str | None] | tuple[Promise, str | None, Callable[[Any], Any]]


class ExportFilterError(DomainError):
    """The export's URL or ``--filter`` values do not pass the list's filters."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {name: [str(e) for e in messages] for name, messages in errors.items()}
        details = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in self.errors.items()
        )
        super().__init__(_("The filters are not valid: %(details)s") % {"details": details})


@dataclass(frozen=True)
class ListExport:
    """One exportable list.

    ``fields`` is called when an export starts (inside the user's language), so
    headers and choice labels are translated once per export, not per row.
    ``rows`` is given when the rows are not simply the filtered, sorted
    queryset (stock on hand is an aggregate; events follow the placement filter).
    """

    name: str
    title: Promise
    list_url: str
    filterset: type[django_filters.FilterSet]
    queryset: Callable[[], QuerySet]
    fields: Callable[[], list[Field]]
    sorts: Mapping[str, str] = field(default_factory=dict)
    default_sort: str = ""
    default_params: Mapping[str, str] | None = None
    rows: Callable[["ListExport", django_filters.FilterSet, QueryDict], Iterable] | None = None
    extra_values: tuple[str, ...] = ()

    def values(self) -> list[str]:
        """The ``.values()`` keys the columns read."""
        keys = [spec[1] for spec in self.fields() if spec[1] is not None]
        return list(dict.fromkeys([*keys, *self.extra_values]))

    def columns(self) -> list[Column]:
        return [(spec[0], _getter(*spec[1:])) for spec in self.fields()]


def _getter(key: str | None, convert: Callable | None = None) -> Callable[[dict], Any]:
    if key is None:
        return convert
    if convert is None:
        return itemgetter(key)
    return lambda row: convert(row[key])


def ordered(queryset: QuerySet, sorts: Mapping[str, str], default_sort: str, requested: str):
    """Order as the list does (``plakats.core.lists.list_context``): a whitelisted key, then pk."""
    requested = requested or default_sort
    key = requested.lstrip("-")
    if key not in sorts:
        requested, key = default_sort, default_sort.lstrip("-")
    if not key:
        return queryset.order_by("pk")
    descending = requested.startswith("-")
    column = sorts[key]
    return queryset.order_by(f"-{column}" if descending else column, "-pk" if descending else "pk")


def _query(params: Mapping[str, Any], defaults: Mapping[str, str] | None) -> QueryDict:
    if isinstance(params, QueryDict):
        data = params
    else:
        data = QueryDict(mutable=True)
        for key, value in params.items():
            data.setlist(key, value if isinstance(value, list) else [value])
    if not data and defaults:
        data = QueryDict(mutable=True)
        data.update(defaults)
    return data


def export_rows(export: ListExport, params: Mapping[str, Any]) -> Iterable[dict]:
    """The rows of ``export`` for the list parameters ``params`` (lazy: nothing is read yet).

    Raises ``ExportFilterError`` when a filter value is not valid, rather than
    exporting more rows than were asked for.
    """
    data = _query(params, export.default_params)
    filterset = export.filterset(data, queryset=export.queryset())
    if not filterset.is_valid():
        raise ExportFilterError(filterset.errors)
    if export.rows is not None:
        return export.rows(export, filterset, data)
    queryset = ordered(filterset.qs, export.sorts, export.default_sort, data.get("sort", ""))
    return read_values(queryset, export.values())


def read_values(queryset: QuerySet, keys: list[str]) -> Iterator[dict]:
    """The rows of ``queryset.values(*keys).iterator()``, converted more cheaply.

    Django passes every row through a generic chain of converters; here each
    column that needs one gets its own, and SQLite's date-times (naive UTC)
    are made aware with one ``replace`` instead of Django's general
    ``make_aware``. Rows are read in chunks from a server-side cursor where
    the database has them, as ``.iterator()`` does.
    """
    query = queryset.values_list(*keys).query
    connection = connections[queryset.db]
    compiler = query.get_compiler(connection=connection)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ITERATOR_CHUNK)
    selected = compiler.select[: compiler.col_count]
    names = [alias for _expression, _sql, alias in selected]
    fields = [expression for expression, _sql, _alias in selected]
    converters = [
        (position, _converter(connection, functions, expression))
        for position, (functions, expression) in compiler.get_converters(fields).items()
    ]
    for chunk in chunks:
        for row in chunk:
            if converters:
                row = list(row)
                for position, convert in converters:
                    row[position] = convert(row[position])
            yield dict(zip(names, row, strict=False))


def _converter(connection, functions: list, expression) -> Callable[[Any], Any]:
    """One column's conversion from the database's value to Django's."""
    sqlite_datetime = getattr(type(connection.ops), "convert_datetimefield_value", None)
    if (
        connection.vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone == UTC
        and [getattr(function, "__func__", None) for function in functions] == [sqlite_datetime]
    ):
        # The sqlite3 module has already parsed the text (Django registers
        # a "datetime" converter); only the zone is missing.
        django_convert = functions[0]
        return lambda value: (
            value.replace(tzinfo=UTC)
            if type(value) is datetime and value.tzinfo is None
            else django_convert(value, expression, connection)
        )
    if len(functions) == 1:
        function = functions[0]
        return lambda value: function(value, expression, connection)

    def convert(value: Any) -> Any:
        for function in functions:
            value = function(value, expression, connection)
        return value

    return convert


def _display(model, name: str) -> Callable[[str], str]:
    """A field's choice label, translated once per export.

    ``get_FOO_display()`` translates (and hashes every choice) again for each
    row, which was most of the time of a large export.
    """
    labels = {value: str(label) for value, label in model._meta.get_field(name).flatchoices}
    return lambda value: labels.get(value, value)


def _text(value) -> str:
    return "" if value is None else value


# Venues and partners ---------------------------------------------------------------


def venue_fields() -> list[Field]:
    kind, language = _display(Venue, "kind"), _display(Venue, "language")
    return [
        (_("id"), "id"),
        (_("name"), "name"),
        (_("kind"), "kind", kind),
        (_("network"), "network__name", _text),
        (_("municipality code"), "municipality__code", _text),
        (_("municipality"), "municipality__name", _text),
        (_("region"), "municipality__region__name", _text),
        (_("town or parish code"), "place__code", _text),
        (_("town or parish"), "place__name", _text),
        (_("address"), "address"),
        (_("postal code"), "postal_code"),
        (_("latitude"), "latitude"),
        (_("longitude"), "longitude"),
        (_("web address"), "url"),
        (_("language"), "language", language),
        (_("contact person"), "contact_name"),
        (_("e-mail"), "email"),
        (_("phone"), "phone"),
        (_("external register"), "external_source"),
        (_("external id"), "external_id"),
        (_("active"), "is_active"),
        (_("merged into (id)"), "merged_into"),
        (_("notes"), "notes"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


def partner_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("name"), "name"),
        (_("kind"), "kind", _display(Partner, "kind")),
        (_("registration number"), "registration_number"),
        (_("website"), "website"),
        (_("e-mail"), "email"),
        (_("phone"), "phone"),
        (_("coalition member"), "is_coalition_member"),
        (_("notes"), "notes"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


# Materials, editions, stock ------------------------------------------------------------


def material_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("name"), "name"),
        (_("kind"), "kind", _display(Material, "kind")),
        (_("size"), "size"),
        (_("editions"), "edition_count"),
        (_("description"), "description"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


def edition_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("material id"), "material"),
        (_("material"), "material__name"),
        (_("kind"), "material__kind", _display(Material, "kind")),
        (_("size"), "material__size"),
        (_("language"), "language", _display(Edition, "language")),
        (_("version"), "version"),
        (_("hotline numbers"), "hotline_numbers"),
        (_("web addresses"), "urls", lambda urls: ", ".join(urls.split())),
        (_("print run"), "print_run"),
        (_("valid from"), "valid_from"),
        (_("valid until"), "valid_until"),
        (_("supersedes (id)"), "supersedes"),
        (_("withdrawn on"), "withdrawn_on"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


def _edition_rows(export, filterset, params) -> Iterable[dict]:
    editions = Edition.objects.filter(material__in=filterset.qs.values("pk")).order_by(
        "material__name", "language", "version", "pk"
    )
    return read_values(editions, export.values())


def stock_fields() -> list[Field]:
    return [
        (_("edition id"), "edition"),
        (_("material"), "edition__material__name"),
        (_("language"), "edition__language", _display(Edition, "language")),
        (_("version"), "edition__version"),
        (_("location id"), "location"),
        (_("location"), "location__name"),
        (_("on hand"), "on_hand"),
        (_("warn below"), "location__low_stock_threshold"),
        (_("low stock"), None, lambda r: r["on_hand"] < r["location__low_stock_threshold"]),
    ]


def _stock_rows(export, filterset, params) -> Iterable[dict]:
    only_low = bool(filterset.form.cleaned_data.get("low"))
    sort = params.get("sort", "material")
    if sort.lstrip("-") not in stock_queries.STOCK_SORTS:
        sort = "material"
    rows = stock_queries.stock_table(filterset.qs, sort=sort, only_low=only_low)
    return rows.iterator(chunk_size=ITERATOR_CHUNK)


def ledger_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("date"), "occurred_on"),
        (_("location"), "location__name"),
        (_("edition id"), "edition"),
        (_("material"), "edition__material__name"),
        (_("language"), "edition__language", _display(Edition, "language")),
        (_("version"), "edition__version"),
        (_("kind"), "kind", _display(StockMovement, "kind")),
        (_("quantity change"), "delta"),
        (_("dispatch"), "dispatch__name", _text),
        (_("other side of the transfer (id)"), "counterpart"),
        (_("note"), "note"),
        (_("recorded by"), "created_by__username", _text),
        (_("recorded"), "created_at"),
    ]


def _ledger_rows(export, filterset, params) -> Iterable[dict]:
    movements = filterset.qs.order_by("occurred_on", "created_at", "pk")
    return read_values(movements, export.values())


# Campaigns, dispatches, placements, events ---------------------------------------------


def campaign_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("name"), "name"),
        (_("starts"), "starts_on"),
        (_("ends"), "ends_on"),
        (_("funder"), "funder__name", _text),
        (_("placements"), "placement_count"),
        (_("description"), "description"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


def dispatch_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("name"), "name"),
        (_("campaign"), "campaign__name"),
        (_("channel"), "channel", _display(Dispatch, "channel")),
        (_("date"), "planned_on"),
        (_("from stock at"), "stock_location__name", _text),
        (_("carried by partner"), "partner__name", _text),
        (_("placements"), "placement_count"),
        (_("created by"), "created_by__username", _text),
        (_("note"), "note"),
        (_("created"), "created_at"),
    ]


def placement_fields() -> list[Field]:
    return [
        (_("id"), "id"),
        (_("code"), "code"),
        (_("campaign"), "campaign__name"),
        (_("dispatch"), "dispatch__name", _text),
        (_("dispatch date"), "dispatch__planned_on"),
        (_("venue id"), "venue"),
        (_("venue"), "venue__name"),
        (_("venue external id"), "venue__external_id"),
        (_("kind of venue"), "venue__kind", _display(Venue, "kind")),
        (_("municipality"), "venue__municipality__name", _text),
        (_("region"), "venue__municipality__region__name", _text),
        (_("edition id"), "edition"),
        (_("material"), "edition__material__name"),
        (_("language"), "edition__language", _display(Edition, "language")),
        (_("version"), "edition__version"),
        (_("quantity"), "quantity"),
        (_("delivery"), "delivery", _display(Placement, "delivery")),
        (_("display"), "display", _display(Placement, "display")),
        (_("evidence"), "evidence", _display(Placement, "evidence")),
        (_("evidence date"), "evidence_at"),
        (_("where it hangs"), "location_note"),
        (_("created"), "created_at"),
        (_("updated"), "updated_at"),
    ]


def _placement_rows(export, filterset, params) -> Iterable[dict]:
    from .placement_csv import PlacementRows

    queryset = ordered(filterset.qs, export.sorts, export.default_sort, params.get("sort", ""))
    return PlacementRows(queryset, export.fields(), export.values())


class EventFilter(django_filters.FilterSet):
    """Event-level filters, applied on top of the placement list's filters."""

    axis = django_filters.ChoiceFilter(label=_("Axis"), choices=Axis.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    event_from = django_filters.DateFilter(
        label=_("Changed from"), field_name="occurred_at__date", lookup_expr="gte"
    )
    event_to = django_filters.DateFilter(
        label=_("Changed until"), field_name="occurred_at__date", lookup_expr="lte"
    )

    class Meta:
        model = PlacementEvent
        fields = ["axis", "source", "event_from", "event_to"]


def event_fields() -> list[Field]:
    value_labels = {axis: _display(Placement, axis) for axis in Axis.values}

    def label(key: str) -> Callable[[dict], str]:
        def convert(row: dict) -> str:
            labels = value_labels.get(row["axis"])
            return labels(row[key]) if labels else row[key]

        return convert

    return [
        (_("id"), "id"),
        (_("placement id"), "placement"),
        (_("placement code"), "placement__code"),
        (_("venue"), "placement__venue__name"),
        (_("campaign"), "placement__campaign__name"),
        (_("axis"), "axis", _display(PlacementEvent, "axis")),
        (_("from"), None, label("old_value")),
        (_("to"), None, label("new_value")),
        (_("source"), "source", _display(PlacementEvent, "source")),
        (_("when"), "occurred_at"),
        (_("recorded"), "recorded_at"),
        (_("by"), "actor__username", _text),
        (_("note"), "note"),
        (_("bulk step"), "batch"),
        (_("undoes (id)"), "undoes"),
    ]


def _event_rows(export, filterset, params) -> Iterable[dict]:
    events = PlacementEvent.objects.all()
    if any(value not in (None, "") for value in filterset.form.cleaned_data.values()):
        events = events.filter(placement__in=filterset.qs.values("pk"))
    event_filter = EventFilter(params, queryset=events)
    if not event_filter.is_valid():
        raise ExportFilterError(event_filter.errors)
    return read_values(event_filter.qs.order_by("occurred_at", "pk"), export.values())


EXPORTS: dict[str, ListExport] = {
    export.name: export
    for export in [
        ListExport(
            name="venues",
            title=_("venues"),
            list_url="venues:venue_list",
            filterset=VenueFilter,
            queryset=lambda: Venue.objects.all(),
            fields=venue_fields,
            sorts=VENUE_SORTS,
            default_sort="name",
            # The venue list shows active venues until a filter is chosen.
            default_params={"active": "true"},
        ),
        ListExport(
            name="partners",
            title=_("partners"),
            list_url="venues:partner_list",
            filterset=PartnerFilter,
            queryset=lambda: Partner.objects.all(),
            fields=partner_fields,
            sorts=PARTNER_SORTS,
            default_sort="name",
        ),
        ListExport(
            name="materials",
            title=_("materials"),
            list_url="materials:material_list",
            filterset=MaterialFilter,
            queryset=lambda: Material.objects.annotate(edition_count=Count("editions")),
            fields=material_fields,
            sorts=MATERIAL_SORTS,
            default_sort="name",
        ),
        ListExport(
            name="editions",
            title=_("editions"),
            list_url="materials:material_list",
            filterset=MaterialFilter,
            queryset=lambda: Material.objects.all(),
            fields=edition_fields,
            rows=_edition_rows,
        ),
        ListExport(
            name="stock",
            title=_("stock on hand"),
            list_url="materials:stock",
            filterset=StockFilter,
            queryset=lambda: StockMovement.objects.all(),
            fields=stock_fields,
            rows=_stock_rows,
        ),
        ListExport(
            name="ledger",
            title=_("stock ledger"),
            list_url="materials:stock",
            filterset=StockFilter,
            queryset=lambda: StockMovement.objects.all(),
            fields=ledger_fields,
            rows=_ledger_rows,
        ),
        ListExport(
            name="campaigns",
            title=_("campaigns"),
            list_url="distribution:campaign_list",
            filterset=CampaignFilter,
            queryset=lambda: Campaign.objects.annotate(placement_count=Count("placements")),
            fields=campaign_fields,
            sorts=CAMPAIGN_SORTS,
            default_sort="-starts",
        ),
        ListExport(
            name="dispatches",
            title=_("dispatches"),
            list_url="distribution:dispatch_list",
            filterset=DispatchFilter,
            queryset=lambda: Dispatch.objects.annotate(placement_count=Count("placements")),
            fields=dispatch_fields,
            sorts=DISPATCH_SORTS,
            default_sort="-date",
        ),
        ListExport(
            name="placements",
            title=_("placements"),
            list_url="distribution:placement_list",
            filterset=PlacementFilter,
            queryset=lambda: Placement.objects.all(),
            fields=placement_fields,
            sorts=PLACEMENT_SORTS,
            default_sort="-created",
            rows=_placement_rows,
        ),
        ListExport(
            name="events",
            title=_("placement events"),
            list_url="distribution:placement_list",
            filterset=PlacementFilter,
            queryset=lambda: Placement.objects.all(),
            fields=event_fields,
            rows=_event_rows,
            extra_values=("old_value", "new_value"),
        ),
    ]
}
