"""Placements: list, detail, status changes on each axis, edit, create."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plakats.core.concurrency import EditConflict
from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context, pk_url
from plakats.core.permissions import (
    can_coordinate,
    can_edit_placement,
    check,
    region_ids_of,
    writer_required,
)
from plakats.core.templatetags.plakats import status_badge
from plakats.venues.choices import VenueKind
from plakats.venues.models import Venue

from .. import services
from ..choices import Axis, Delivery, Display, Evidence
from ..filters import PlacementFilter
from ..forms import (
    AXIS_VALUES,
    BULK_LIMIT,
    BulkStatusForm,
    PlacementCreateForm,
    PlacementEditForm,
    StatusForm,
)
from ..models import Placement
from .common import LAST_STEP, form_page, posted
from .dispatches import apply_bulk

PLACEMENT_SORTS = {
    "code": "code",
    "venue": "venue__name",
    "campaign": "campaign__name",
    "edition": "edition__material__name",
    "quantity": "quantity",
    "delivery": "delivery",
    "display": "display",
    "evidence": "evidence_at",
    "created": "created_at",
}


# The columns the list shows (and the region a regional consultant's edit rights need).
LIST_COLUMNS = (
    "code",
    "quantity",
    "delivery",
    "display",
    "evidence",
    "evidence_at",
    "created_at",
    "campaign__name",
    "dispatch__name",
    "edition__language",
    "edition__version",
    "edition__material__name",
    "venue__name",
    "venue__kind",
    "venue__municipality__name",
    "venue__municipality__region",
)


def _list_queryset():
    return Placement.objects.select_related(
        "venue__municipality", "edition__material", "campaign", "dispatch"
    ).only(*LIST_COLUMNS)


def _list_rows(placements, editable_ids: set[int]) -> list[dict]:
    """What each row of the placement list shows, worked out once for the page.

    Labels, badges and links are the same for many rows, so each is made once
    here instead of once per row through template tags and ``reverse``.
    """
    placement_url = pk_url("distribution:placement_detail")
    venue_url = pk_url("venues:venue_detail")
    dispatch_url = pk_url("distribution:dispatch_detail")
    kinds = {value: str(label) for value, label in VenueKind.choices}
    badges = {
        axis: {value: status_badge(value, label) for value, label in choices.choices}
        for axis, choices in (("delivery", Delivery), ("display", Display), ("evidence", Evidence))
    }
    editions: dict[int, str] = {}
    rows = []
    for p in placements:
        venue, dispatch = p.venue, p.dispatch
        if p.edition_id not in editions:
            editions[p.edition_id] = str(p.edition)
        rows.append(
            {
                "pk": p.pk,
                "code": p.code,
                "url": placement_url(p.pk),
                "editable": p.pk in editable_ids,
                "select_label": _("Select %(code)s") % {"code": p.code},
                "venue": venue.name,
                "venue_url": venue_url(venue.pk),
                "kind": kinds.get(venue.kind, venue.kind),
                "municipality": venue.municipality.name if venue.municipality_id else "—",
                "campaign": p.campaign.name,
                "dispatch": dispatch.name if dispatch else "",
                "dispatch_url": dispatch_url(dispatch.pk) if dispatch else "",
                "edition": editions[p.edition_id],
                "quantity": p.quantity,
                "delivery": badges["delivery"][p.delivery],
                "display": badges["display"][p.display],
                "evidence": badges["evidence"][p.evidence],
                "evidence_at": (
                    date_format(localtime(p.evidence_at), "SHORT_DATE_FORMAT")
                    if p.evidence_at
                    else ""
                ),
            }
        )
    return rows


def placement_list(request):
    filterset = PlacementFilter(request.GET, queryset=_list_queryset())
    context = list_context(request, filterset, sorts=PLACEMENT_SORTS, default_sort="-created")
    context["editable_ids"] = {
        p.pk for p in context["object_list"] if can_edit_placement(request.user, p)
    }
    context["rows"] = _list_rows(context["object_list"], context["editable_ids"])
    context["bulk_form"] = BulkStatusForm()
    context["bulk_limit"] = BULK_LIMIT
    last_step = request.session.get(LAST_STEP)
    if last_step:
        label = AXIS_VALUES[last_step["axis"]](last_step["value"]).label
        context["last_step"] = {**last_step, "label": label}
    template = "distribution/placement_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "distribution/_placement_table.html"
    return render(request, template, context)


@writer_required
@require_POST
def placement_bulk_status(request):
    """Apply one step to the ticked placements, or to all matching the list's filter."""
    back = reverse("distribution:placement_list")
    if request.GET:
        back += "?" + request.GET.urlencode()
    form = BulkStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    if form.cleaned_data["scope"] == BulkStatusForm.ALL:
        placements = PlacementFilter(request.GET, queryset=Placement.objects.all()).qs
    else:
        placements = Placement.objects.filter(pk__in=form.cleaned_data["selected"])
    axis, new = form.axis_and_value
    apply_bulk(
        request,
        placements,
        axis,
        new,
        source=form.cleaned_data["source"],
        note=form.cleaned_data["note"],
    )
    return redirect(back)


def _get_placement(pk: int) -> Placement:
    return get_object_or_404(Placement.objects.for_list().select_related("venue__network"), pk=pk)


def _get_placement_for_edit(request, pk: int) -> Placement:
    placement = _get_placement(pk)
    check(can_edit_placement(request.user, placement))
    return placement


def _offered(placement: Placement, axis: str) -> list[str]:
    """The values a status form offers: the allowed next ones, or every kind of evidence."""
    if axis == Axis.EVIDENCE:
        return [v for v in Evidence.values if v != Evidence.NONE]
    return services.allowed_next(placement, axis)


def _status_context(request, placement: Placement, bound: StatusForm | None = None) -> dict:
    """What the status part of a placement's page shows: axes, forms, timeline."""
    can_edit = can_edit_placement(request.user, placement)
    status_forms = []
    if can_edit:
        for axis in (Axis.DELIVERY, Axis.DISPLAY, Axis.EVIDENCE):
            if bound is not None and bound.axis == axis:
                status_forms.append(bound)
                continue
            status_forms.append(StatusForm(axis=axis, offered=_offered(placement, axis)))
    events = placement.events.select_related("actor").prefetch_related("undone_by")
    return {
        "placement": placement,
        "can_edit": can_edit,
        "status_forms": status_forms,
        "events": events[:100],
    }


def placement_detail(request, pk: int):
    placement = _get_placement(pk)
    context = _status_context(request, placement)
    context["history"] = history_entries(placement)
    return render(request, "distribution/placement_detail.html", context)


@writer_required
@require_POST
def placement_status(request, pk: int, axis: str):
    """Change one axis (or record evidence); answers htmx with the status part only."""
    if axis not in AXIS_VALUES:
        raise Http404
    placement = _get_placement_for_edit(request, pk)
    form = StatusForm(request.POST, axis=axis, offered=_offered(placement, axis))
    done = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            if axis == Axis.EVIDENCE:
                done = services.record_evidence(
                    placement,
                    data["new"],
                    source=data["source"],
                    user=request.user,
                    note=data["note"],
                )
            else:
                done = services.change_status(
                    placement,
                    axis,
                    data["new"],
                    source=data["source"],
                    user=request.user,
                    note=data["note"],
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
    if done is not None:
        placement = _get_placement(pk)
        form = None
        if not request.htmx:
            messages.success(request, _("Saved."))
            return redirect(placement)
    context = _status_context(request, placement, bound=form)
    context["done"] = done
    if request.htmx:
        return render(request, "distribution/_placement_status.html", context)
    context["history"] = history_entries(placement)
    return render(request, "distribution/placement_detail.html", context)


@writer_required
@require_http_methods(["GET", "POST"])
def placement_edit(request, pk: int):
    placement = _get_placement_for_edit(request, pk)
    form = PlacementEditForm(posted(request), instance=placement)
    if form.is_valid():
        try:
            services.update_placement(
                placement,
                edition=form.cleaned_data["edition"],
                quantity=form.cleaned_data["quantity"],
                location_note=form.cleaned_data["location_note"],
                user=request.user,
                expected=form.expected,
            )
        except EditConflict as exc:
            form.conflict(exc)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Placement saved."))
            return redirect(placement)
    return form_page(
        request,
        form,
        _("Edit placement %(code)s") % {"code": placement.code},
        placement.get_absolute_url(),
    )


VENUE_CHOICES_SHOWN = 20


def _venue_candidates(user, query: str, extra: list[str]) -> list[int]:
    """Venues offered for a new placement: matches of the search, plus one already chosen."""
    venues = Venue.objects.active()
    if not can_coordinate(user):
        venues = venues.filter(municipality__region_id__in=region_ids_of(user))
    ids: list[int] = []
    if query:
        match = Q(name__icontains=query) | Q(external_id=query)
        if query.isdigit():
            match |= Q(pk=int(query))
        ids = list(
            venues.filter(match).order_by("name").values_list("pk", flat=True)[:VENUE_CHOICES_SHOWN]
        )
    return ids + [int(value) for value in extra if value.isdigit()]


@writer_required
@require_http_methods(["GET", "POST"])
def placement_create(request):
    query = request.GET.get("q", "").strip()
    chosen = request.POST.get("venue") or request.GET.get("venue") or ""
    candidates = _venue_candidates(request.user, query, [chosen])
    form = PlacementCreateForm(
        posted(request),
        user=request.user,
        candidates=candidates,
        initial={"campaign": request.GET.get("campaign"), "venue": chosen or None},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.add_placement(
                campaign=data["campaign"],
                venue=data["venue"],
                edition=data["edition"],
                quantity=data["quantity"],
                user=request.user,
                location_note=data["location_note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Placement %(code)s added.") % {"code": placement.code})
            return redirect(placement)
    return render(
        request,
        "distribution/placement_create.html",
        {"form": form, "query": query, "campaign_id": request.GET.get("campaign", "")},
    )
