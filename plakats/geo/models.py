"""The country's geography: planning regions, municipalities, towns and parishes.

Latvia ships built in (see the data migration); another country is loaded from
files of the same shape with ``manage.py load_geography``. Codes are the
country's official ones (ATVK in Latvia); ``GeoAlias`` keeps the old codes and
names that registers still use, pointing at today's units.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A planning region: the level at which coverage is reported and consultants work."""

    country = models.CharField(_("country"), max_length=2, default="LV")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"],
                name="region_unique_code",
                violation_error_message=_("A region with this code already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A first-level administrative unit (in Latvia: a state city or a novads)."""

    class Kind(models.TextChoices):
        STATE_CITY = "state_city", _("state city")
        MUNICIPALITY = "municipality", _("municipality")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A second-level unit: a town or a parish inside a municipality."""

    class Kind(models.TextChoices):
        TOWN = "town", _("town")
        PARISH = "parish", _("parish")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="places")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("town or parish")
        verbose_name_plural = _("towns and parishes")

    def __str__(self) -> str:
        return self.name


class GeoAlias(models.Model):
    """An old code or name that still appears in registers, mapped to today's unit."""

    class Kind(models.TextChoices):
        CODE = "code", _("old code")
        NAME = "name", _("old name")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=100)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="aliases")
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="aliases", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("old code or name")
        verbose_name_plural = _("old codes and names")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="geoalias_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.place or self.municipality}"
