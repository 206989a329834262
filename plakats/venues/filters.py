"""Filters of the venue and partner lists; the same filtersets later drive export and API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plakats.distribution.choices import Reach
from plakats.distribution.models import Campaign, Target
from plakats.geo.models import Municipality, Region
from plakats.reports.queries import target_reached_q, venue_reached_q

from .choices import PartnerKind, VenueKind
from .models import Network, Partner, Venue

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class VenueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VenueKind.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="municipality__region", queryset=Region.objects.all()
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.all()
    )
    network = django_filters.ModelChoiceFilter(label=_("Network"), queryset=Network.objects.all())
    active = django_filters.BooleanFilter(label=_("Active"), field_name="is_active")
    # Drill-down from the reports: the venues a campaign (or a target) counts as reached,
    # by the same definition as the figure (plakats.reports.queries). Shown only when used.
    reached_in = django_filters.ModelChoiceFilter(
        label=_("Reached in campaign"), queryset=Campaign.objects.all(), method="reached"
    )
    not_reached_in = django_filters.ModelChoiceFilter(
        label=_("Not reached in campaign"), queryset=Campaign.objects.all(), method="reached"
    )
    reached_by_target = django_filters.ModelChoiceFilter(
        label=_("Reached by target"),
        queryset=Target.objects.prefetch_related("regions"),
        method="reached",
    )
    reach = django_filters.ChoiceFilter(
        label=_("Counts from"), choices=Reach.choices, method="reach_option"
    )
    verified = django_filters.BooleanFilter(
        label=_("Displayed only with fresh evidence"), method="reach_option"
    )
    reach_from = django_filters.DateFilter(
        label=_("Reached from"), method="reach_option", widget=DATE_INPUT
    )
    reach_to = django_filters.DateFilter(
        label=_("Reached until"), method="reach_option", widget=DATE_INPUT
    )

    DRILL_DOWN = (
        "reached_in",
        "not_reached_in",
        "reached_by_target",
        "reach",
        "verified",
        "reach_from",
        "reach_to",
    )

    class Meta:
        model = Venue
        fields = [
            "q",
            "kind",
            "region",
            "municipality",
            "network",
            "active",
            "reached_in",
            "not_reached_in",
            "reached_by_target",
            "reach",
            "verified",
            "reach_from",
            "reach_to",
        ]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The list's filter bar stays short: drill-down filters appear when a link sets them.
        for name in self.DRILL_DOWN:
            if not data or name not in data:
                self.filters.pop(name, None)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__fcontains=value)
            | Q(address__fcontains=value)
            | Q(external_id=value)
            | Q(email__icontains=value)
        )

    def reach_option(self, queryset, name, value):
        """Options of the reach filters below; they do not filter on their own."""
        return queryset

    def reached(self, queryset, name, value):
        data = self.form.cleaned_data
        options = {
            "verified": data.get("verified") is not False,
            "start": data.get("reach_from"),
            "end": data.get("reach_to"),
        }
        if name == "reached_by_target":
            return queryset.filter(target_reached_q(value, **options))
        condition = venue_reached_q(value.pk, level=data.get("reach") or Reach.DELIVERED, **options)
        return queryset.filter(condition if name == "reached_in" else ~condition)


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="fcontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)

    class Meta:
        model = Partner
        fields = ["q", "kind"]
