"""Campaigns, dispatches and placements in the admin.

Statuses are read-only here: the admin's "mark sent" / "mark delivered" actions
go through ``services.bulk_change_status``, the same rule as the web UI, and
placement events can only be read.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from plakats.venues.choices import VenueKind

from . import services
from .choices import Axis, Delivery
from .models import (
    Campaign,
    Confirmation,
    Dispatch,
    FieldVisit,
    LetterTemplate,
    Photo,
    Placement,
    PlacementEvent,
    Reminder,
    Target,
)


class TargetAdminForm(forms.ModelForm):
    venue_kinds = forms.MultipleChoiceField(
        label=_("venue kinds"),
        choices=VenueKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Target
        fields = ["name", "measure", "venue_kinds", "regions", "network", "min_reach", "goal"]


class TargetInline(admin.StackedInline):
    model = Target
    form = TargetAdminForm
    extra = 0
    filter_horizontal = ["regions"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on", "funder"]
    list_select_related = ["funder"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
    inlines = [TargetInline]


@admin.register(Dispatch)
class DispatchAdmin(SimpleHistoryAdmin):
    """Dispatches are created in the web UI (it takes their stock); here they can be corrected."""

    list_display = ["name", "campaign", "channel", "planned_on", "stock_location"]
    list_filter = ["channel", "campaign"]
    list_select_related = ["campaign", "stock_location"]
    search_fields = ["name"]
    date_hierarchy = "planned_on"
    raw_id_fields = ["campaign", "partner", "created_by"]
    readonly_fields = ["stock_location", "created_by"]

    def has_add_permission(self, request):
        return False


def _bulk_step(modeladmin, request, queryset, new: str) -> None:
    _batch, moved, refused = services.bulk_change_status(
        queryset.order_by("pk"), Axis.DELIVERY, new, user=request.user
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d placement moved.", "%(count)d placements moved.", moved)
        % {"count": moved},
        messages.SUCCESS,
    )
    for reason in refused[:20]:
        modeladmin.message_user(request, reason, messages.WARNING)
    if len(refused) > 20:
        modeladmin.message_user(
            request,
            _("… and %(count)d more refused.") % {"count": len(refused) - 20},
            messages.WARNING,
        )


@admin.action(description=_("Mark sent"), permissions=["change"])
def mark_sent(modeladmin, request, queryset):
    _bulk_step(modeladmin, request, queryset, Delivery.SENT)


@admin.action(description=_("Mark delivered"), permissions=["change"])
def mark_delivered(modeladmin, request, queryset):
    _bulk_step(modeladmin, request, queryset, Delivery.DELIVERED)


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    """Placements are added through the web UI; statuses change only through the actions."""

    list_display = [
        "code",
        "venue",
        "edition",
        "campaign",
        "quantity",
        "delivery",
        "display",
        "evidence",
    ]
    list_filter = ["delivery", "display", "evidence", "campaign"]
    list_select_related = ["venue", "edition__material", "campaign"]
    search_fields = ["code", "venue__name"]
    raw_id_fields = ["venue", "edition", "dispatch"]
    readonly_fields = [
        "code",
        "delivery",
        "display",
        "evidence",
        "evidence_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "code",
        "campaign",
        "dispatch",
        "venue",
        "edition",
        "quantity",
        "location_note",
        "delivery",
        "display",
        "evidence",
        "evidence_at",
        "created_at",
        "updated_at",
    ]
    actions = [mark_sent, mark_delivered]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services (events, answers, visits, reminders)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlacementEvent)
class PlacementEventAdmin(ReadOnlyAdmin):
    """The status timeline: written only by the services, so read-only here."""

    list_display = ["placement", "axis", "old_value", "new_value", "source", "actor", "occurred_at"]
    list_filter = ["axis", "source"]
    list_select_related = ["placement", "actor"]
    search_fields = ["placement__code"]
    date_hierarchy = "occurred_at"


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["placement", "answer", "where", "language", "submitted_at"]
    list_filter = ["answer", "language"]
    list_select_related = ["placement"]
    search_fields = ["placement__code", "placement__venue__name"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["placement", "source", "faces_blurred", "width", "height", "uploaded_at"]
    list_filter = ["source"]
    list_select_related = ["placement"]
    search_fields = ["placement__code"]


@admin.register(FieldVisit)
class FieldVisitAdmin(ReadOnlyAdmin):
    list_display = ["placement", "sighting", "visited_by", "visited_at", "recorded_at"]
    list_filter = ["sighting"]
    list_select_related = ["placement", "visited_by"]
    search_fields = ["placement__code", "placement__venue__name"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["venue", "email", "queued_at", "sent_at", "error"]
    list_select_related = ["venue"]
    search_fields = ["venue__name", "email"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    """Cover letters; ``LetterTemplate.clean`` refuses unknown placeholders here too."""

    list_display = ["language", "title", "updated_at"]
