"""Confirmations sent by venues through the public link (read only)."""

from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from plakats.distribution.models import Confirmation

from .common import get, page
from .errors import ERRORS
from .pagination import Id, PageParams, page_of

router = Router(tags=["confirmations"])

SORTS = {"submitted": "submitted_at", "id": "id"}


class ConfirmationOut(Schema):
    id: int
    placement: int = Field(validation_alias="placement_id")
    answer: str
    where: str
    reason: str
    photo: int | None = Field(validation_alias="photo_id")
    language: str
    submitted_at: datetime


class ConfirmationQuery(PageParams):
    ordering: str = Field("-id", max_length=40, description="submitted or id.")
    placement: Id | None = None
    answer: str | None = Field(None, max_length=20, pattern=r"^[a-z_]*$")


@router.get("/confirmations", response={200: page_of(ConfirmationOut), **ERRORS})
def list_confirmations(request, params: Query[ConfirmationQuery]):
    confirmations = Confirmation.objects.all()
    if params.placement:
        confirmations = confirmations.filter(placement_id=params.placement)
    if params.answer:
        confirmations = confirmations.filter(answer=params.answer)
    return page(confirmations, params, SORTS)


@router.get("/confirmations/{pk}", response={200: ConfirmationOut, **ERRORS})
def get_confirmation(request, pk: Id):
    return get(Confirmation.objects.all(), pk)
