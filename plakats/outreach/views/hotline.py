"""The hotline contact log (hotline operators and coordinators) and its report (everyone).

The log and the form hold no personal data, but they are still about possible
victims of a crime: only roles in ``HOTLINE_LOG`` open them. Everyone else sees
the aggregates on the report page.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plakats.core.errors import DomainError
from plakats.core.permissions import can_use_hotline_log, hotline_required

from .. import charts, queries
from ..forms import HotlineContactForm, HotlineFilterForm, ReportPeriodForm
from ..models import HotlineContact


def _posted(request):
    return request.POST if request.method == "POST" else None


def _saved_message(contact: HotlineContact) -> str:
    placement = contact.placement
    if placement is None:
        return _("Contact saved — next contact.")
    return _(
        "Contact saved, linked to placement %(code)s: %(venue)s, %(edition)s, "
        "campaign %(campaign)s — next contact."
    ) % {
        "code": placement.code,
        "venue": placement.venue.name,
        "edition": placement.edition,
        "campaign": placement.campaign.name,
    }


@hotline_required
@require_http_methods(["GET", "POST"])
def hotline_new(request):
    form = HotlineContactForm(_posted(request))
    if form.is_valid():
        try:
            contact = form.record(request.user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _saved_message(contact))
            return redirect("outreach:hotline_new")
    return render(request, "outreach/hotline_form.html", {"form": form})


@hotline_required
@require_GET
def hotline_list(request):
    form = HotlineFilterForm(request.GET or None)
    contacts = HotlineContact.objects.select_related(
        "heard_from",
        "region",
        "placement__venue",
        "placement__edition__material",
        "placement__campaign",
    ).prefetch_related("topics")
    if form.is_valid():
        data = form.cleaned_data
        if data["start"]:
            contacts = contacts.filter(occurred_at__gte=queries.day_start(data["start"]))
        if data["end"]:
            contacts = contacts.filter(
                occurred_at__lt=queries.day_start(data["end"] + timedelta(days=1))
            )
        if data["channel"]:
            contacts = contacts.filter(channel=data["channel"])
        if data["topic"]:
            contacts = contacts.filter(topics=data["topic"])
        if data["heard_from"]:
            contacts = contacts.filter(heard_from=data["heard_from"])
        if data["region"]:
            contacts = contacts.filter(region=data["region"])
    paginator = Paginator(contacts.order_by("-occurred_at", "-pk"), settings.PLAKATS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outreach/hotline_list.html",
        {
            "filter": form,
            "page_obj": page,
            "object_list": page.object_list,
            "query_string": query.urlencode(),
        },
    )


@require_GET
def hotline_report(request):
    form = ReportPeriodForm(request.GET or None)
    campaign = start = end = None
    if form.is_valid():
        campaign = form.cleaned_data["campaign"]
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    default_start, default_end = (
        queries.default_period(campaign) if not (start and end) else (start, end)
    )
    start, end = start or default_start, end or default_end
    if end < start:
        start, end = end, start
    report = queries.hotline_report(start, end, campaign)
    return render(
        request,
        "outreach/hotline_report.html",
        {
            "form": form,
            "report": report,
            "campaign": campaign,
            "chart": charts.weekly_svg(report),
            "can_use_log": can_use_hotline_log(request.user),
        },
    )
