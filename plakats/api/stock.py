"""Stock: locations, on-hand per edition and location, the ledger, and new movements.

On-hand figures come from ``plakats.materials.queries.stock_table`` (one GROUP
BY); movements are recorded by ``plakats.materials.services`` after the UI's
movement forms have read the input, so "stock never goes below zero" and the
other rules live in one place. Recording a movement needs the same right as on
the location's page: a writer, and a regional consultant only in its regions.
"""

import base64
import binascii
import json
from datetime import date, datetime
from typing import Literal

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_edit_region, can_write, check
from plakats.materials import queries, services
from plakats.materials.filters import StockFilter
from plakats.materials.forms import ReceiveForm, ReturnForm, TransferForm, WriteOffForm
from plakats.materials.models import StockLocation, StockMovement

from . import idempotency
from .common import filtered, get, page, valid
from .errors import ERRORS, invalid
from .pagination import Id, PageParams, SearchText, page_of

router = Router(tags=["stock"])

LOCATION_SORTS = {"name": "name", "id": "id"}
MOVEMENT_SORTS = {"id": "id", "date": "occurred_on"}


class LocationOut(Schema):
    id: int
    name: str
    region: int | None = Field(validation_alias="region_id")
    holder: int | None = Field(validation_alias="holder_id")
    low_stock_threshold: int


class LocationQuery(PageParams):
    ordering: str = Field("name", max_length=40, description="name or id.")
    region: Id | None = None
    q: SearchText | None = None


class OnHandOut(Schema):
    edition: int
    material: int
    location: int
    on_hand: int
    low: bool


class OnHandPage(Schema):
    results: list[OnHandOut]
    next: str | None = None


class OnHandQuery(Schema):
    location: Id | None = None
    material: Id | None = None
    low: bool | None = Field(None, description="Only rows below the location's threshold.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=200)


class MovementOut(Schema):
    id: int
    edition: int = Field(validation_alias="edition_id")
    location: int = Field(validation_alias="location_id")
    kind: str
    delta: int
    occurred_on: date
    dispatch: int | None = Field(validation_alias="dispatch_id")
    counterpart: int | None = Field(validation_alias="counterpart_id")
    note: str
    created_by: int | None = Field(validation_alias="created_by_id")
    created_at: datetime


class MovementQuery(PageParams):
    ordering: str = Field("-id", max_length=40, description="id or date; '-' descends.")
    location: Id | None = None
    material: Id | None = None
    edition: Id | None = None


class MovementIn(Schema):
    kind: Literal["receive", "transfer", "write_off", "return"]
    location: Id = Field(description="Where the stock is received, taken from or returned to.")
    edition: Id
    quantity: int = Field(ge=1, le=10_000_000)
    destination: Id | None = Field(None, description="For a transfer: the receiving location.")
    dispatch: Id | None = Field(None, description="For a return: the dispatch it came from.")
    occurred_on: date | None = Field(None, description="For a receipt: when it arrived.")
    note: str = Field("", description="Required for a write-off: the reason.")


class MovementsOut(Schema):
    movements: list[MovementOut]


@router.get("/stock/locations", response={200: page_of(LocationOut), **ERRORS})
def list_locations(request, params: Query[LocationQuery]):
    locations = StockLocation.objects.all()
    if params.region:
        locations = locations.filter(region_id=params.region)
    if params.q:
        locations = locations.filter(name__icontains=params.q)
    return page(locations, params, LOCATION_SORTS)


@router.get("/stock/locations/{pk}", response={200: LocationOut, **ERRORS})
def get_location(request, pk: Id):
    return get(StockLocation.objects.all(), pk)


def _stock_cursor(row) -> str:
    raw = json.dumps([row["edition"], row["location"]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str) -> Q:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        edition, location = json.loads(raw)
        if not all(isinstance(v, int) and 0 <= v < 2**63 for v in (edition, location)):
            raise ValueError
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise invalid({"cursor": [_("This cursor is not valid for this list.")]}) from None
    return Q(edition__gt=edition) | Q(edition=edition, location__gt=location)


@router.get("/stock/on-hand", response={200: OnHandPage, **ERRORS})
def on_hand(request, params: Query[OnHandQuery]):
    """On-hand per edition and location (the stock page's table), ordered by edition, location."""
    movements = filtered(StockFilter, params, StockMovement.objects.all())
    if params.cursor:
        movements = movements.filter(_after(params.cursor))
    rows = queries.stock_table(movements, only_low=bool(params.low)).order_by("edition", "location")
    rows = list(rows[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    results = [
        {
            "edition": r["edition"],
            "material": r["edition__material"],
            "location": r["location"],
            "on_hand": r["on_hand"],
            "low": r["on_hand"] < r["location__low_stock_threshold"],
        }
        for r in rows
    ]
    return {"results": results, "next": _stock_cursor(rows[-1]) if more else None}


@router.get("/stock/movements", response={200: page_of(MovementOut), **ERRORS})
def list_movements(request, params: Query[MovementQuery]):
    movements = filtered(StockFilter, params, StockMovement.objects.all())
    if params.edition:
        movements = movements.filter(edition_id=params.edition)
    return page(movements, params, MOVEMENT_SORTS)


def _record(request, payload: MovementIn, location: StockLocation) -> list[StockMovement]:
    user = request.auth
    data = payload.model_dump(exclude_none=True)
    if payload.kind == "receive":
        form = valid(ReceiveForm(data))
        return [
            services.receive_print_run(
                form["edition"],
                location,
                form["quantity"],
                user=user,
                note=form["note"],
                occurred_on=form["occurred_on"],
            )
        ]
    if payload.kind == "transfer":
        form = valid(TransferForm(data, source=location, user=user))
        return list(
            services.transfer(
                form["edition"],
                location,
                form["destination"],
                form["quantity"],
                user=user,
                note=form["note"],
            )
        )
    if payload.kind == "write_off":
        form = valid(WriteOffForm(data))
        return [
            services.write_off(
                form["edition"], location, form["quantity"], user=user, note=form["note"]
            )
        ]
    form = valid(ReturnForm(data, location=location))
    return [
        services.record_return(
            form["edition"],
            location,
            form["quantity"],
            user=user,
            note=form["note"],
            dispatch=form["dispatch"],
        )
    ]


@router.post("/stock/movements", response={201: MovementsOut, **ERRORS})
def create_movement(request, payload: MovementIn, idempotency_key: str = idempotency.KeyHeader):
    """Receive, transfer, write off or return stock (all or nothing)."""
    check(can_write(request.auth))
    location = get(StockLocation.objects.all(), payload.location)
    check(can_edit_region(request.auth, location.region_id))

    def create():
        movements = _record(request, payload, location)
        return 201, {
            "movements": [MovementOut.from_orm(m).model_dump(mode="json") for m in movements]
        }

    return idempotency.once(request, idempotency_key, create)
