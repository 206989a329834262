"""Filters of the campaign, dispatch and placement lists; the same filtersets drive exports."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from plakats.geo.models import Municipality, Region
from plakats.materials.models import Edition
from plakats.reports.queries import confirmed_q, in_period_q
from plakats.venues.choices import VenueKind
from plakats.venues.filters import VenueFilter

from .choices import Channel, Delivery, Display, Evidence
from .models import Campaign, Dispatch, Placement, PlacementQuerySet, Target
from .queries import not_reached_by

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="fcontains")

    class Meta:
        model = Campaign
        fields = ["q"]


class DispatchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="fcontains")
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=Campaign.objects.all()
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="planned_on", lookup_expr="gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="planned_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = Dispatch
        fields = ["q", "campaign", "channel", "date_from", "date_to"]


class PlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Venue or code"), method="search")
    # The choices read only what their labels show: at national scale there are hundreds.
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=Campaign.objects.only("name")
    )
    dispatch = django_filters.ModelChoiceFilter(
        label=_("Dispatch"), queryset=Dispatch.objects.only("name")
    )
    edition = django_filters.ModelChoiceFilter(
        label=_("Edition"),
        queryset=Edition.objects.select_related("material").only(
            "language", "version", "material__name"
        ),
    )
    delivery = django_filters.ChoiceFilter(label=_("Delivery"), choices=Delivery.choices)
    display = django_filters.ChoiceFilter(label=_("Display"), choices=Display.choices)
    evidence = django_filters.ChoiceFilter(label=_("Evidence"), choices=Evidence.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of venue"), field_name="venue__kind", choices=VenueKind.choices
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="venue__municipality__region", queryset=Region.objects.all()
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="venue__municipality",
        queryset=Municipality.objects.all(),
    )
    # The reports' period: dispatched or changed in it (plakats.reports.queries.in_period_q).
    period_from = django_filters.DateFilter(
        label=_("Active from"), method="in_period", widget=DATE_INPUT
    )
    period_to = django_filters.DateFilter(
        label=_("Active until"), method="in_period", widget=DATE_INPUT
    )
    confirmed = django_filters.BooleanFilter(label=_("Answered by the venue"), method="answered")

    unverified = django_filters.BooleanFilter(
        label=_("Unverified (no fresh evidence)"), method="filter_unverified"
    )

    class Meta:
        model = Placement
        fields = [
            "q",
            "campaign",
            "dispatch",
            "edition",
            "delivery",
            "display",
            "evidence",
            "kind",
            "region",
            "municipality",
            "period_from",
            "period_to",
            "confirmed",
            "unverified",
        ]

    def in_period(self, queryset, name, value):
        # Both ends make one condition, applied once (by "from" when it is given).
        start, end = (
            self.form.cleaned_data.get("period_from"),
            self.form.cleaned_data.get("period_to"),
        )
        if name == "period_to" and start:
            return queryset
        return queryset.filter(in_period_q(start, end))

    def answered(self, queryset, name, value):
        return queryset.filter(confirmed_q() if value else ~confirmed_q())

    def filter_unverified(self, queryset, name, value):
        """Placements flagged unverified (``PlacementQuerySet.unverified_q``), or the others."""
        q = PlacementQuerySet.unverified_q()
        return queryset.filter(q if value else ~q)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(venue__name__fcontains=value) | Q(code=normal_code(value)))


class TargetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, target):
        return f"{target.campaign}: {target.name}"


class TargetChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TargetChoiceField


class DispatchVenueFilter(VenueFilter):
    """The venue filter that picks a dispatch's venues (always active ones, so no "active").

    Besides the venue list's filters it leaves out venues that already carry a
    current placement (``PlacementQuerySet.current``) of an edition or in a
    campaign, and keeps only the venues a target still lacks. Each is one
    NOT EXISTS subquery, so the selection stays a single query however many
    venues there are.
    """

    without_edition = django_filters.ModelChoiceFilter(
        label=_("Without a current placement of edition"),
        queryset=Edition.objects.select_related("material"),
        method="without_current_placement",
    )
    without_campaign = django_filters.ModelChoiceFilter(
        label=_("Without a current placement in campaign"),
        queryset=Campaign.objects.all(),
        method="without_current_placement",
    )
    not_reached_by = TargetChoiceFilter(
        label=_("Not reached yet by target"),
        queryset=Target.objects.select_related("campaign")
        .prefetch_related("regions")
        .order_by("campaign__name", "name"),
        method="not_reached",
        help_text=_(
            "Venues of the target's kinds, regions and network that it does not count yet."
        ),
    )

    class Meta(VenueFilter.Meta):
        fields = [*VenueFilter.Meta.fields, "without_edition", "without_campaign", "not_reached_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("active", None)

    def without_current_placement(self, queryset, name, value):
        field = "edition" if name == "without_edition" else "campaign"
        current = Placement.objects.current().filter(venue=OuterRef("pk"), **{field: value})
        return queryset.filter(~Exists(current))

    def not_reached(self, queryset, name, value):
        return queryset.filter(not_reached_by(value))


def normal_code(value: str) -> str:
    """A placement code as typed ("k7m2qx", "K7M 2QX") in its printed form ("K7M-2QX")."""
    code = "".join(value.upper().split()).replace("-", "")
    return f"{code[:3]}-{code[3:]}" if len(code) == 6 else value
