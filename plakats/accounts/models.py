"""Users, their role and the regions a regional consultant may edit.

A role is a Django group (see ``plakats.core.permissions.Role``); one user has
one role. Regional users edit venues and placements only in ``regions``.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    regions = models.ManyToManyField(
        "geo.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="consultants",
        help_text=_("Regions a regional consultant may edit."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
