"""Campaigns and their targets: list, detail, create, edit."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plakats.core.history import history_entries
from plakats.core.lists import list_context
from plakats.core.permissions import (
    coordinator_required,
)

from .. import queries
from ..choices import Delivery, Display
from ..filters import CampaignFilter
from ..forms import (
    CampaignForm,
    TargetForm,
)
from ..models import Campaign, Placement, Target
from .common import DETAIL_ROWS, form_page, posted

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
    form = CampaignForm(posted(request))
    if form.is_valid():
        campaign = form.save()
        messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.name})
        return redirect(campaign)
    return form_page(request, form, _("New campaign"), reverse("distribution:campaign_list"))


@coordinator_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(posted(request), instance=campaign)
    if form.is_valid():
        form.save()
        messages.success(request, _("Campaign saved."))
        return redirect(campaign)
    return form_page(
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
    form = TargetForm(posted(request), campaign=campaign)
    if form.is_valid() and _save_target(request, form):
        messages.success(request, _("Target added."))
        return redirect(campaign)
    return form_page(
        request,
        form,
        _("New target for %(campaign)s") % {"campaign": campaign.name},
        campaign.get_absolute_url(),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("campaign"), pk=pk)
    form = TargetForm(posted(request), instance=target, campaign=target.campaign)
    if form.is_valid() and _save_target(request, form):
        messages.success(request, _("Target saved."))
        return redirect(target.campaign)
    return form_page(
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
