"""Materials and their editions: lists, detail, create and update (coordinators write).

Writes use the UI's ``MaterialForm`` and ``EditionForm`` (uniqueness, validity
order, what an edition may supersede). Artwork files are uploaded on the pages.
"""

from datetime import date, datetime

from django.db.models import Count
from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from plakats.core.permissions import can_coordinate, check
from plakats.materials.filters import MaterialFilter
from plakats.materials.forms import EditionForm, MaterialForm
from plakats.materials.models import Edition, Material

from . import idempotency
from .common import created, filtered, form_data, get, page, save_form
from .errors import ERRORS
from .pagination import Id, PageParams, SearchText, page_of
from .versions import EDIT_ERRORS, IfMatch, locked, tagged

router = Router(tags=["materials"])

MATERIAL_SORTS = {"name": "name", "kind": "kind", "updated": "updated_at", "id": "id"}
EDITION_SORTS = {"version": "version", "language": "language", "id": "id"}
EDITION_FIELDS = [f for f in EditionForm._meta.fields if f != "artwork"]


class MaterialOut(Schema):
    id: int
    name: str
    kind: str
    size: str
    description: str
    edition_count: int | None = None
    updated_at: datetime


class MaterialIn(Schema):
    name: str
    kind: str
    size: str = ""
    description: str = ""


class MaterialPatch(Schema):
    name: str = None
    kind: str = None
    size: str = None
    description: str = None


class MaterialQuery(PageParams):
    ordering: str = Field("name", max_length=40, description="name, kind, updated or id.")
    q: SearchText | None = None
    kind: str | None = Field(None, max_length=40)


class EditionOut(Schema):
    id: int
    material: int = Field(validation_alias="material_id")
    language: str
    version: str
    hotline_numbers: str
    urls: str
    has_artwork: bool
    print_run: int
    valid_from: date | None
    valid_until: date | None
    supersedes: int | None = Field(validation_alias="supersedes_id")
    withdrawn_on: date | None

    @staticmethod
    def resolve_has_artwork(edition) -> bool:
        return bool(edition.artwork)


class EditionIn(Schema):
    material: Id
    language: str
    version: str
    hotline_numbers: str = ""
    urls: str = ""
    print_run: int = Field(0, ge=0, le=2**31 - 1)
    valid_from: date | None = None
    valid_until: date | None = None
    supersedes: Id | None = None
    withdrawn_on: date | None = None


class EditionPatch(Schema):
    language: str = None
    version: str = None
    hotline_numbers: str = None
    urls: str = None
    print_run: int = Field(None, ge=0, le=2**31 - 1)
    valid_from: date | None = None
    valid_until: date | None = None
    supersedes: Id | None = None
    withdrawn_on: date | None = None


class EditionQuery(PageParams):
    ordering: str = Field("id", max_length=40, description="version, language or id.")
    material: Id | None = None
    language: SearchText | None = None
    current: bool | None = Field(None, description="Only editions valid today.")


@router.get("/materials", response={200: page_of(MaterialOut), **ERRORS})
def list_materials(request, params: Query[MaterialQuery]):
    materials = Material.objects.annotate(edition_count=Count("editions"))
    return page(filtered(MaterialFilter, params, materials), params, MATERIAL_SORTS)


@router.get("/materials/{pk}", response={200: MaterialOut, **ERRORS})
def get_material(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Material.objects.annotate(edition_count=Count("editions")), pk))


@router.post("/materials", response={201: MaterialOut, **ERRORS})
def create_material(request, payload: MaterialIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_coordinate(request.auth))
    return idempotency.once(
        request,
        idempotency_key,
        lambda: created(MaterialOut, save_form(MaterialForm(form_data(payload)))),
    )


@router.patch("/materials/{pk}", response={200: MaterialOut, **EDIT_ERRORS})
def update_material(
    request, pk: Id, payload: MaterialPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_coordinate(request.auth))
    with locked(Material.objects.all(), pk, if_match) as material:
        data = form_data(payload, material, MaterialForm._meta.fields)
        saved = save_form(MaterialForm(data, instance=material))
    return tagged(response, saved)


@router.get("/editions", response={200: page_of(EditionOut), **ERRORS})
def list_editions(request, params: Query[EditionQuery]):
    editions = Edition.objects.all()
    if params.current:
        editions = editions.current()
    if params.material:
        editions = editions.filter(material_id=params.material)
    if params.language:
        editions = editions.filter(language=params.language)
    return page(editions, params, EDITION_SORTS)


@router.get("/editions/{pk}", response={200: EditionOut, **ERRORS})
def get_edition(request, pk: Id, response: HttpResponse):
    return tagged(response, get(Edition.objects.all(), pk))


@router.post("/editions", response={201: EditionOut, **ERRORS})
def create_edition(request, payload: EditionIn, idempotency_key: str = idempotency.KeyHeader):
    check(can_coordinate(request.auth))
    material = get(Material.objects.all(), payload.material)

    def create():
        form = EditionForm(form_data(payload), material=material)
        return created(EditionOut, save_form(form))

    return idempotency.once(request, idempotency_key, create)


@router.patch("/editions/{pk}", response={200: EditionOut, **EDIT_ERRORS})
def update_edition(
    request, pk: Id, payload: EditionPatch, response: HttpResponse, if_match: str | None = IfMatch
):
    check(can_coordinate(request.auth))
    with locked(Edition.objects.select_related("material"), pk, if_match) as edition:
        data = form_data(payload, edition, EDITION_FIELDS)
        form = EditionForm(data, instance=edition, material=edition.material)
        saved = save_form(form)
    return tagged(response, saved)
