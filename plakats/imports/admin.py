"""Back-office views of import runs and remembered column mappings: read-only records.

Imports are made on the import pages or with ``manage.py import_venues``; the
admin only lets an administrator look at what happened. The stored file
content is never shown here.
"""

from django.contrib import admin

from .models import ColumnMapping, ImportRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "kind",
        "source",
        "status",
        "created_by",
        "created_at",
        "created",
        "updated",
        "unchanged",
        "errors",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    search_fields = ["file_name", "source", "sha256"]
    exclude = ["content"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ["source", "kind", "updated_at", "updated_by"]
    list_filter = ["kind"]
    list_select_related = ["updated_by"]
