"""Campaigns with targets, dispatches and placements: lists, details, forms, status changes.

Views parse input, check access with ``plakats.core.permissions`` and call
``plakats.distribution.services``; a refused action comes back as a form error
or a message, never as a 500.
"""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    can_coordinate,
    can_edit_placement,
    check,
    coordinator_required,
    region_ids_of,
    writer_required,
)
from plakats.venues.models import Venue

from . import queries, services
from .choices import Axis, Delivery, Display, Evidence, Source
from .filters import CampaignFilter, DispatchFilter, DispatchVenueFilter, PlacementFilter
from .forms import (
    AXIS_VALUES,
    BULK_LIMIT,
    BulkStatusForm,
    CampaignForm,
    DispatchForm,
    PlacementCreateForm,
    PlacementEditForm,
    StatusForm,
    TargetForm,
)
from .models import Campaign, Dispatch, Placement, Target

# Rows of a detail page's related lists before "show all" links to the full list.
DETAIL_ROWS = 20
# The session key of the user's last bulk step on the placement list, for its undo button.
LAST_STEP = "distribution_last_step"
# How many refusal reasons one message names before "and N more".
REASONS_SHOWN = 5


def _posted(request):
    """The form data of a POST (even an empty one), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, title, cancel_url, **extra):
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "core/form_page.html", context)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# Campaigns and targets ---------------------------------------------------------------

CAMPAIGN_SORTS = {
    "name": "name",
    "starts": "starts_on",
    "ends": "ends_on",
    "placements": "placement_count",
}


def campaign_list(request):
    campaigns = Campaign.objects.select_related("funder").annotate(
        placement_count=Count("placements")
    )
    filterset = CampaignFilter(request.GET, queryset=campaigns)
    context = list_context(request, filterset, sorts=CAMPAIGN_SORTS, default_sort="-starts")
    return render(request, "distribution/campaign_list.html", context)


def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("funder"), pk=pk)
    targets = list(campaign.targets.select_related("network").prefetch_related("regions"))
    dispatches = list(
        campaign.dispatches.select_related("stock_location")
        .annotate(placement_count=Count("placements"))
        .order_by("-planned_on", "-id")[: DETAIL_ROWS + 1]
    )
    counts = queries.status_counts(Placement.objects.filter(campaign=campaign))
    return render(
        request,
        "distribution/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": queries.targets_progress(targets),
            "counts": counts,
            "placement_total": sum(counts["delivery"].values()),
            "base_query": f"campaign={campaign.pk}",
            "delivery_choices": Delivery.choices,
            "display_choices": Display.choices,
            "dispatches": dispatches[:DETAIL_ROWS],
            "more_dispatches": len(dispatches) > DETAIL_ROWS,
            "history": history_entries(campaign),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(_posted(request))
    if form.is_valid():
        campaign = form.save()
        messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.name})
        return redirect(campaign)
    return _form_page(request, form, _("New campaign"), reverse("distribution:campaign_list"))


@coordinator_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(_posted(request), instance=campaign)
    if form.is_valid():
        form.save()
        messages.success(request, _("Campaign saved."))
        return redirect(campaign)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": campaign.name}, campaign.get_absolute_url()
    )


def _save_target(request, form) -> Target | None:
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("name", _("This campaign already has a target with this name."))
        return None


@coordinator_required
@require_http_methods(["GET", "POST"])
def target_create(request, campaign_pk: int):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    form = TargetForm(_posted(request), campaign=campaign)
    if form.is_valid() and _save_target(request, form):
        messages.success(request, _("Target added."))
        return redirect(campaign)
    return _form_page(
        request,
        form,
        _("New target for %(campaign)s") % {"campaign": campaign.name},
        campaign.get_absolute_url(),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("campaign"), pk=pk)
    form = TargetForm(_posted(request), instance=target, campaign=target.campaign)
    if form.is_valid() and _save_target(request, form):
        messages.success(request, _("Target saved."))
        return redirect(target.campaign)
    return _form_page(
        request,
        form,
        _("Edit target %(name)s") % {"name": target.name},
        target.campaign.get_absolute_url(),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def target_delete(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("campaign"), pk=pk)
    campaign = target.campaign
    if request.method == "POST":
        target.delete()
        messages.success(request, _("Target “%(name)s” deleted.") % {"name": target.name})
        return redirect(campaign)
    return render(request, "distribution/target_confirm_delete.html", {"target": target})


# Dispatches ----------------------------------------------------------------------------

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
        _apply_bulk(request, dispatch.placements.all(), *step, source=Source.STAFF, note="")
    return redirect(dispatch)


@coordinator_required
@require_http_methods(["GET", "POST"])
def dispatch_create(request):
    """Filter venues (GET), check the preview, then create the dispatch for all of them (POST)."""
    venue_filter = DispatchVenueFilter(request.GET, queryset=Venue.objects.active())
    venues = venue_filter.qs
    preview = queries.venue_preview(venues)
    form = DispatchForm(
        _posted(request),
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


def _apply_bulk(request, placements, axis: str, new: str, *, source: str, note: str) -> None:
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
        _report_bulk(request, moved, refused)
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


def _report_bulk(request, moved: int, refused: list[str]) -> None:
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
        return redirect(_safe_next(request, default))
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
    return redirect(_safe_next(request, default))


# Placements ----------------------------------------------------------------------------

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


def placement_list(request):
    filterset = PlacementFilter(request.GET, queryset=Placement.objects.for_list())
    context = list_context(request, filterset, sorts=PLACEMENT_SORTS, default_sort="-created")
    context["editable_ids"] = {
        p.pk for p in context["object_list"] if can_edit_placement(request.user, p)
    }
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
    _apply_bulk(
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
    form = PlacementEditForm(_posted(request), instance=placement)
    if form.is_valid():
        try:
            services.update_placement(
                placement,
                edition=form.cleaned_data["edition"],
                quantity=form.cleaned_data["quantity"],
                location_note=form.cleaned_data["location_note"],
                user=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Placement saved."))
            return redirect(placement)
    return _form_page(
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
        _posted(request),
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
