"""Regions and municipalities (read only)."""

from ninja import Query, Router, Schema
from pydantic import Field

from plakats.geo.models import Municipality, Region

from .common import get, page
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of

router = Router(tags=["geography"])

SORTS = {"name": "name", "code": "code", "id": "id"}


class RegionOut(Schema):
    id: int
    country: str
    code: str
    name: str


class MunicipalityOut(Schema):
    id: int
    region: int = Field(validation_alias="region_id")
    code: str
    name: str
    kind: str


class RegionQuery(PageParams):
    ordering: str = Field("name", max_length=40, description="name, code or id; '-' descends.")


class MunicipalityQuery(RegionQuery):
    region: Id | None = None
    q: SearchText | None = Field(None, description="Part of the name.")


@router.get("/regions", response={200: page_of(RegionOut), **ERRORS})
def list_regions(request, params: Query[RegionQuery]):
    return page(Region.objects.all(), params, SORTS)


@router.get("/regions/{pk}", response={200: RegionOut, **ERRORS})
def get_region(request, pk: Id):
    return get(Region.objects.all(), pk)


@router.get("/municipalities", response={200: page_of(MunicipalityOut), **ERRORS})
def list_municipalities(request, params: Query[MunicipalityQuery]):
    municipalities = Municipality.objects.all()
    if params.region:
        municipalities = municipalities.filter(region_id=params.region)
    if params.q:
        municipalities = municipalities.filter(name__icontains=params.q)
    return page(municipalities, params, SORTS)


@router.get("/municipalities/{pk}", response={200: MunicipalityOut, **ERRORS})
def get_municipality(request, pk: Id):
    return get(Municipality.objects.all(), pk)
