"""Filters of the venue and partner lists; the same filtersets later drive export and API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plakats.geo.models import Municipality, Region

from .choices import PartnerKind, VenueKind
from .models import Network, Partner, Venue


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

    class Meta:
        model = Venue
        fields = ["q", "kind", "region", "municipality", "network", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(external_id=value)
            | Q(email__icontains=value)
        )


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)

    class Meta:
        model = Partner
        fields = ["q", "kind"]
