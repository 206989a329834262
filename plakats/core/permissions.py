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


WRITERS = {Role.ADMIN, Role.COORDINATOR, Role.REGIONAL}
COORDINATORS = {Role.ADMIN, Role.COORDINATOR}

# Pages anyone may open without logging in (URL names).
PUBLIC_URL_NAMES = {"login", "health", "set_language", "confirm"}


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
