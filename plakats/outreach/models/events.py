"""Outreach events (workshops, talks, stands, forum theatre) and the materials handed out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped

from ..choices import AGE_BANDS, EventType


class OutreachEvent(TimeStamped):
    """One event that reached people: where, when, who ran it, how many came."""

    campaign = models.ForeignKey(
        "distribution.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_events",
    )
    venue = models.ForeignKey(
        "venues.Venue",
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_events",
        help_text=_("Leave empty for an online event."),
    )
    date = models.DateField(_("date"), db_index=True)
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators (staff)"),
        blank=True,
        related_name="facilitated_events",
    )
    partners = models.ManyToManyField(
        "venues.Partner",
        verbose_name=_("facilitators (partners)"),
        blank=True,
        related_name="facilitated_events",
    )
    participants = models.PositiveIntegerField(_("participants"))
    under_15 = models.PositiveIntegerField(_("under 15"), null=True, blank=True)
    age_15_17 = models.PositiveIntegerField(_("15–17"), null=True, blank=True)
    age_18_25 = models.PositiveIntegerField(_("18–25"), null=True, blank=True)
    over_25 = models.PositiveIntegerField(_("over 25"), null=True, blank=True)
    feedback = models.TextField(_("feedback notes"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values), name="outreach_event_type_valid"
            ),
        ]

    def __str__(self) -> str:
        where = self.venue.name if self.venue_id else _("online")
        return f"{self.get_type_display()} · {where} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:event_detail", args=[self.pk])

    @property
    def region_id(self) -> int | None:
        """The region whose consultants may edit it (none for an online event)."""
        if self.venue_id and self.venue.municipality_id:
            return self.venue.municipality.region_id
        return None

    @property
    def age_bands(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in AGE_BANDS]

    @property
    def has_age_bands(self) -> bool:
        return any(getattr(self, name) is not None for name, _label in AGE_BANDS)


class EventMaterial(models.Model):
    """Items of one edition handed out at an event; the stock movement that took them."""

    event = models.ForeignKey(
        OutreachEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="materials",
    )
    edition = models.ForeignKey(
        "materials.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    location = models.ForeignKey(
        "materials.StockLocation",
        verbose_name=_("from stock at"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    movement = models.OneToOneField(
        "materials.StockMovement",
        verbose_name=_("stock movement"),
        on_delete=models.PROTECT,
        related_name="event_material",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("material handed out")
        verbose_name_plural = _("materials handed out")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.edition}"
