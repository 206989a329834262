"""Users in the admin, with their regions; the admin site is for coordinators and admins."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from plakats.core.permissions import can_coordinate

from .models import ApiToken, User


def _admin_has_permission(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and can_coordinate(user)


admin.site.has_permission = _admin_has_permission
admin.site.site_header = _("Plakats administration")
admin.site.site_title = _("Plakats")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Regions"), {"fields": ("regions",)}))
    filter_horizontal = ("groups", "user_permissions", "regions")
    list_filter = ("groups", "is_active", "regions")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users on the profile page; here they can only be revoked."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")

    def has_add_permission(self, request):
        return False
