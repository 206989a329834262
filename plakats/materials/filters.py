"""Filters of the material list and the stock table."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import MaterialKind
from .models import Edition, Material, StockLocation, StockMovement


class MaterialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MaterialKind.choices)

    class Meta:
        model = Material
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        """Match the name, size and description, or a hotline number or version of an edition.

        The edition part is a subquery, so a material matching twice is still listed once.
        """
        editions = Edition.objects.filter(material=OuterRef("pk")).filter(
            Q(hotline_numbers__icontains=value) | Q(version__icontains=value)
        )
        return queryset.filter(
            Q(name__fcontains=value)
            | Q(size__icontains=value)
            | Q(description__fcontains=value)
            | Exists(editions)
        )


class StockFilter(django_filters.FilterSet):
    """Filters ledger rows before they are summed into the on-hand table."""

    location = django_filters.ModelChoiceFilter(
        label=_("Location"), queryset=StockLocation.objects.all()
    )
    material = django_filters.ModelChoiceFilter(
        label=_("Material"), field_name="edition__material", queryset=Material.objects.all()
    )
    low = django_filters.BooleanFilter(
        label=_("Only low stock"), method="keep", widget=forms.CheckboxInput
    )

    class Meta:
        model = StockMovement
        fields = ["location", "material", "low"]

    def keep(self, queryset, name, value):
        """``low`` compares sums, so the view applies it after aggregating."""
        return queryset
