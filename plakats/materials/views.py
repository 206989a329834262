"""Material catalogue and stock: lists, details, edit forms, stock movements, artwork files.

Movement pages only parse input; ``plakats.materials.services`` decides and
writes, and its refusals (``DomainError``) come back as form errors.
"""

from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    can_edit_region,
    check,
    coordinator_required,
    writer_required,
)
from plakats.distribution.choices import Display

from . import queries, services
from .filters import MaterialFilter, StockFilter
from .forms import (
    EditionForm,
    MaterialForm,
    ReceiveForm,
    ReturnForm,
    StockLocationForm,
    TransferForm,
    WriteOffForm,
    locations_for,
)
from .models import Edition, Material, StockLocation, StockMovement

MATERIAL_SORTS = {
    "name": "name",
    "kind": "kind",
    "editions": "edition_count",
    "updated": "updated_at",
}


def _form_page(request, form, title: str, cancel_url: str, submit_label: str | None = None):
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label},
    )


def _save(form) -> bool:
    """Save a valid model form; a clash with a save made at the same moment is a form error."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error(
            None, _("Someone saved a conflicting record at the same moment; check and try again.")
        )
        return False
    return True


# Materials


def material_list(request):
    materials = Material.objects.annotate(edition_count=Count("editions"))
    filterset = MaterialFilter(request.GET, queryset=materials)
    context = list_context(request, filterset, sorts=MATERIAL_SORTS, default_sort="name")
    template = "materials/material_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "materials/_material_table.html"
    return render(request, template, context)


def material_detail(request, pk: int):
    material = get_object_or_404(Material, pk=pk)
    editions = list(
        material.editions.select_related("supersedes__material")
        .prefetch_related("successors__material")
        .order_by("-valid_from", "language", "version")
    )
    current_ids = set(material.editions.current().values_list("pk", flat=True))
    for edition in editions:
        edition.status = _status(edition, current_ids)
    return render(
        request,
        "materials/material_detail.html",
        {"material": material, "editions": editions, "history": history_entries(material)},
    )


def _status(edition: Edition, current_ids: set[int]) -> tuple[str, str]:
    """The edition's standing as (badge value, label); "current" is ``Edition.objects.current``."""
    if edition.pk in current_ids:
        return "current", _("current")
    if edition.withdrawn_on:
        return "withdrawn", _("withdrawn")
    if edition.successors.all():
        return "superseded", _("superseded")
    return "not_valid", _("not valid today")


@coordinator_required
@require_http_methods(["GET", "POST"])
def material_create(request):
    form = MaterialForm(request.POST or None)
    if form.is_valid() and _save(form):
        messages.success(request, _("Material “%(name)s” added.") % {"name": form.instance.name})
        return redirect(form.instance)
    return _form_page(request, form, _("New material"), reverse("materials:material_list"))


@coordinator_required
@require_http_methods(["GET", "POST"])
def material_edit(request, pk: int):
    material = get_object_or_404(Material, pk=pk)
    form = MaterialForm(request.POST or None, instance=material)
    if form.is_valid() and _save(form):
        messages.success(request, _("Material saved."))
        return redirect(material)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": material.name}, material.get_absolute_url()
    )


# Editions


def edition_detail(request, pk: int):
    edition = get_object_or_404(
        Edition.objects.select_related("material", "supersedes__material"), pk=pk
    )
    stock = queries.describe(queries.stock_of_edition(edition))
    for row in stock:
        row["can_move"] = can_edit_region(request.user, row["location__region"])
    placements = edition.placements.aggregate(
        total=Count("pk"), displayed=Count("pk", filter=Q(display=Display.DISPLAYED))
    )
    return render(
        request,
        "materials/edition_detail.html",
        {
            "edition": edition,
            "material": edition.material,
            "successors": edition.successors.select_related("material"),
            "stock": stock,
            "stock_total": sum(row["on_hand"] for row in stock),
            "placements": placements,
            "receive_at": locations_for(request.user),
            "history": history_entries(edition),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def edition_create(request, material_pk: int):
    material = get_object_or_404(Material, pk=material_pk)
    form = EditionForm(request.POST or None, request.FILES or None, material=material)
    if form.is_valid() and _save(form):
        messages.success(request, _("Edition added."))
        return redirect(form.instance)
    return _form_page(
        request,
        form,
        _("New edition of %(material)s") % {"material": material.name},
        material.get_absolute_url(),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def edition_edit(request, pk: int):
    edition = get_object_or_404(Edition.objects.select_related("material"), pk=pk)
    form = EditionForm(
        request.POST or None, request.FILES or None, instance=edition, material=edition.material
    )
    if form.is_valid() and _save(form):
        messages.success(request, _("Edition saved."))
        return redirect(edition)
    return _form_page(
        request, form, _("Edit %(edition)s") % {"edition": edition}, edition.get_absolute_url()
    )


@login_required
def edition_artwork(request, pk: int):
    """Stream an edition's uploaded artwork to a logged-in user; media are never public.

    SVG can carry scripts, so it is always downloaded, never shown in the browser.
    """
    edition = get_object_or_404(Edition, pk=pk)
    if not edition.artwork:
        raise Http404(_("This edition has no artwork file."))
    try:
        handle = edition.artwork.open("rb")
    except FileNotFoundError:
        raise Http404(_("The artwork file is missing from storage.")) from None
    name = PurePath(edition.artwork.name).name
    is_svg = name.lower().endswith(".svg")
    response = FileResponse(handle, as_attachment=is_svg, filename=name)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# Stock


def stock(request):
    filterset = StockFilter(request.GET, queryset=StockMovement.objects.all())
    only_low = filterset.form.is_valid() and bool(filterset.form.cleaned_data.get("low"))
    sort = request.GET.get("sort", "material")
    if sort.lstrip("-") not in queries.STOCK_SORTS:
        sort = "material"
    rows = queries.stock_table(filterset.qs, sort=sort, only_low=only_low)
    page = Paginator(rows, settings.PLAKATS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "materials/stock.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": queries.describe(page.object_list),
            "sort": sort,
            "query_string": query.urlencode(),
            "sort_query_string": sort_query.urlencode(),
            "locations": StockLocation.objects.select_related("region"),
        },
    )


def location_detail(request, pk: int):
    location = get_object_or_404(StockLocation.objects.select_related("region", "holder"), pk=pk)
    ledger = location.movements.select_related(
        "edition__material",
        "created_by",
        "dispatch",
        "counterpart__location",
        "stockmovement__location",
    ).order_by("-created_at", "-id")
    page = Paginator(ledger, settings.PLAKATS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "materials/location_detail.html",
        {
            "location": location,
            "stock": queries.describe(queries.stock_at_location(location)),
            "page_obj": page,
            "can_move": can_edit_region(request.user, location.region_id),
            "history": history_entries(location),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def location_create(request):
    form = StockLocationForm(request.POST or None)
    if form.is_valid() and _save(form):
        messages.success(request, _("Stock location “%(name)s” added.") % {"name": form.instance})
        return redirect(form.instance)
    return _form_page(request, form, _("New stock location"), reverse("materials:stock"))


@coordinator_required
@require_http_methods(["GET", "POST"])
def location_edit(request, pk: int):
    location = get_object_or_404(StockLocation, pk=pk)
    form = StockLocationForm(request.POST or None, instance=location)
    if form.is_valid() and _save(form):
        messages.success(request, _("Stock location saved."))
        return redirect(location)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": location.name}, location.get_absolute_url()
    )


# Stock movements


def _location_for_movement(request, pk: int) -> StockLocation:
    """The location of a movement page, or 403 when the user may not move stock there."""
    location = get_object_or_404(StockLocation, pk=pk)
    check(can_edit_region(request.user, location.region_id))
    return location


def _record(form, action: Callable[[], object]) -> bool:
    """Run a stock service; turn its refusal into an error on the form."""
    try:
        action()
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


def _initial(request) -> dict:
    return {"edition": request.GET.get("edition")}


@writer_required
@require_http_methods(["GET", "POST"])
def stock_receive(request, pk: int):
    location = _location_for_movement(request, pk)
    form = ReceiveForm(request.POST or None, initial=_initial(request))
    if form.is_valid():
        data = form.cleaned_data
        if _record(
            form,
            lambda: services.receive_print_run(
                data["edition"],
                location,
                data["quantity"],
                user=request.user,
                note=data["note"],
                occurred_on=data["occurred_on"],
            ),
        ):
            messages.success(request, _("%(quantity)d of %(edition)s received.") % data)
            return redirect(location)
    return _form_page(
        request,
        form,
        _("Receive a print run at %(location)s") % {"location": location},
        location.get_absolute_url(),
        _("Receive"),
    )


@writer_required
@require_http_methods(["GET", "POST"])
def stock_transfer(request, pk: int):
    location = _location_for_movement(request, pk)
    form = TransferForm(
        request.POST or None, initial=_initial(request), source=location, user=request.user
    )
    if form.is_valid():
        data = form.cleaned_data
        if _record(
            form,
            lambda: services.transfer(
                data["edition"],
                location,
                data["destination"],
                data["quantity"],
                user=request.user,
                note=data["note"],
            ),
        ):
            messages.success(
                request, _("%(quantity)d of %(edition)s transferred to %(destination)s.") % data
            )
            return redirect(location)
    return _form_page(
        request,
        form,
        _("Transfer from %(location)s") % {"location": location},
        location.get_absolute_url(),
        _("Transfer"),
    )


@writer_required
@require_http_methods(["GET", "POST"])
def stock_write_off(request, pk: int):
    location = _location_for_movement(request, pk)
    form = WriteOffForm(request.POST or None, initial=_initial(request))
    if form.is_valid():
        data = form.cleaned_data
        if _record(
            form,
            lambda: services.write_off(
                data["edition"], location, data["quantity"], user=request.user, note=data["note"]
            ),
        ):
            messages.success(request, _("%(quantity)d of %(edition)s written off.") % data)
            return redirect(location)
    return _form_page(
        request,
        form,
        _("Write off at %(location)s") % {"location": location},
        location.get_absolute_url(),
        _("Write off"),
    )


@writer_required
@require_http_methods(["GET", "POST"])
def stock_return(request, pk: int):
    location = _location_for_movement(request, pk)
    form = ReturnForm(request.POST or None, initial=_initial(request), location=location)
    if form.is_valid():
        data = form.cleaned_data
        if _record(
            form,
            lambda: services.record_return(
                data["edition"],
                location,
                data["quantity"],
                user=request.user,
                note=data["note"],
                dispatch=data["dispatch"],
            ),
        ):
            messages.success(request, _("%(quantity)d of %(edition)s returned.") % data)
            return redirect(location)
    return _form_page(
        request,
        form,
        _("Record a return to %(location)s") % {"location": location},
        location.get_absolute_url(),
        _("Record return"),
    )
