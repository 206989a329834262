"""Admin for the geography: read-only units (they come from ``load_geography``), editable aliases.

An alias is the one thing an administrator may need to add by hand: an old
code or name that a register keeps writing.
"""

from django.contrib import admin

from plakats.geo.models import GeoAlias, Municipality, Place, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only; the country files are the source of these rows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "country"]
    list_filter = ["country"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "region"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "municipality"]
    list_filter = ["kind", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["name", "code", "municipality__name"]


@admin.register(GeoAlias)
class GeoAliasAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "municipality", "place", "note"]
    list_filter = ["kind", "municipality__region"]
    list_select_related = ["municipality", "place"]
    search_fields = ["value", "note", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality", "place"]
