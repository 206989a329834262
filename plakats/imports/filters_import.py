"""Filters of the list of import runs."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ImportKind, ImportRun, ImportStatus


class ImportRunFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("File name"), field_name="file_name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ImportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ImportStatus.choices)

    class Meta:
        model = ImportRun
        fields = ["q", "kind", "status"]
