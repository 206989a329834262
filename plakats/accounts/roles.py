"""Create the role groups and give them their admin permissions (idempotent)."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from plakats.core.permissions import Role

DOMAIN_APPS = ["geo", "venues", "materials", "distribution"]


def ensure_roles(**kwargs) -> None:
    """Run after every migrate: one group per role; admin-site rights for coordinators."""
    if not global_apps.is_installed("django.contrib.auth"):
        return
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    groups[Role.ADMIN].permissions.set(Permission.objects.all())
    groups[Role.COORDINATOR].permissions.set(domain.exclude(content_type__app_label="geo"))
    groups[Role.COORDINATOR].permissions.add(
        *domain.filter(content_type__app_label="geo", codename__startswith="view_")
    )


def set_role(user, role: Role, regions=()) -> None:
    """Give a user exactly one role (and, for regional users, their regions)."""
    user.groups.set([Group.objects.get(name=role.value)])
    user.is_staff = role in (Role.ADMIN, Role.COORDINATOR)
    user.save(update_fields=["is_staff"])
    user.regions.set(regions)
    for attr in ("_plakats_role", "_plakats_region_ids"):
        user.__dict__.pop(attr, None)
