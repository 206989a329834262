"""Outreach events, hotline contacts and web checks (read only).

Events and web checks are read by every role, as their pages are; the hotline
contact log only by those who may use it on its page (``can_use_hotline_log``:
admin, coordinator, hotline operator). Contacts are anonymous: no caller data.
"""

from datetime import date, datetime

from django.db.models import Sum
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_use_hotline_log, can_write, check
from plakats.outreach.filters import EventFilter
from plakats.outreach.forms import HotlineContactForm, OutreachEventForm
from plakats.outreach.models import HotlineContact, OutreachEvent, WebCheck

from . import idempotency
from .common import created, filtered, get, page, valid
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of

router = Router(tags=["outreach"])

EVENT_SORTS = {"date": "date", "participants": "participants", "id": "id"}
CONTACT_SORTS = {"occurred": "occurred_at", "id": "id"}
CHECK_SORTS = {"checked": "checked_at", "id": "id"}
Code = Field(None, max_length=20, pattern=r"^[a-z_]*$")


class OutreachEventOut(Schema):
    id: int
    campaign: int | None = Field(validation_alias="campaign_id")
    venue: int | None = Field(validation_alias="venue_id")
    date: date
    type: str
    title: str
    facilitators: list[int]
    partners: list[int]
    participants: int
    under_15: int | None
    age_15_17: int | None
    age_18_25: int | None
    over_25: int | None
    materials_handed_out: int

    @staticmethod
    def resolve_facilitators(event) -> list[int]:
        return [user.pk for user in event.facilitators.all()]

    @staticmethod
    def resolve_partners(event) -> list[int]:
        return [partner.pk for partner in event.partners.all()]

    @staticmethod
    def resolve_materials_handed_out(event) -> int:
        return event.handed_out or 0


class OutreachEventIn(Schema):
    date: date
    type: str = Field(max_length=20)
    title: str = Field("", max_length=200)
    campaign: Id | None = None
    venue: Id | None = Field(None, description="Empty for an online event (coordinators).")
    participants: int = Field(ge=0, le=2**31 - 1)
    under_15: int | None = Field(None, ge=0, le=2**31 - 1)
    age_15_17: int | None = Field(None, ge=0, le=2**31 - 1)
    age_18_25: int | None = Field(None, ge=0, le=2**31 - 1)
    over_25: int | None = Field(None, ge=0, le=2**31 - 1)
    facilitators: list[Id] = Field([], max_length=50)
    partners: list[Id] = Field([], max_length=50)
    feedback: str = Field("", max_length=4000, description="No personal data.")
    material_edition: Id | None = Field(None, description="Materials handed out: edition,")
    material_quantity: int | None = Field(None, ge=1, le=10_000_000, description="quantity")
    material_location: Id | None = Field(None, description="and the stock they came from.")


class EventQuery(PageParams):
    ordering: str = Field("-date", max_length=40, description="date, participants or id.")
    q: SearchText | None = None
    campaign: Id | None = None
    type: str | None = Field(None, max_length=20)
    region: Id | None = None
    date_from: date | None = None
    date_to: date | None = None


class HotlineContactOut(Schema):
    id: int
    occurred_at: datetime
    channel: str
    topics: list[int]
    region: int | None = Field(validation_alias="region_id")
    heard_from: int | None = Field(validation_alias="heard_from_id")
    placement: int | None = Field(validation_alias="placement_id")
    outcome: str

    @staticmethod
    def resolve_topics(contact) -> list[int]:
        return [topic.pk for topic in contact.topics.all()]


class HotlineContactIn(Schema):
    channel: str = Field(max_length=20)
    topics: list[Id] = Field(min_length=1, max_length=50)
    outcome: str = Field(max_length=20)
    occurred_at: datetime | None = Field(None, description="Now when left out.")
    region: Id | None = None
    heard_from: Id | None = None
    placement_code: str = Field("", max_length=20, description="The code the caller read out.")
    notes: str = Field("", max_length=2000, description="No personal data.")


class ContactQuery(PageParams):
    ordering: str = Field("-occurred", max_length=40, description="occurred or id.")
    channel: str | None = Code
    outcome: str | None = Code
    region: Id | None = None
    placement: Id | None = None


class WebCheckOut(Schema):
    id: int
    placement: int = Field(validation_alias="placement_id")
    checked_at: datetime
    result: str
    http_status: int | None
    final_url: str
    detail: str


class WebCheckQuery(PageParams):
    ordering: str = Field("-checked", max_length=40, description="checked or id.")
    placement: Id | None = None
    result: str | None = Code


def _events():
    return OutreachEvent.objects.prefetch_related("facilitators", "partners").annotate(
        handed_out=Sum("materials__quantity")
    )


@router.get("/outreach-events", response={200: page_of(OutreachEventOut), **ERRORS})
def list_events(request, params: Query[EventQuery]):
    return page(filtered(EventFilter, params, _events()), params, EVENT_SORTS)


@router.post("/outreach-events", response={201: OutreachEventOut, **ERRORS})
def create_event(request, payload: OutreachEventIn, idempotency_key: str = idempotency.KeyHeader):
    """Record an event (and the materials handed out, taken from stock), as the form does."""
    check(can_write(request.auth))

    def create():
        data = {k: "" if v is None else v for k, v in payload.model_dump().items()}
        form = OutreachEventForm(data, user=request.auth)
        valid(form)
        event = form.save_event(None, request.auth)
        return created(OutreachEventOut, get(_events(), event.pk))

    return idempotency.once(request, idempotency_key, create)


@router.get("/outreach-events/{pk}", response={200: OutreachEventOut, **ERRORS})
def get_event(request, pk: Id):
    return get(_events(), pk)


@router.get("/hotline-contacts", response={200: page_of(HotlineContactOut), **ERRORS})
def list_contacts(request, params: Query[ContactQuery]):
    check(can_use_hotline_log(request.auth))
    contacts = HotlineContact.objects.prefetch_related("topics")
    for name in ("channel", "outcome"):
        if getattr(params, name):
            contacts = contacts.filter(**{name: getattr(params, name)})
    for name in ("region", "placement"):
        if getattr(params, name):
            contacts = contacts.filter(**{f"{name}_id": getattr(params, name)})
    return page(contacts, params, CONTACT_SORTS)


@router.post("/hotline-contacts", response={201: HotlineContactOut, **ERRORS})
def create_contact(
    request, payload: HotlineContactIn, idempotency_key: str = idempotency.KeyHeader
):
    """Log one anonymous contact, refused like the form: personal data, unknown codes."""
    check(can_use_hotline_log(request.auth))

    def create():
        data = payload.model_dump()
        data["occurred_at"] = data["occurred_at"] or timezone.now()
        data = {name: "" if value is None else value for name, value in data.items()}
        form = HotlineContactForm(data)
        valid(form)
        contact = form.record(request.auth)
        return created(HotlineContactOut, contact)

    return idempotency.once(request, idempotency_key, create)


@router.get("/hotline-contacts/{pk}", response={200: HotlineContactOut, **ERRORS})
def get_contact(request, pk: Id):
    check(can_use_hotline_log(request.auth))
    return get(HotlineContact.objects.prefetch_related("topics"), pk)


@router.get("/web-checks", response={200: page_of(WebCheckOut), **ERRORS})
def list_web_checks(request, params: Query[WebCheckQuery]):
    checks = WebCheck.objects.all()
    if params.placement:
        checks = checks.filter(placement_id=params.placement)
    if params.result:
        checks = checks.filter(result=params.result)
    return page(checks, params, CHECK_SORTS)


@router.get("/web-checks/{pk}", response={200: WebCheckOut, **ERRORS})
def get_web_check(request, pk: Id):
    return get(WebCheck.objects.all(), pk)
