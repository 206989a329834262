"""Placements: list with the UI's filters, detail with events, create, edit, status changes.

Status changes go through ``services.change_status`` / ``record_evidence`` (one
placement) and ``services.bulk_change_status`` (many), which hold the allowed
transitions; the input is read by the UI's ``StatusForm`` and
``BulkStatusForm``. A regional consultant changes placements only at venues in
its regions: one placement elsewhere is a 403, a bulk step skips and counts them,
as on the list page.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_edit_placement, can_write, check
from plakats.distribution import services
from plakats.distribution.choices import Axis
from plakats.distribution.filters import PlacementFilter
from plakats.distribution.forms import (
    BULK_LIMIT,
    BulkStatusForm,
    PlacementCreateForm,
    PlacementEditForm,
    StatusForm,
)
from plakats.distribution.models import Placement

from . import idempotency
from .common import created, filtered, form_data, get, page, valid
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of
from .versions import EDIT_ERRORS, IfMatch, locked, tagged

router = Router(tags=["placements"])

PLACEMENT_SORTS = {"created": "created_at", "code": "code", "quantity": "quantity", "id": "id"}
EVENTS_SHOWN = 100


class PlacementOut(Schema):
    id: int
    code: str
    campaign: int = Field(validation_alias="campaign_id")
    dispatch: int | None = Field(validation_alias="dispatch_id")
    venue: int = Field(validation_alias="venue_id")
    edition: int = Field(validation_alias="edition_id")
    quantity: int
    delivery: str
    display: str
    evidence: str
    evidence_at: datetime | None
    location_note: str
    created_at: datetime
    updated_at: datetime


class EventOut(Schema):
    id: int
    axis: str
    old_value: str
    new_value: str
    source: str
    actor: int | None = Field(validation_alias="actor_id")
    occurred_at: datetime
    note: str
    batch: str | None
    undoes: int | None = Field(validation_alias="undoes_id")

    @staticmethod
    def resolve_batch(event) -> str | None:
        return str(event.batch) if event.batch else None


class PlacementDetailOut(PlacementOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(placement) -> list:
        return list(placement.events.all()[:EVENTS_SHOWN])


class PlacementQuery(PageParams):
    ordering: str = Field("-id", max_length=40, description="created, code, quantity or id.")
    q: SearchText | None = Field(None, description="Part of the venue's name, or a code.")
    campaign: Id | None = None
    dispatch: Id | None = None
    edition: Id | None = None
    delivery: str | None = Field(None, max_length=40)
    display: str | None = Field(None, max_length=40)
    evidence: str | None = Field(None, max_length=40)
    kind: str | None = Field(None, max_length=40, description="Kind of venue.")
    region: Id | None = None
    municipality: Id | None = None


class PlacementIn(Schema):
    campaign: Id
    venue: Id
    edition: Id
    quantity: int = Field(1, ge=1, le=2**31 - 1)
    location_note: str = ""


class PlacementPatch(Schema):
    edition: Id = None
    quantity: int = Field(None, ge=1, le=2**31 - 1)
    location_note: str = None


class StatusIn(Schema):
    axis: Literal["delivery", "display", "evidence"]
    new: str = Field(max_length=40)
    source: str = Field("staff", max_length=40)
    note: str = ""


class BulkStatusIn(Schema):
    placements: list[Id] = Field(min_length=1, max_length=BULK_LIMIT)
    axis: Literal["delivery", "display"]
    new: str = Field(max_length=40)
    source: str = Field("staff", max_length=40)
    note: str = ""


class BulkStatusOut(Schema):
    batch: str | None = Field(description="The step's id, for undo on the pages.")
    moved: int
    already: int = Field(description="Placements that already had this status.")
    outside: int = Field(description="Placements outside your regions, left unchanged.")
    refused: list[str] = Field(description="Why the others could not move.")


def _placement(pk: int) -> Placement:
    return get(Placement.objects.for_list(), pk)


def _for_edit(request, pk: int) -> Placement:
    check(can_write(request.auth))
    placement = _placement(pk)
    check(can_edit_placement(request.auth, placement))
    return placement


@router.get("/placements", response={200: page_of(PlacementOut), **ERRORS})
def list_placements(request, params: Query[PlacementQuery]):
    placements = filtered(PlacementFilter, params, Placement.objects.all())
    return page(placements, params, PLACEMENT_SORTS)


# Before the "/placements/{pk}" routes, so "bulk-status" is not read as an id.
@router.post("/placements/bulk-status", response={200: BulkStatusOut, **ERRORS})
def bulk_status(request, payload: BulkStatusIn):
    """Apply one step to many placements, as the list page's bulk action does.

    Placements outside the user's regions and those already at the new value are
    left alone and counted; transitions the rules refuse are listed.
    """
    check(can_write(request.auth))
    form = valid(
        BulkStatusForm(
            {
                "step": f"{payload.axis}:{payload.new}",
                "source": payload.source,
                "note": payload.note,
                "scope": BulkStatusForm.SELECTED,
                "selected": payload.placements,
            }
        )
    )
    chosen = list(
        Placement.objects.filter(pk__in=form["selected"])
        .select_related("venue__municipality")
        .order_by("pk")
    )
    editable = [p for p in chosen if can_edit_placement(request.auth, p)]
    todo = [p for p in editable if getattr(p, payload.axis) != payload.new]
    batch, moved, refused = None, 0, []
    if todo:
        batch, moved, refused = services.bulk_change_status(
            todo,
            payload.axis,
            payload.new,
            user=request.auth,
            source=form["source"],
            note=form["note"],
        )
    return {
        "batch": str(batch) if moved else None,
        "moved": moved,
        "already": len(editable) - len(todo),
        "outside": len(chosen) - len(editable),
        "refused": [str(message) for message in refused],
    }


@router.get("/placements/{pk}", response={200: PlacementDetailOut, **ERRORS})
def get_placement(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Placement.objects.all(), pk))


@router.post("/placements", response={201: PlacementOut, **ERRORS})
def create_placement(request, payload: PlacementIn, idempotency_key: str = idempotency.KeyHeader):
    """Record one placement by hand (regional consultants: at venues in their regions)."""
    check(can_write(request.auth))

    def create():
        data = valid(PlacementCreateForm(form_data(payload), user=request.auth))
        placement = services.add_placement(
            campaign=data["campaign"],
            venue=data["venue"],
            edition=data["edition"],
            quantity=data["quantity"],
            user=request.auth,
            location_note=data["location_note"],
        )
        return created(PlacementOut, placement)

    return idempotency.once(request, idempotency_key, create)


@router.patch("/placements/{pk}", response={200: PlacementOut, **EDIT_ERRORS})
def update_placement(
    request, pk: Id, payload: PlacementPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    placement = _for_edit(request, pk)
    with locked(Placement.objects.all(), pk, if_match) as current:
        data = form_data(payload, current, PlacementEditForm._meta.fields)
        form = valid(PlacementEditForm(data, instance=placement))
        saved = services.update_placement(
            placement,
            edition=form["edition"],
            quantity=form["quantity"],
            location_note=form["location_note"],
            user=request.auth,
        )
    return tagged(response, saved)


@router.post("/placements/{pk}/status", response={200: PlacementDetailOut, **ERRORS})
def change_status(request, pk: Id, payload: StatusIn):
    """Move the delivery or display axis, or record evidence; refused moves are a 409."""
    placement = _for_edit(request, pk)
    axis = payload.axis
    data = {f"{axis}-{name}": value for name, value in payload.model_dump().items()}
    form = valid(StatusForm(data, axis=axis, offered=[]))
    if axis == Axis.EVIDENCE:
        services.record_evidence(
            placement, form["new"], source=form["source"], user=request.auth, note=form["note"]
        )
    else:
        services.change_status(
            placement,
            axis,
            form["new"],
            source=form["source"],
            user=request.auth,
            note=form["note"],
        )
    return get(Placement.objects.all(), pk)
