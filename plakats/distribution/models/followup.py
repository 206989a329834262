"""Reminders sent to venues that have not confirmed, so nobody is reminded twice in a week."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("venue"), on_delete=models.CASCADE, related_name="reminders"
    )
    placements = models.ManyToManyField(
        "distribution.Placement", verbose_name=_("placements"), related_name="reminders"
    )
    email = models.EmailField(_("sent to"))
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["venue", "-queued_at"], name="reminder_recent_idx")]

    def __str__(self) -> str:
        return f"{self.venue}: {self.queued_at:%Y-%m-%d}"
