"""Web placements: what an online venue's page must show, and each check of it.

A placement at an online venue (``VenueKind.online()``) may carry one
``WebRequirement``: the hotline number and/or a link its page must show. The
check task (``plakats.outreach.webchecks``) fetches the venue's page and writes
one ``WebCheck`` a time.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plakats.core.models import TimeStamped


class WebCheckResult(models.TextChoices):
    FOUND = "found", _("found")
    NOT_FOUND = "not_found", _("not found")
    UNREACHABLE = "unreachable", _("unreachable")


class WebRequirement(TimeStamped):
    """What the page of a web placement must show: a phone number, a link, or both."""

    placement = models.OneToOneField(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="web_requirement",
    )
    phone = models.CharField(
        _("phone number"),
        max_length=40,
        blank=True,
        help_text=_("Found in any common formatting: 28612120, +371 286 12 120, 286-12-120."),
    )
    link_url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("A link the page must contain.")
    )
    # When a check was last put in the queue, so a slow worker does not get it twice.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    class Meta:
        verbose_name = _("web requirement")
        verbose_name_plural = _("web requirements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(link_url=""),
                name="webrequirement_has_something",
                violation_error_message=_("Give a phone number, a link, or both."),
            )
        ]

    def __str__(self) -> str:
        return " · ".join(part for part in (self.phone, self.link_url) if part)


class WebCheck(models.Model):
    """One fetch of a web placement's page and what it showed."""

    placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="web_checks",
    )
    checked_at = models.DateTimeField(_("checked"))
    result = models.CharField(_("result"), max_length=20, choices=WebCheckResult.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.CharField(_("final address"), max_length=2000, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("web check")
        verbose_name_plural = _("web checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=WebCheckResult.values), name="webcheck_result_valid"
            )
        ]
        indexes = [
            models.Index(fields=["placement", "-checked_at"], name="webcheck_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.checked_at:%Y-%m-%d %H:%M}: {self.result}"
