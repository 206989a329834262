"""Campaigns and their targets, with each target's progress (coordinators write).

Progress is ``plakats.distribution.queries.targets_progress``: one aggregate
query for every target of a page. Writes use the UI's ``CampaignForm`` and
``TargetForm``.
"""

from datetime import date, datetime

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from plakats.core.permissions import can_coordinate, check
from plakats.distribution.filters import CampaignFilter
from plakats.distribution.forms import CampaignForm, TargetForm
from plakats.distribution.models import Campaign, Target
from plakats.distribution.queries import targets_progress

from . import idempotency
from .common import created, filtered, form_data, get, page, save_form
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of
from .versions import EDIT_ERRORS, IfMatch, locked, tagged

router = Router(tags=["campaigns"])

CAMPAIGN_SORTS = {"name": "name", "starts": "starts_on", "ends": "ends_on", "id": "id"}
TARGET_SORTS = {"name": "name", "id": "id"}


class CampaignOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date
    funder: int | None = Field(validation_alias="funder_id")
    description: str
    updated_at: datetime


class CampaignIn(Schema):
    name: str
    starts_on: date
    ends_on: date
    funder: Id | None = None
    description: str = ""


class CampaignPatch(Schema):
    name: str = None
    starts_on: date = None
    ends_on: date = None
    funder: Id | None = None
    description: str = None


class CampaignQuery(PageParams):
    ordering: str = Field("-starts", max_length=40, description="name, starts, ends or id.")
    q: SearchText | None = None


class ProgressOut(Schema):
    reached: int
    percent: int
    met: bool


class TargetOut(Schema):
    id: int
    campaign: int = Field(validation_alias="campaign_id")
    name: str
    measure: str
    venue_kinds: list[str]
    regions: list[int]
    network: int | None = Field(validation_alias="network_id")
    min_reach: str
    goal: int
    progress: ProgressOut | None = None

    @staticmethod
    def resolve_regions(target) -> list[int]:
        return [region.pk for region in target.regions.all()]

    @staticmethod
    def resolve_progress(target) -> dict | None:
        progress = getattr(target, "progress", None)
        if progress is None:
            return None
        return {"reached": progress.reached, "percent": progress.percent, "met": progress.met}


class TargetIn(Schema):
    campaign: Id
    name: str
    measure: str = "venues"
    venue_kinds: list[str] = []
    regions: list[Id] = []
    network: Id | None = None
    min_reach: str = "delivered"
    goal: int = Field(ge=1, le=2**31 - 1)


class TargetPatch(Schema):
    name: str = None
    measure: str = None
    venue_kinds: list[str] = None
    regions: list[Id] = None
    network: Id | None = None
    min_reach: str = None
    goal: int = Field(None, ge=1, le=2**31 - 1)


class TargetQuery(PageParams):
    ordering: str = Field("id", max_length=40, description="name or id.")
    campaign: Id | None = None


def _with_progress(targets: list[Target]) -> list[Target]:
    for progress in targets_progress(targets):
        progress.target.progress = progress
    return targets


def _target(pk: int) -> Target:
    return get(Target.objects.select_related("campaign").prefetch_related("regions"), pk)


@router.get("/campaigns", response={200: page_of(CampaignOut), **ERRORS})
def list_campaigns(request, params: Query[CampaignQuery]):
    return page(filtered(CampaignFilter, params, Campaign.objects.all()), params, CAMPAIGN_SORTS)


@router.get("/campaigns/{pk}", response={200: CampaignOut, **ERRORS})
def get_campaign(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Campaign.objects.all(), pk))


@router.post("/campaigns", response={201: CampaignOut, **ERRORS})
def create_campaign(request, payload: CampaignIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_coordinate(request.auth))
    return idempotency.once(
        request,
        idempotency_key,
        lambda: created(CampaignOut, save_form(CampaignForm(form_data(payload)))),
    )


@router.patch("/campaigns/{pk}", response={200: CampaignOut, **EDIT_ERRORS})
def update_campaign(
    request, pk: Id, payload: CampaignPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_coordinate(request.auth))
    with locked(Campaign.objects.all(), pk, if_match) as campaign:
        data = form_data(payload, campaign, CampaignForm._meta.fields)
        saved = save_form(CampaignForm(data, instance=campaign))
    return tagged(response, saved)


@router.get("/targets", response={200: page_of(TargetOut), **ERRORS})
def list_targets(request, params: Query[TargetQuery]):
    """Targets with what they reached so far (one aggregate query for the page)."""
    targets = Target.objects.prefetch_related("regions")
    if params.campaign:
        targets = targets.filter(campaign_id=params.campaign)
    result = page(targets, params, TARGET_SORTS)
    _with_progress(result["results"])
    return result


@router.get("/targets/{pk}", response={200: TargetOut, **ERRORS})
def get_target(request, pk: Id, response: HttpResponse):
    return tagged(response, _with_progress([_target(pk)])[0])


@router.post("/targets", response={201: TargetOut, **ERRORS})
def create_target(request, payload: TargetIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_coordinate(request.auth))
    campaign = get(Campaign.objects.all(), payload.campaign)

    def create():
        target = save_form(TargetForm(form_data(payload), campaign=campaign))
        return created(TargetOut, _with_progress([_target(target.pk)])[0])

    return idempotency.once(request, idempotency_key, create)


@router.patch("/targets/{pk}", response={200: TargetOut, **EDIT_ERRORS})
def update_target(
    request, pk: Id, payload: TargetPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_coordinate(request.auth))
    targets = Target.objects.select_related("campaign").prefetch_related("regions")
    with locked(targets, pk, if_match) as target:
        data = form_data(payload, target, TargetForm._meta.fields)
        save_form(TargetForm(data, instance=target, campaign=target.campaign))
    return tagged(response, _with_progress([_target(pk)])[0])


@router.delete("/targets/{pk}", response={204: None, **ERRORS})
def delete_target(request, pk: Id):
    check(can_coordinate(request.auth))
    _target(pk).delete()
    return Status(204, None)
