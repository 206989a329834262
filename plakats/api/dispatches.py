"""Dispatches: list, detail and create (coordinators), as on the new-dispatch page.

The header is read by the UI's ``DispatchForm`` (the edition must be current);
the lines name their venues, which must be active, as the page's venue filter
only offers active ones. ``services.create_dispatch`` then creates every
placement and takes the stock, all or nothing.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_coordinate, check
from plakats.distribution import services
from plakats.distribution.filters import DispatchFilter
from plakats.distribution.forms import BULK_LIMIT, MAX_QUANTITY, DispatchForm
from plakats.distribution.models import Dispatch
from plakats.venues.models import Venue

from . import idempotency
from .common import filtered, get, page, valid
from .errors import ERRORS, invalid
from .pagination import Id, PageParams, SearchText, page_of

router = Router(tags=["dispatches"])

DISPATCH_SORTS = {"date": "planned_on", "name": "name", "id": "id"}


class DispatchOut(Schema):
    id: int
    campaign: int = Field(validation_alias="campaign_id")
    name: str
    channel: str
    planned_on: date
    stock_location: int | None = Field(validation_alias="stock_location_id")
    partner: int | None = Field(validation_alias="partner_id")
    created_by: int | None = Field(validation_alias="created_by_id")
    note: str
    placement_count: int
    created_at: datetime


class DispatchQuery(PageParams):
    ordering: str = Field("-date", max_length=40, description="date, name or id.")
    q: SearchText | None = None
    campaign: Id | None = None
    channel: str | None = Field(None, max_length=40)
    date_from: date | None = None
    date_to: date | None = None


class LineIn(Schema):
    venue: Id
    quantity: int = Field(ge=0, le=MAX_QUANTITY, description="0 leaves the venue out.")


class DispatchIn(Schema):
    campaign: Id
    name: str
    channel: str
    planned_on: date
    edition: Id
    stock_location: Id | None = None
    note: str = ""
    lines: list[LineIn] = Field(min_length=1, max_length=BULK_LIMIT)


def _dispatches():
    return Dispatch.objects.annotate(placement_count=Count("placements"))


@router.get("/dispatches", response={200: page_of(DispatchOut), **ERRORS})
def list_dispatches(request, params: Query[DispatchQuery]):
    return page(filtered(DispatchFilter, params, _dispatches()), params, DISPATCH_SORTS)


@router.get("/dispatches/{pk}", response={200: DispatchOut, **ERRORS})
def get_dispatch(request, pk: Id):
    return get(_dispatches(), pk)


def _lines(payload: DispatchIn, edition_id: int) -> list[services.Line]:
    venue_ids = [line.venue for line in payload.lines]
    if len(set(venue_ids)) != len(venue_ids):
        raise invalid({"lines": [_("Each venue may appear in one line only.")]})
    active = set(Venue.objects.active().filter(pk__in=venue_ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in venue_ids if pk not in active]
    if missing:
        raise invalid(
            {
                "lines": [
                    _("These venues do not exist or are not active: %(venues)s.")
                    % {"venues": ", ".join(missing[:10])}
                ]
            }
        )
    return [
        services.Line(venue_id=line.venue, edition_id=edition_id, quantity=line.quantity)
        for line in payload.lines
        if line.quantity > 0
    ]


@router.post("/dispatches", response={201: DispatchOut, **ERRORS})
def create_dispatch(request, payload: DispatchIn, idempotency_key: str = idempotency.KeyHeader):
    """Create a dispatch with one planned placement per line and take its stock."""
    check(can_coordinate(request.auth))

    def create():
        data = valid(DispatchForm(payload.model_dump(exclude={"lines"}, exclude_none=True)))
        with transaction.atomic():
            dispatch = services.create_dispatch(
                campaign=data["campaign"],
                name=data["name"],
                channel=data["channel"],
                planned_on=data["planned_on"],
                lines=_lines(payload, data["edition"].pk),
                stock_location=data["stock_location"],
                user=request.auth,
                note=data["note"],
            )
        body = DispatchOut.from_orm(get(_dispatches(), dispatch.pk))
        return 201, body.model_dump(mode="json")

    return idempotency.once(request, idempotency_key, create)
