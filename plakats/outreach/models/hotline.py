"""The hotline contact log: one anonymous row per contact, and its configurable lists.

A contact holds no personal data by design: no name, number or address. The
free-text notes are checked by ``plakats.outreach.pii`` in the services.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plakats.core.models import TimeStamped

from ..choices import ContactChannel, Outcome


class LabelledChoice(models.Model):
    """A configurable list entry with a Latvian and an English label."""

    name_lv = models.CharField(_("name (Latvian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Untick to stop offering it on new contacts.")
    )

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (Latvian for ``lv``, English otherwise)."""
        language = (get_language() or "en").split("-")[0]
        return (self.name_lv if language == "lv" else self.name_en) or self.name_en


class Topic(LabelledChoice):
    """What a caller asked about (sham marriage, work abroad, …)."""

    class Meta(LabelledChoice.Meta):
        verbose_name = _("hotline topic")
        verbose_name_plural = _("hotline topics")


class HeardFrom(LabelledChoice):
    """Where a caller heard of the hotline (poster at school, website, …)."""

    class Meta(LabelledChoice.Meta):
        verbose_name = _("heard-from source")
        verbose_name_plural = _("heard-from sources")


class HotlineContact(TimeStamped):
    """One anonymous contact with the hotline."""

    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="contacts")
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("caller's region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_contacts",
    )
    heard_from = models.ForeignKey(
        HeardFrom,
        verbose_name=_("heard of us from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_contacts",
        help_text=_("Linked from the code the caller read out; venue and edition follow."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("hotline contact")
        verbose_name_plural = _("hotline contacts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=ContactChannel.values),
                name="hotline_contact_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values),
                name="hotline_contact_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_channel_display()} · {timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M}"
        )
