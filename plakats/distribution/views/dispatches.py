"""Dispatches: list, detail, create from a venue filter, bulk status steps and their undo."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
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
    KindQuantitiesForm,
    LineQuantitiesForm,
)
from ..models import Dispatch, Placement
from .common import LAST_STEP, REASONS_SHOWN, posted, safe_next
from .partners import partner_link_panel

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
            "partner_link": partner_link_panel(dispatch),
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


# Venues listed with a quantity of their own on the new-dispatch page; the rest of a
# bigger selection gets its kind's quantity.
LINES_SHOWN = 100


@dataclass(frozen=True)
class QuantityPlan:
    """What the quantities on the page add up to: placements and items in all."""

    placements: int
    items: int


@coordinator_required
@require_http_methods(["GET", "POST"])
def dispatch_create(request):
    """Pick venues by filter (GET), set quantities and check the stock, then create (POST).

    A POST with ``action=check`` only recomputes the totals. Creating needs the
    selection the page showed (same count, listed lines still in it) and is all
    or nothing (``services.create_dispatch``).
    """
    venue_filter = DispatchVenueFilter(request.GET, queryset=Venue.objects.active())
    filter_valid = venue_filter.is_valid()
    # A filter value that does not validate would be ignored and widen the selection.
    venues = venue_filter.qs if filter_valid else Venue.objects.none()
    preview = queries.venue_preview(venues)
    shown = list(venues.select_related("municipality__region").order_by("name", "pk")[:LINES_SHOWN])
    data = posted(request)
    form = DispatchForm(data, initial=_initial(request, venue_filter))
    kind_form = KindQuantitiesForm(data, kinds=preview.kinds)
    per_kind = kind_form.quantities()
    line_form = LineQuantitiesForm(data, venues=shown)
    quantities_valid = not data or (kind_form.is_valid() and line_form.is_valid())
    plan = _plan(preview, shown, per_kind, line_form.overrides()) if quantities_valid else None
    need = _stock_need(form, plan)
    creating = data is not None and request.POST.get("action") != "check"
    if creating and filter_valid and form.is_valid() and quantities_valid:
        result = _create_dispatch(request, form, venues, per_kind, line_form.overrides())
        if result is not None:
            dispatch, placements, items = result
            messages.success(request, _created_message(dispatch, placements, items))
            return redirect(dispatch)
    elif creating and not filter_valid:
        form.add_error(None, _("Correct the venue filter first."))
    return render(
        request,
        "distribution/dispatch_create.html",
        {
            "venue_filter": venue_filter,
            "preview": preview,
            "form": form,
            "kind_form": kind_form,
            "line_form": line_form,
            "lines": [(venue, line_form[str(venue.pk)]) for venue in shown],
            "plan": plan,
            "need": need,
            "query_string": request.GET.urlencode(),
            "limit": BULK_LIMIT,
        },
    )


def _initial(request, venue_filter) -> dict:
    """Start the dispatch from what the filter already says: its campaign, its edition."""
    chosen = venue_filter.form.cleaned_data if venue_filter.is_valid() else {}
    target = chosen.get("not_reached_by")
    campaign = chosen.get("without_campaign") or (target.campaign if target else None)
    return {
        "campaign": request.GET.get("campaign") or (campaign.pk if campaign else None),
        "edition": request.GET.get("edition") or getattr(chosen.get("without_edition"), "pk", None),
        "stock_location": request.GET.get("stock_location"),
        "planned_on": timezone.localdate(),
    }


def _plan(preview, shown, per_kind: dict[str, int], overrides: dict[int, int]) -> QuantityPlan:
    """Add up the selection's placements and items without another query."""
    placements = sum(n for kind, n in preview.kinds.items() if per_kind.get(kind, 0) > 0)
    items = sum(n * per_kind.get(kind, 0) for kind, n in preview.kinds.items())
    for venue in shown:
        if venue.pk in overrides:
            default, chosen = per_kind.get(venue.kind, 0), overrides[venue.pk]
            items += chosen - default
            placements += (chosen > 0) - (default > 0)
    return QuantityPlan(placements, items)


def _stock_need(form, plan: QuantityPlan | None) -> queries.StockNeed | None:
    edition, location = form.chosen("edition"), form.chosen("stock_location")
    if plan is None or edition is None or location is None:
        return None
    return queries.stock_need(edition, location, plan.items)


def _create_dispatch(
    request, form, venues, per_kind: dict[str, int], overrides: dict[int, int]
) -> tuple[Dispatch, int, int] | None:
    """Create the dispatch; on a refusal, put the reason on the form and return None.

    The selection is read again in the transaction that creates the dispatch, so
    what is created is exactly what matches the filter at that moment.
    """
    data = form.cleaned_data
    try:
        with transaction.atomic():
            rows = list(venues.order_by("name", "pk").values_list("pk", "kind")[: BULK_LIMIT + 1])
            if len(rows) > BULK_LIMIT:
                raise DomainError(
                    _("One dispatch may go to at most %(limit)d venues; narrow the filter.")
                    % {"limit": BULK_LIMIT}
                )
            if data["expected_count"] != len(rows) or any(k not in per_kind for _pk, k in rows):
                raise DomainError(
                    _(
                        "The venues matching the filter changed (now %(count)d); "
                        "check and submit again."
                    )
                    % {"count": len(rows)}
                )
            lines = [
                services.Line(venue_id=pk, edition_id=data["edition"].pk, quantity=quantity)
                for pk, kind in rows
                if (quantity := overrides.get(pk, per_kind[kind])) > 0
            ]
            dispatch = services.create_dispatch(
                campaign=data["campaign"],
                name=data["name"],
                channel=data["channel"],
                planned_on=data["planned_on"],
                lines=lines,
                stock_location=data["stock_location"],
                partner=data["partner"],
                user=request.user,
                note=data["note"],
            )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    items = sum(line.quantity for line in lines) if dispatch.stock_location_id else 0
    return dispatch, len(lines), items


def _created_message(dispatch: Dispatch, placements: int, items: int) -> str:
    created = ngettext(
        "%(count)d placement created", "%(count)d placements created", placements
    ) % {"count": placements}
    if dispatch.stock_location is None:
        return _("%(created)s; nothing taken from stock.") % {"created": created}
    taken = ngettext(
        "%(count)d item taken from %(location)s",
        "%(count)d items taken from %(location)s",
        items,
    ) % {"count": items, "location": dispatch.stock_location}
    return _("%(created)s, %(taken)s.") % {"created": created, "taken": taken}


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
