"""Field visits: what a regional consultant saw at a venue, recorded from a phone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Sighting


class FieldVisit(models.Model):
    """One observation of one placement on a visit.

    ``client_id`` is made on the phone when the visit is recorded; a visit sent
    again after a lost connection carries the same id and is stored once.
    """

    client_id = models.UUIDField(_("id made on the phone"), unique=True)
    placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    sighting = models.CharField(_("what was seen"), max_length=20, choices=Sighting.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    photo = models.ForeignKey(
        "distribution.Photo",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    visited_at = models.DateTimeField(_("visited"))
    recorded_at = models.DateTimeField(_("received"), auto_now_add=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="field_visits",
    )

    class Meta:
        ordering = ["-visited_at"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.get_sighting_display()}"
