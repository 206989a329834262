"""Venue register and partners: list, detail, create, edit, merge."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plakats.core.concurrency import EditConflict
from plakats.core.errors import DomainError
from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    can_edit_venue,
    check,
    coordinator_required,
    writer_required,
)

from .filters import PartnerFilter, VenueFilter
from .forms import AgreementForm, MergeForm, NetworkForm, PartnerForm, VenueForm
from .models import Network, Partner, Venue
from .services import merge_venues, save_venue_edit

VENUE_SORTS = {
    "name": "name",
    "kind": "kind",
    "municipality": "municipality__name",
    "updated": "updated_at",
}


def venue_list(request):
    venues = Venue.objects.with_geography()
    filterset = VenueFilter(request.GET or {"active": "true"}, queryset=venues)
    context = list_context(request, filterset, sorts=VENUE_SORTS, default_sort="name")
    template = "venues/venue_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "venues/_venue_table.html"
    return render(request, template, context)


def _get_venue_for_edit(request, pk: int) -> Venue:
    venue = get_object_or_404(Venue.objects.with_geography(), pk=pk)
    check(can_edit_venue(request.user, venue))
    return venue


def venue_detail(request, pk: int):
    venue = get_object_or_404(Venue.objects.with_geography(), pk=pk)
    if venue.merged_into_id:
        messages.info(
            request, _("This venue was merged into %(name)s.") % {"name": venue.merged_into}
        )
        return redirect(venue.merged_into)
    placements = venue.placements.select_related("edition__material", "campaign").order_by(
        "-created_at"
    )[:50]
    return render(
        request,
        "venues/venue_detail.html",
        {
            "venue": venue,
            "placements": placements,
            "history": history_entries(venue),
            "can_edit": can_edit_venue(request.user, venue),
        },
    )


@writer_required
@require_http_methods(["GET", "POST"])
def venue_create(request):
    form = VenueForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_valid():
        check(can_edit_venue(request.user, form.instance))
        venue = form.save()
        messages.success(request, _("Venue “%(name)s” added.") % {"name": venue.name})
        return redirect(venue)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("New venue"), "cancel_url": reverse("venues:venue_list")},
    )


@writer_required
@require_http_methods(["GET", "POST"])
def venue_edit(request, pk: int):
    venue = _get_venue_for_edit(request, pk)
    form = VenueForm(
        request.POST if request.method == "POST" else None, instance=venue, user=request.user
    )
    if form.is_valid():
        check(can_edit_venue(request.user, form.instance))
        try:
            save_venue_edit(form)
        except EditConflict as exc:
            form.conflict(exc)
        else:
            messages.success(request, _("Venue saved."))
            return redirect(venue)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": venue.name},
            "cancel_url": venue.get_absolute_url(),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def venue_merge(request, pk: int):
    survivor = get_object_or_404(Venue.objects.with_geography(), pk=pk)
    query = request.GET.get("q", "").strip() or survivor.name.split()[0]
    candidates = None
    if request.method == "GET":
        candidates = list(
            Venue.objects.active()
            .exclude(pk=survivor.pk)
            .filter(name__icontains=query)
            .values_list("pk", flat=True)[:20]
        )
    form = MergeForm(
        request.POST if request.method == "POST" else None, survivor=survivor, candidates=candidates
    )
    if form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        try:
            merge_venues(survivor, duplicate, user=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("“%(duplicate)s” was merged into this venue.") % {"duplicate": duplicate.name},
            )
            return redirect(survivor)
    return render(
        request, "venues/venue_merge.html", {"venue": survivor, "form": form, "query": query}
    )


PARTNER_SORTS = {"name": "name", "kind": "kind"}


def partner_list(request):
    filterset = PartnerFilter(request.GET, queryset=Partner.objects.all())
    context = list_context(request, filterset, sorts=PARTNER_SORTS, default_sort="name")
    return render(request, "venues/partner_list.html", context)


def partner_detail(request, pk: int):
    partner = get_object_or_404(Partner, pk=pk)
    return render(
        request,
        "venues/partner_detail.html",
        {
            "partner": partner,
            "agreements": partner.agreements.select_related("network"),
            "networks": partner.networks.all(),
            "history": history_entries(partner),
        },
    )


def _edit_page(request, form, title, cancel_url):
    return render(
        request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        partner = form.save()
        messages.success(request, _("Partner added."))
        return redirect(partner)
    return _edit_page(request, form, _("New partner"), reverse("venues:partner_list"))


@coordinator_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk: int):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST if request.method == "POST" else None, instance=partner)
    if form.is_valid():
        form.save()
        messages.success(request, _("Partner saved."))
        return redirect(partner)
    return _edit_page(
        request, form, _("Edit %(name)s") % {"name": partner.name}, partner.get_absolute_url()
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, partner_pk: int):
    partner = get_object_or_404(Partner, pk=partner_pk)
    form = AgreementForm(request.POST if request.method == "POST" else None, instance=None)
    form.instance.partner = partner
    if form.is_valid():
        form.save()
        messages.success(request, _("Agreement added."))
        return redirect(partner)
    return _edit_page(
        request,
        form,
        _("New agreement with %(name)s") % {"name": partner.name},
        partner.get_absolute_url(),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def network_create(request):
    form = NetworkForm(
        request.POST if request.method == "POST" else None,
        initial={"partner": request.GET.get("partner")},
    )
    if form.is_valid():
        network = form.save()
        messages.success(request, _("Network “%(name)s” added.") % {"name": network.name})
        return redirect(network.partner or "venues:venue_list")
    return _edit_page(request, form, _("New network"), reverse("venues:network_list"))


def network_list(request):
    networks = Network.objects.select_related("partner").order_by("name")
    return render(request, "venues/network_list.html", {"networks": networks})
