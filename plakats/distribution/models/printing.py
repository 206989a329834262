"""The editable cover letter that goes into each venue's package."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped
from plakats.venues.choices import VenueLanguage


class LetterTemplate(TimeStamped):
    """The cover letter of a print pack in one language.

    ``body`` is plain text with placeholders in braces ({venue}, {code}, {link},
    {materials}, {organisation}, {date}); the print pack fills them per venue.
    """

    language = models.CharField(
        _("language"), max_length=2, choices=VenueLanguage.choices, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["language"]
        verbose_name = _("cover letter")
        verbose_name_plural = _("cover letters")

    def __str__(self) -> str:
        return f"{self.get_language_display()}: {self.title}"
