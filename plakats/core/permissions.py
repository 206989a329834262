"""Who may do what: roles, region scoping, and the view decorators that enforce them.

Every access rule lives here; views call these helpers and never repeat the
rules inline. Templates only use ``can_*`` values to hide buttons — the server
checks again.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    REGIONAL = "regional", _("regional consultant")
    VIEWER = "viewer", _("viewer")
    HOTLINE = "hotline", _("hotline operator")


WRITERS = {Role.ADMIN, Role.COORDINATOR, Role.REGIONAL}
COORDINATORS = {Role.ADMIN, Role.COORDINATOR}
# Who may read and write the hotline contact log (others see only its aggregates).
HOTLINE_LOG = {Role.ADMIN, Role.COORDINATOR, Role.HOTLINE}

# Pages anyone may open without logging in (URL names).
PUBLIC_URL_NAMES = {"login", "health", "set_language", "confirm", "partner_confirm"}


def role_of(user) -> Role | None:
    """Return the user's role, or None for an anonymous user or one without a role."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    cached = getattr(user, "_plakats_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in Role if r.value in names), None)
    user._plakats_role = role
    return role


def region_ids_of(user) -> set[int]:
    cached = getattr(user, "_plakats_region_ids", None)
    if cached is None:
        cached = set(user.regions.values_list("pk", flat=True))
        user._plakats_region_ids = cached
    return cached


def can_write(user) -> bool:
    return role_of(user) in WRITERS


def can_coordinate(user) -> bool:
    return role_of(user) in COORDINATORS


def can_use_hotline_log(user) -> bool:
    return role_of(user) in HOTLINE_LOG


def can_edit_region(user, region_id: int | None) -> bool:
    """A coordinator edits anywhere; a regional consultant only in its own regions."""
    role = role_of(user)
    if role in COORDINATORS:
        return True
    if role == Role.REGIONAL:
        return region_id is not None and region_id in region_ids_of(user)
    return False


def can_edit_venue(user, venue) -> bool:
    region_id = venue.municipality.region_id if venue.municipality_id else None
    return can_edit_region(user, region_id)


def can_edit_placement(user, placement) -> bool:
    return can_edit_venue(user, placement.venue)


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def role_required(*roles: Role) -> Callable:
    """Let a view run only for users whose role is one of ``roles`` (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check(role_of(request.user) in roles)
            return view(request, *args, **kwargs)

        wrapped.plakats_roles = set(roles)
        return wrapped

    return decorator


writer_required = role_required(*WRITERS)
coordinator_required = role_required(*COORDINATORS)
hotline_required = role_required(*HOTLINE_LOG)


# Who may open each named URL ("namespace:name"), read from each view's decorators
# and code. Levels: "public" — anyone, logged in or not; "account" — any logged-in
# user, even one without a role; "read" — every role (GET only where the view has
# no write path); "write" — admin, coordinator and regional; "coordinate" — admin
# and coordinator; "hotline" — admin, coordinator and hotline operator; "admin" —
# administrators only. The admin site is not listed
# (Django's own staff check guards it). plakats/core/tests/test_access_table.py
# walks the URLconf and holds every page to this table.
ACCESS: dict[str, str] = {
    "home": "read",
    "reports:coverage": "read",
    "health": "public",
    "set_language": "public",
    "login": "public",
    "confirm": "public",
    "partner_confirm": "public",
    "logout": "account",
    "password_change": "account",
    "password_change_done": "account",
    "venues:venue_list": "read",
    "venues:venue_create": "write",
    "venues:venue_detail": "read",
    "venues:venue_edit": "write",
    "venues:venue_merge": "coordinate",
    "venues:partner_list": "read",
    "venues:partner_create": "coordinate",
    "venues:partner_detail": "read",
    "venues:partner_edit": "coordinate",
    "venues:agreement_create": "coordinate",
    "venues:network_list": "read",
    "venues:network_create": "coordinate",
    "materials:material_list": "read",
    "materials:material_create": "coordinate",
    "materials:material_detail": "read",
    "materials:material_edit": "coordinate",
    "materials:edition_create": "coordinate",
    "materials:edition_detail": "read",
    "materials:edition_edit": "coordinate",
    "materials:edition_artwork": "read",
    "materials:stock": "read",
    "materials:location_create": "coordinate",
    "materials:location_detail": "read",
    "materials:location_edit": "coordinate",
    "materials:stock_receive": "write",
    "materials:stock_transfer": "write",
    "materials:stock_write_off": "write",
    "materials:stock_return": "write",
    "distribution:campaign_list": "read",
    "distribution:campaign_create": "coordinate",
    "distribution:campaign_detail": "read",
    "distribution:campaign_edit": "coordinate",
    "distribution:target_create": "coordinate",
    "distribution:target_edit": "coordinate",
    "distribution:target_delete": "coordinate",
    "distribution:dispatch_list": "read",
    "distribution:dispatch_create": "coordinate",
    "distribution:dispatch_detail": "read",
    "distribution:dispatch_status": "write",
    "distribution:placement_list": "read",
    "distribution:placement_create": "write",
    "distribution:placement_bulk_status": "write",
    "distribution:step_undo": "write",
    "distribution:placement_detail": "read",
    "distribution:placement_edit": "write",
    "distribution:placement_status": "write",
    "distribution:print_pack": "read",
    "distribution:label_test_print": "read",
    "distribution:letter_list": "read",
    "distribution:letter_create": "coordinate",
    "distribution:letter_edit": "coordinate",
    "distribution:letter_sample": "read",
    "distribution:followup_list": "read",
    "distribution:followup_remind": "write",
    "distribution:followup_export": "read",
    "distribution:visit_start": "write",
    "distribution:visit_venue": "write",
    "distribution:visit_record": "write",
    "distribution:photo": "read",
    "distribution:edition_supersede": "coordinate",
    "distribution:edition_withdraw": "coordinate",
    "distribution:recall_list": "read",
    "distribution:recall_detail": "read",
    "distribution:recall_replace": "coordinate",
    "distribution:recall_close": "coordinate",
    "distribution:recall_export": "read",
    "distribution:recall_web_tasks": "read",
    "distribution:recall_web_tasks_export": "read",
    "imports:import_list": "coordinate",
    "imports:import_new": "coordinate",
    "imports:import_detail": "coordinate",
    "imports:import_mapping": "coordinate",
    "imports:import_commit": "coordinate",
    "imports:import_progress": "coordinate",
    "imports:export": "read",
    "imports:export_links": "read",
    "outreach:hotline_new": "hotline",
    "outreach:hotline_list": "hotline",
    "outreach:hotline_report": "read",
    "outreach:event_list": "read",
    "outreach:event_create": "write",
    "outreach:event_detail": "read",
    "outreach:event_edit": "write",
    "outreach:webcheck_list": "read",
    "outreach:webcheck_run": "write",
    "outreach:webcheck_requirement": "write",
    # The venue map (reports/views_maps.py).
    "reports:map": "read",
    "reports:map_data": "read",
    "reports:map_outlines": "read",
    # The funder report (reports/views_funder.py): reading and downloading for every
    # role, marking a report as submitted for coordinators.
    "reports:funder": "read",
    "reports:funder_submit": "coordinate",
    "reports:submitted_list": "read",
    "reports:submitted_detail": "read",
    "reports:submitted_pdf": "read",
    "reports:submitted_xlsx": "read",
    "accounts:profile": "read",
    "accounts:token_revoke": "read",
}

# "write" URLs about one venue, stock location or placement: a regional consultant
# may use them only for objects in its own regions. (A dispatch spans regions; its
# status change skips placements outside the user's regions instead of refusing.)
REGION_SCOPED_URL_NAMES = {
    "venues:venue_edit",
    "materials:stock_receive",
    "materials:stock_transfer",
    "materials:stock_write_off",
    "materials:stock_return",
    "distribution:placement_edit",
    "distribution:placement_status",
    "distribution:visit_venue",
    "distribution:visit_record",
    "outreach:event_edit",
}

# The roles each access level lets in; "account" and "public" also admit users
# without a role (and "public" anonymous ones).
ACCESS_ROLES: dict[str, set[Role]] = {
    "public": set(Role),
    "account": set(Role),
    "read": set(Role),
    "write": set(WRITERS),
    "coordinate": set(COORDINATORS),
    "hotline": set(HOTLINE_LOG),
    "admin": {Role.ADMIN},
}
