"""Dispatches: list, detail, create from a venue filter, bulk status steps and their undo."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    can_edit_placement,
    check,
    coordinator_required,
    writer_required,
)
from plakats.venues.models import Venue

from .. import queries, services
from ..choices import Axis, Delivery, Display, Source
from ..filters import DispatchFilter, DispatchVenueFilter
from ..forms import (
    AXIS_VALUES,
    BULK_LIMIT,
    DispatchForm,
)
from ..models import Dispatch, Placement
from .common import LAST_STEP, REASONS_SHOWN, posted, safe_next

DISPATCH_SORTS = {
    "date": "planned_on",
    "name": "name",
    "campaign": "campaign__name",
    "channel": "channel",
    "placements": "placement_count",
}


def dispatch_list(request):
    dispatches = Dispatch.objects.select_related("campaign", "stock_location").annotate(
        placement_count=Count("placements")
    )
    filterset = DispatchFilter(request.GET, queryset=dispatches)
    context = list_context(request, filterset, sorts=DISPATCH_SORTS, default_sort="-date")
    template = "distribution/dispatch_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "distribution/_dispatch_table.html"
    return render(request, template, context)


def dispatch_detail(request, pk: int):
    dispatch = get_object_or_404(
        Dispatch.objects.select_related("campaign", "stock_location", "partner", "created_by"),
        pk=pk,
    )
    placements = dispatch.placements.all()
    page = Paginator(placements.for_list().order_by("venue__name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "distribution/dispatch_detail.html",
        {
            "dispatch": dispatch,
            "page_obj": page,
            "object_list": page.object_list,
            "counts": queries.status_counts(placements),
            "base_query": f"dispatch={dispatch.pk}",
            "delivery_choices": Delivery.choices,
            "display_choices": Display.choices,
            "steps": queries.undoable_steps(placements),
            "history": history_entries(dispatch),
        },
    )


# The steps offered as buttons on a dispatch's page.
DISPATCH_STEPS = {
    "delivery:sent": (Axis.DELIVERY, Delivery.SENT),
    "delivery:delivered": (Axis.DELIVERY, Delivery.DELIVERED),
}


@writer_required
@require_POST
def dispatch_status(request, pk: int):
    dispatch = get_object_or_404(Dispatch, pk=pk)
    step = DISPATCH_STEPS.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Choose a step."))
    else:
        apply_bulk(request, dispatch.placements.all(), *step, source=Source.STAFF, note="")
    return redirect(dispatch)


@coordinator_required
@require_http_methods(["GET", "POST"])
def dispatch_create(request):
    """Filter venues (GET), check the preview, then create the dispatch for all of them (POST)."""
    venue_filter = DispatchVenueFilter(request.GET, queryset=Venue.objects.active())
    venues = venue_filter.qs
    preview = queries.venue_preview(venues)
    form = DispatchForm(
        posted(request),
        initial={"campaign": request.GET.get("campaign"), "planned_on": timezone.localdate()},
    )
    if form.is_valid():
        dispatch = _create_dispatch(request, form, venues, preview)
        if dispatch is not None:
            messages.success(
                request,
                ngettext(
                    "Dispatch “%(name)s” created with %(count)d placement.",
                    "Dispatch “%(name)s” created with %(count)d placements.",
                    preview.count,
                )
                % {"name": dispatch.name, "count": preview.count},
            )
            return redirect(dispatch)
    return render(
        request,
        "distribution/dispatch_create.html",
        {
            "venue_filter": venue_filter,
            "preview": preview,
            "form": form,
            "query_string": request.GET.urlencode(),
            "limit": BULK_LIMIT,
        },
    )


def _create_dispatch(request, form, venues, preview) -> Dispatch | None:
    data = form.cleaned_data
    if data["expected_count"] != preview.count:
        form.add_error(
            None,
            _("The venues matching the filter changed (now %(count)d); check and submit again.")
            % {"count": preview.count},
        )
        return None
    if preview.count > BULK_LIMIT:
        form.add_error(
            None,
            _("One dispatch may go to at most %(limit)d venues; narrow the filter.")
            % {"limit": BULK_LIMIT},
        )
        return None
    lines = [
        services.Line(venue_id=venue_id, edition_id=data["edition"].pk, quantity=data["quantity"])
        for venue_id in venues.order_by("name", "pk").values_list("pk", flat=True)
    ]
    try:
        return services.create_dispatch(
            campaign=data["campaign"],
            name=data["name"],
            channel=data["channel"],
            planned_on=data["planned_on"],
            lines=lines,
            stock_location=data["stock_location"],
            user=request.user,
            note=data["note"],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


# Bulk steps ----------------------------------------------------------------------------


def apply_bulk(request, placements, axis: str, new: str, *, source: str, note: str) -> None:
    """Move every given placement the user may edit, and say what moved and what did not."""
    chosen = list(placements.select_related("venue__municipality").order_by("pk")[: BULK_LIMIT + 1])
    if len(chosen) > BULK_LIMIT:
        messages.error(
            request,
            _("One step may change at most %(limit)d placements; narrow the filter.")
            % {"limit": BULK_LIMIT},
        )
        return
    editable = [p for p in chosen if can_edit_placement(request.user, p)]
    outside = len(chosen) - len(editable)
    todo = [p for p in editable if getattr(p, axis) != new]
    already = len(editable) - len(todo)
    label = AXIS_VALUES[axis](new).label
    if todo:
        batch, moved, refused = services.bulk_change_status(
            todo, axis, new, user=request.user, source=source, note=note
        )
        report_bulk(request, moved, refused)
        if moved:
            request.session[LAST_STEP] = {
                "batch": str(batch),
                "count": moved,
                "axis": axis,
                "value": new,
            }
    if already:
        messages.info(
            request,
            ngettext(
                "%(count)d placement was already %(status)s.",
                "%(count)d placements were already %(status)s.",
                already,
            )
            % {"count": already, "status": label},
        )
    if outside:
        messages.warning(
            request,
            ngettext(
                "%(count)d placement is outside your regions and was not changed.",
                "%(count)d placements are outside your regions and were not changed.",
                outside,
            )
            % {"count": outside},
        )
    if not chosen:
        messages.info(request, _("No placement to change."))


def report_bulk(request, moved: int, refused: list[str]) -> None:
    moved_text = ngettext("%(count)d placement moved", "%(count)d placements moved", moved) % {
        "count": moved
    }
    if not refused:
        messages.success(request, _("%(moved)s.") % {"moved": moved_text})
        return
    reasons = " ".join(refused[:REASONS_SHOWN])
    if len(refused) > REASONS_SHOWN:
        reasons += " " + _("… and %(count)d more.") % {"count": len(refused) - REASONS_SHOWN}
    refused_text = ngettext("%(count)d refused", "%(count)d refused", len(refused)) % {
        "count": len(refused)
    }
    messages.warning(
        request,
        _("%(moved)s, %(refused)s: %(reasons)s")
        % {"moved": moved_text, "refused": refused_text, "reasons": reasons},
    )


@writer_required
@require_POST
def step_undo(request):
    """Undo a bulk step by recording opposite events (the step's own events stay)."""
    default = reverse("distribution:placement_list")
    try:
        batch = uuid.UUID(request.POST.get("batch", ""))
    except ValueError:
        messages.error(request, _("There is nothing left to undo in this step."))
        return redirect(safe_next(request, default))
    touched = Placement.objects.filter(events__batch=batch).select_related("venue__municipality")
    check(all(can_edit_placement(request.user, p) for p in touched.distinct()))
    try:
        count = services.undo_batch(batch, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d change undone.", "%(count)d changes undone.", count)
            % {"count": count},
        )
        last = request.session.get(LAST_STEP)
        if last and last.get("batch") == str(batch):
            del request.session[LAST_STEP]
    return redirect(safe_next(request, default))


# Placements ----------------------------------------------------------------------------
