"""The follow-up list: venues with placements sent long ago that never answered.

One row per venue (one reminder e-mail goes to one venue), with its contact
details, the unanswered placements' codes, when they were sent and when the
venue was last reminded. The list exports as CSV or XLSX, and "send reminder
e-mails" queues one e-mail per listed venue through
``services.reminders.queue_reminders``.
"""

from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from plakats.core.lists import list_context
from plakats.core.permissions import can_edit_venue, writer_required
from plakats.geo.models import Region
from plakats.imports.exports import FORMATS, export_response
from plakats.venues.choices import VenueKind
from plakats.venues.models import Venue

from ..models import Campaign, Dispatch, Placement, Reminder
from ..services.reminders import REMINDER_INTERVAL, followup_placements, queue_reminders
from .common import REASONS_SHOWN

MAX_AFTER_DAYS = 3650

FOLLOWUP_SORTS = {
    "venue": "name",
    "municipality": "municipality__name",
    "sent": "first_sent",
    "reminded": "last_reminder_at",
}

# CSV separators by URL value, as on the other exports (``?sep=semicolon`` for Excel in Latvian).
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def default_after_days() -> int:
    return settings.PLAKATS_FOLLOWUP_AFTER_DAYS


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class FollowupFilter(django_filters.FilterSet):
    """Filters placements; ``days`` (sent at least so many days ago) defaults to the setting.

    A ``days`` value that is not a whole number in range shows a form error and
    the list falls back to the default, never to "every placement ever sent".
    """

    campaign = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all()
    )
    dispatch = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Dispatch"), queryset=Dispatch.objects.all()
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        field_name="venue__municipality__region",
        queryset=Region.objects.all(),
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind of venue"), field_name="venue__kind", choices=VenueKind.choices
    )
    days = DaysFilter(
        label=gettext_lazy("Sent at least this many days ago"),
        method="applied_in_filter_queryset",
        min_value=0,
        max_value=MAX_AFTER_DAYS,
    )

    class Meta:
        model = Placement
        fields = ["campaign", "dispatch", "region", "kind", "days"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("days"):
            data = data.copy()
            data["days"] = str(default_after_days())
        super().__init__(data, *args, **kwargs)

    @property
    def after_days(self) -> int:
        days = self.form.cleaned_data.get("days") if self.is_valid() else None
        return default_after_days() if days is None else days

    def applied_in_filter_queryset(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return followup_placements(self.after_days, super().filter_queryset(queryset))


class FollowupRows:
    """The venues of the filtered placements, shaped for ``list_context`` (``qs`` and ``form``)."""

    def __init__(self, filterset: FollowupFilter):
        self.filterset = filterset
        self.form = filterset.form

    @cached_property
    def qs(self) -> QuerySet[Venue]:
        due = self.filterset.qs
        latest = Reminder.objects.filter(venue=OuterRef("pk")).order_by("-queued_at", "-pk")
        return (
            Venue.objects.filter(pk__in=due.values("venue_id"))
            .select_related("municipality__region")
            .annotate(
                first_sent=Subquery(
                    due.filter(venue_id=OuterRef("pk")).order_by("sent_at").values("sent_at")[:1]
                ),
                last_reminder_at=Subquery(latest.values("queued_at")[:1]),
                last_reminder_sent_at=Subquery(latest.values("sent_at")[:1]),
                last_reminder_error=Subquery(latest.values("error")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "placements",
                    queryset=due.order_by("sent_at", "code"),
                    to_attr="due_placements",
                )
            )
        )


def followup_list(request):
    filterset = FollowupFilter(request.GET, queryset=Placement.objects.all())
    context = list_context(
        request, FollowupRows(filterset), sorts=FOLLOWUP_SORTS, default_sort="sent"
    )
    context["after_days"] = filterset.after_days
    context["interval_days"] = REMINDER_INTERVAL.days
    template = "distribution/followup/list.html"
    if request.htmx and not request.htmx.boosted:
        template = "distribution/followup/_table.html"
    return render(request, template, context)


def _list_url(request) -> str:
    """The follow-up list with the request's filters."""
    url = reverse("distribution:followup_list")
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:REASONS_SHOWN])
    if len(names) > REASONS_SHOWN:
        shown += " " + _("… and %(count)d more.") % {"count": len(names) - REASONS_SHOWN}
    return shown


@writer_required
@require_POST
def followup_remind(request):
    """Queue one reminder e-mail per venue of the filtered list that the user may edit."""
    back = _list_url(request)
    filterset = FollowupFilter(request.GET, queryset=Placement.objects.all())
    if not filterset.is_valid():
        messages.error(request, _("Correct the filter first; no reminder was sent."))
        return redirect(back)
    due = filterset.qs
    venues = (
        Venue.objects.filter(pk__in=due.values("venue_id"))
        .select_related("municipality")
        .only("pk", "municipality__region_id")
    )
    allowed, outside = [], 0
    for venue in venues:
        if can_edit_venue(request.user, venue):
            allowed.append(venue.pk)
        else:
            outside += 1
    counts = queue_reminders(due.filter(venue_id__in=allowed), request.user)
    if counts.queued:
        messages.success(
            request,
            ngettext(
                "Reminder e-mail queued for %(count)d venue.",
                "Reminder e-mails queued for %(count)d venues.",
                counts.queued,
            )
            % {"count": counts.queued},
        )
    if counts.skipped_recent:
        messages.info(
            request,
            ngettext(
                "%(count)d venue was reminded in the last %(days)d days and was skipped.",
                "%(count)d venues were reminded in the last %(days)d days and were skipped.",
                counts.skipped_recent,
            )
            % {"count": counts.skipped_recent, "days": REMINDER_INTERVAL.days},
        )
    if counts.skipped_no_email:
        messages.warning(
            request,
            ngettext(
                "%(count)d venue has no e-mail address; phone it instead: %(names)s",
                "%(count)d venues have no e-mail address; phone them instead: %(names)s",
                counts.skipped_no_email,
            )
            % {"count": counts.skipped_no_email, "names": _names(counts.no_email_venues)},
        )
    if outside:
        messages.warning(
            request,
            ngettext(
                "%(count)d venue is outside your regions and was not reminded.",
                "%(count)d venues are outside your regions and were not reminded.",
                outside,
            )
            % {"count": outside},
        )
    if not (counts.queued or counts.skipped_recent or counts.skipped_no_email or outside):
        messages.info(request, _("No venue to remind."))
    return redirect(back)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


EXPORT_COLUMNS = [
    (gettext_lazy("Venue"), lambda v: v.name),
    (gettext_lazy("Kind"), lambda v: v.get_kind_display()),
    (gettext_lazy("Municipality"), lambda v: v.municipality.name if v.municipality_id else ""),
    (
        gettext_lazy("Region"),
        lambda v: v.municipality.region.name if v.municipality_id else "",
    ),
    (gettext_lazy("Contact person"), lambda v: v.contact_name),
    (gettext_lazy("E-mail"), lambda v: v.email),
    (gettext_lazy("Phone"), lambda v: v.phone),
    (gettext_lazy("Placements"), lambda v: " ".join(p.code for p in v.due_placements)),
    (gettext_lazy("Sent"), lambda v: _local_date(v.first_sent)),
    (gettext_lazy("Last reminder"), lambda v: _local_date(v.last_reminder_at)),
]


@require_GET
def followup_export(request, fmt: str):
    """The filtered follow-up list as a CSV or XLSX file, every row (no pagination)."""
    if fmt not in FORMATS:
        raise Http404
    filterset = FollowupFilter(request.GET, queryset=Placement.objects.all())
    if not filterset.is_valid():
        messages.error(request, _("Correct the filter first; nothing was exported."))
        return redirect(_list_url(request))
    venues = FollowupRows(filterset).qs.order_by("first_sent", "name", "pk")
    columns = [(str(header), accessor) for header, accessor in EXPORT_COLUMNS]
    stem = f"followup-{timezone.localdate():%Y-%m-%d}"
    delimiter = SEPARATORS.get(request.GET.get("sep", ""), ",")
    return export_response(stem, columns, venues, fmt, delimiter=delimiter)


urlpatterns = [
    path("followup/", followup_list, name="followup_list"),
    path("followup/remind/", followup_remind, name="followup_remind"),
    path("followup/export/<str:fmt>/", followup_export, name="followup_export"),
]
