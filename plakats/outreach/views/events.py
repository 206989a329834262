"""Outreach events: list, detail, create, edit (regional consultants in their regions)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    can_coordinate,
    can_edit_region,
    check,
    region_ids_of,
    writer_required,
)
from plakats.venues.models import Venue

from ..filters import EventFilter
from ..forms import OutreachEventForm
from ..models import OutreachEvent

EVENT_SORTS = {"date": "date", "participants": "participants", "venue": "venue__name"}
# Venues a search offers on the event form.
VENUE_CHOICES_SHOWN = 30


@require_GET
def event_list(request):
    events = OutreachEvent.objects.select_related(
        "venue__municipality__region", "campaign"
    ).annotate(material_lines=Count("materials"))
    filterset = EventFilter(request.GET, queryset=events)
    context = list_context(request, filterset, sorts=EVENT_SORTS, default_sort="-date")
    return render(request, "outreach/event_list.html", context)


def _get_event(pk: int) -> OutreachEvent:
    return get_object_or_404(
        OutreachEvent.objects.select_related(
            "venue__municipality__region", "campaign", "created_by"
        ),
        pk=pk,
    )


@require_GET
def event_detail(request, pk: int):
    event = _get_event(pk)
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "materials": list(
                event.materials.select_related("edition__material", "location").order_by("pk")
            ),
            "facilitators": list(event.facilitators.order_by("username")),
            "partners": list(event.partners.order_by("name")),
            "can_edit": can_edit_region(request.user, event.region_id),
            "history": history_entries(event),
        },
    )


def _venue_candidates(user, query: str, extra: list[str]) -> list[int]:
    """Venues offered: matches of the search (in the user's regions), plus the chosen one."""
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
    return ids + [int(value) for value in extra if str(value).isdigit()]


def _save(request, form, event: OutreachEvent | None) -> OutreachEvent | None:
    try:
        return form.save_event(event, request.user)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def _form_page(request, form, title, query, event=None):
    return render(
        request,
        "outreach/event_form.html",
        {"form": form, "title": title, "query": query, "event": event},
    )


@writer_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    query = request.GET.get("q", "").strip()
    chosen = request.POST.get("venue") or request.GET.get("venue") or ""
    form = OutreachEventForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        candidates=_venue_candidates(request.user, query, [chosen]),
        initial={"venue": chosen or None, "campaign": request.GET.get("campaign")},
    )
    if form.is_valid() and (event := _save(request, form, None)):
        messages.success(request, _("Event recorded."))
        return redirect(event)
    return _form_page(request, form, _("New outreach event"), query)


@writer_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = _get_event(pk)
    check(can_edit_region(request.user, event.region_id))
    query = request.GET.get("q", "").strip()
    chosen = request.POST.get("venue") or ""
    extra = [chosen, str(event.venue_id or "")]
    form = OutreachEventForm(
        request.POST if request.method == "POST" else None,
        instance=event,
        user=request.user,
        candidates=_venue_candidates(request.user, query, extra),
    )
    if form.is_valid() and _save(request, form, event):
        messages.success(request, _("Event saved."))
        return redirect(event)
    return _form_page(request, form, _("Edit %(event)s") % {"event": event}, query, event=event)
