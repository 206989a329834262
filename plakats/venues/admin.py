"""Back-office views of the venue register, partners, networks and agreements.

Merges are done on the venue page (``venues:venue_merge``), which calls the one
merge service; here they are read-only records.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Network, Partner, Venue, VenueMerge


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["title", "network", "valid_from", "valid_until", "scope"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_coalition_member", "registration_number"]
    list_filter = ["kind", "is_coalition_member"]
    search_fields = ["name", "registration_number", "email"]
    inlines = [AgreementInline]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner"]
    list_select_related = ["partner"]
    search_fields = ["name", "partner__name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "network", "valid_from", "valid_until"]
    list_filter = ["partner"]
    list_select_related = ["partner", "network"]
    search_fields = ["title", "partner__name", "scope"]


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality", "network", "external_id", "is_active"]
    list_filter = ["kind", "municipality__region", "network", "is_active", "language"]
    list_select_related = ["municipality", "network"]
    search_fields = ["name", "address", "external_id", "email", "url"]
    raw_id_fields = ["merged_into", "place"]
    readonly_fields = ["merged_into"]
    list_per_page = 50


@admin.register(VenueMerge)
class VenueMergeAdmin(admin.ModelAdmin):
    list_display = ["merged", "survivor", "merged_by", "merged_at"]
    list_select_related = ["merged", "survivor", "merged_by"]
    readonly_fields = ["merged", "survivor", "merged_by", "merged_at", "moved"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
