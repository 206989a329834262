"""Back-office views of materials, editions and stock locations.

The stock ledger is read-only here: its rows are written only by
``plakats.materials.services``, so that on-hand can never go below zero.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import ArtworkModelForm
from .models import Edition, Material, StockLocation, StockMovement


class EditionAdminForm(ArtworkModelForm):
    class Meta:
        model = Edition
        fields = "__all__"


class EditionInline(admin.StackedInline):
    model = Edition
    form = EditionAdminForm
    fk_name = "material"
    extra = 0
    show_change_link = True
    fields = [
        ("language", "version"),
        "hotline_numbers",
        "urls",
        "artwork",
        "print_run",
        ("valid_from", "valid_until", "withdrawn_on"),
        "supersedes",
    ]
    raw_id_fields = ["supersedes"]


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "size", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    inlines = [EditionInline]


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    form = EditionAdminForm
    list_display = [
        "material",
        "language",
        "version",
        "hotline_numbers",
        "valid_from",
        "valid_until",
        "withdrawn_on",
    ]
    list_filter = ["language", "material__kind", "withdrawn_on"]
    list_select_related = ["material"]
    search_fields = ["material__name", "version", "hotline_numbers", "urls"]
    raw_id_fields = ["supersedes"]
    autocomplete_fields = ["material"]


@admin.register(StockLocation)
class StockLocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "holder", "low_stock_threshold"]
    list_filter = ["region"]
    list_select_related = ["region", "holder"]
    search_fields = ["name", "holder__username"]
    raw_id_fields = ["holder"]


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "occurred_on",
        "location",
        "edition",
        "kind",
        "delta",
        "dispatch",
        "created_by",
    ]
    list_filter = ["kind", "location", "edition__material__kind", "occurred_on"]
    list_select_related = ["location", "edition__material", "dispatch", "created_by"]
    search_fields = ["edition__material__name", "edition__version", "location__name", "note"]
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
