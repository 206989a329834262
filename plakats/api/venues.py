"""Venues and partners: lists with the UI's filters, detail, create and update.

Writes go through the UI's own forms (``VenueForm``, ``PartnerForm``), so each
validation rule lives in one place; a regional consultant edits venues only in
its regions, as on the venue pages.
"""

from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_coordinate, can_edit_venue, can_write, check
from plakats.venues.filters import PartnerFilter, VenueFilter
from plakats.venues.forms import PartnerForm, VenueForm
from plakats.venues.models import Partner, Venue

from . import idempotency
from .common import created, filtered, form_data, get, page, save_form, valid
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of
from .versions import EDIT_ERRORS, IfMatch, locked, tagged

router = Router(tags=["venues"])

VENUE_SORTS = {"name": "name", "kind": "kind", "updated": "updated_at", "id": "id"}
PARTNER_SORTS = {"name": "name", "kind": "kind", "id": "id"}


class VenueOut(Schema):
    id: int
    name: str
    kind: str
    network: int | None = Field(validation_alias="network_id")
    municipality: int | None = Field(validation_alias="municipality_id")
    region: int | None
    place: int | None = Field(validation_alias="place_id")
    address: str
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    url: str
    language: str
    contact_name: str
    email: str
    phone: str
    external_source: str
    external_id: str
    is_active: bool
    merged_into: int | None = Field(validation_alias="merged_into_id")
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_region(venue) -> int | None:
        return venue.municipality.region_id if venue.municipality_id else None


class VenueIn(Schema):
    name: str
    kind: str
    network: Id | None = None
    municipality: Id | None = None
    place: Id | None = None
    address: str = ""
    postal_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    url: str = ""
    language: str = "lv"
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    external_source: str = ""
    external_id: str = ""
    is_active: bool = True
    notes: str = ""


class VenuePatch(Schema):
    name: str = None
    kind: str = None
    network: Id | None = None
    municipality: Id | None = None
    place: Id | None = None
    address: str = None
    postal_code: str = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    url: str = None
    language: str = None
    contact_name: str = None
    email: str = None
    phone: str = None
    external_source: str = None
    external_id: str = None
    is_active: bool = None
    notes: str = None


class VenueQuery(PageParams):
    ordering: str = Field("name", max_length=40, description="name, kind, updated or id.")
    q: SearchText | None = None
    kind: str | None = Field(None, max_length=40)
    region: Id | None = None
    municipality: Id | None = None
    network: Id | None = None
    active: bool | None = None


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    registration_number: str
    website: str
    email: str
    phone: str
    is_coalition_member: bool
    notes: str


class PartnerIn(Schema):
    name: str
    kind: str
    registration_number: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    is_coalition_member: bool = False
    notes: str = ""


class PartnerPatch(Schema):
    name: str = None
    kind: str = None
    registration_number: str = None
    website: str = None
    email: str = None
    phone: str = None
    is_coalition_member: bool = None
    notes: str = None


class PartnerQuery(PageParams):
    ordering: str = Field("name", max_length=40, description="name, kind or id.")
    q: SearchText | None = None
    kind: str | None = Field(None, max_length=40)


# Venues


@router.get("/venues", response={200: page_of(VenueOut), **ERRORS})
def list_venues(request, params: Query[VenueQuery]):
    venues = filtered(VenueFilter, params, Venue.objects.with_geography())
    return page(venues, params, VENUE_SORTS)


@router.get("/venues/{pk}", response={200: VenueOut, **ERRORS})
def get_venue(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Venue.objects.with_geography(), pk))


@router.post("/venues", response={201: VenueOut, **ERRORS})
def create_venue(request, payload: VenueIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_write(request.auth))

    def create():
        form = VenueForm(form_data(payload), user=request.auth)
        valid(form)
        check(can_edit_venue(request.auth, form.instance))
        return created(VenueOut, save_form(form))

    return idempotency.once(request, idempotency_key, create)


@router.patch("/venues/{pk}", response={200: VenueOut, **EDIT_ERRORS})
def update_venue(
    request, pk: Id, payload: VenuePatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_write(request.auth))
    with locked(Venue.objects.with_geography(), pk, if_match) as venue:
        check(can_edit_venue(request.auth, venue))
        form = VenueForm(
            form_data(payload, venue, VenueForm._meta.fields), instance=venue, user=request.auth
        )
        valid(form)
        check(can_edit_venue(request.auth, form.instance))
        saved = save_form(form)
    return tagged(response, saved)


# Partners


@router.get("/partners", response={200: page_of(PartnerOut), **ERRORS})
def list_partners(request, params: Query[PartnerQuery]):
    return page(filtered(PartnerFilter, params, Partner.objects.all()), params, PARTNER_SORTS)


@router.get("/partners/{pk}", response={200: PartnerOut, **ERRORS})
def get_partner(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Partner.objects.all(), pk))


@router.post("/partners", response={201: PartnerOut, **ERRORS})
def create_partner(request, payload: PartnerIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_coordinate(request.auth))
    return idempotency.once(
        request,
        idempotency_key,
        lambda: created(PartnerOut, save_form(PartnerForm(form_data(payload)))),
    )


@router.patch("/partners/{pk}", response={200: PartnerOut, **EDIT_ERRORS})
def update_partner(
    request, pk: Id, payload: PartnerPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_coordinate(request.auth))
    with locked(Partner.objects.all(), pk, if_match) as partner:
        data = form_data(payload, partner, PartnerForm._meta.fields)
        saved = save_form(PartnerForm(data, instance=partner))
    return tagged(response, saved)
