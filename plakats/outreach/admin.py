"""The hotline's configurable lists (topics, heard-from sources) for coordinators.

Contacts and events are read-only here: they are recorded through
``plakats.outreach.services`` (personal-data guard, stock movements).
"""

from django.contrib import admin

from plakats.core.permissions import can_coordinate

from .models import EventMaterial, HeardFrom, HotlineContact, OutreachEvent, Topic


class CoordinatorListAdmin(admin.ModelAdmin):
    """Coordinators manage the list; an entry already used is retired (unticked), not deleted."""

    list_display = ["name_lv", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "name_en"]

    def has_module_permission(self, request):
        return can_coordinate(request.user)

    def has_view_permission(self, request, obj=None):
        return can_coordinate(request.user)

    def has_add_permission(self, request):
        return can_coordinate(request.user)

    def has_change_permission(self, request, obj=None):
        return can_coordinate(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_coordinate(request.user) and (obj is None or not obj.contacts.exists())


admin.site.register(Topic, CoordinatorListAdmin)
admin.site.register(HeardFrom, CoordinatorListAdmin)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return can_coordinate(request.user)

    def has_view_permission(self, request, obj=None):
        return can_coordinate(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HotlineContact)
class HotlineContactAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "channel", "heard_from", "region", "placement", "outcome"]
    list_filter = ["channel", "outcome", "heard_from", "region"]
    list_select_related = ["heard_from", "region", "placement"]
    date_hierarchy = "occurred_at"


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    can_delete = False
    readonly_fields = ["edition", "quantity", "location", "movement"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutreachEvent)
class OutreachEventAdmin(ReadOnlyAdmin):
    list_display = ["date", "type", "venue", "campaign", "participants"]
    list_filter = ["type", "campaign"]
    list_select_related = ["venue", "campaign"]
    date_hierarchy = "date"
    inlines = [EventMaterialInline]
