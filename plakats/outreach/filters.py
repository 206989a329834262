"""Filters of the outreach event list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plakats.distribution.models import Campaign
from plakats.geo.models import Region

from .choices import EventType
from .models import OutreachEvent

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Venue or title"), method="search")
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=Campaign.objects.all()
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=EventType.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), field_name="venue__municipality__region"
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = OutreachEvent
        fields = ["q", "campaign", "type", "region", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(venue__name__fcontains=value) | Q(title__fcontains=value))
