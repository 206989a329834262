"""Submitted funder reports: the figures and files as they were handed in, frozen.

A ``SubmittedReport`` keeps the figures (the JSON that both files were drawn
from) and the bytes of the PDF and the XLSX, so a report handed to a funder can
be downloaded again byte for byte however the data changes afterwards.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plakats.distribution.models import Campaign


class SubmittedReport(models.Model):
    """A funder report for one campaign and period as it was submitted."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="submitted_reports",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty means the whole country."),
    )
    lang = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    figures = models.JSONField(_("figures"))
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    xlsx = models.BinaryField(_("XLSX"))
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="submitted_report_period_ordered",
                violation_error_message=_("A report period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.period_start} – {self.period_end} ({self.lang})"

    def get_absolute_url(self) -> str:
        return reverse("reports:submitted_detail", args=[self.pk])

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()
