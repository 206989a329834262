"""Admin for submitted reports: read-only, because a submitted report is frozen."""

from django.contrib import admin

from .models import SubmittedReport


@admin.register(SubmittedReport)
class SubmittedReportAdmin(admin.ModelAdmin):
    list_display = ["campaign", "period_start", "period_end", "region", "lang", "submitted_at"]
    list_filter = ["lang", "campaign"]
    list_select_related = ["campaign", "region"]
    readonly_fields = [
        "campaign",
        "period_start",
        "period_end",
        "region",
        "lang",
        "figures",
        "pdf_sha256",
        "xlsx_sha256",
        "submitted_by",
        "submitted_at",
        "note",
    ]
    exclude = ["pdf", "xlsx"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
