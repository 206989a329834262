"""Campaigns and their targets, dispatches, placements and placement events.

A placement has three separate axes (delivery, display, evidence); every change
on any of them is a ``PlacementEvent``. The rules for changing them live in
``plakats.distribution.services``.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped
from plakats.venues.choices import VenueKind

from ..choices import Axis, Channel, Delivery, Display, Evidence, Measure, Reach, Source

# No 0/O, 1/I/L: a code read out on the phone must not be misheard or misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token() -> str:
    """Return an unguessable confirmation token (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    """Return a short human code like ``K7M-2QX`` (31^6 ≈ 8.9e8 values)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def fresh_codes(count: int) -> list[str]:
    """``count`` new placement codes, unique among themselves and not yet in the database.

    The code space is small on purpose (read out on the phone), so among a few
    hundred thousand placements random codes do collide (the birthday problem):
    draw, drop the ones already taken, draw again for those.
    """
    codes: set[str] = set()
    while len(codes) < count:
        candidates = list({new_code() for _ in range(count - len(codes))} - codes)
        taken: set[str] = set()
        for start in range(0, len(candidates), 900):
            chunk = candidates[start : start + 900]
            taken.update(Placement.objects.filter(code__in=chunk).values_list("code", flat=True))
        codes.update(code for code in candidates if code not in taken)
    return list(codes)


class Campaign(TimeStamped):
    """A named effort with a period, a funder and targets."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    funder = models.ForeignKey(
        "venues.Partner",
        verbose_name=_("funder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_campaigns",
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
                violation_error_message=_("A campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("distribution:campaign_detail", args=[self.pk])


class Target(TimeStamped):
    """What a campaign promised, as a definition evaluated by a query.

    The reached figure is never typed in: ``plakats.distribution.queries.
    target_progress`` counts the placements that match this definition.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(
        _("measure"), max_length=20, choices=Measure.choices, default=Measure.VENUES
    )
    venue_kinds = models.JSONField(
        _("venue kinds"), default=list, blank=True, help_text=_("Empty means every kind.")
    )
    regions = models.ManyToManyField(
        "geo.Region",
        verbose_name=_("regions"),
        blank=True,
        help_text=_("Empty means the whole country."),
    )
    network = models.ForeignKey(
        "venues.Network",
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    min_reach = models.CharField(
        _("counts from"), max_length=20, choices=Reach.choices, default=Reach.DELIVERED
    )
    goal = models.PositiveIntegerField(_("goal"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(condition=Q(goal__gte=1), name="target_goal_positive"),
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="target_unique_name",
                violation_error_message=_("This campaign already has a target with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def venue_kind_labels(self) -> list[str]:
        labels = dict(VenueKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.venue_kinds]


class Dispatch(TimeStamped):
    """One sending of materials to many venues at once; its lines are placements."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="dispatches"
    )
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    planned_on = models.DateField(_("date"))
    stock_location = models.ForeignKey(
        "materials.StockLocation",
        verbose_name=_("from stock at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches",
    )
    partner = models.ForeignKey(
        "venues.Partner",
        verbose_name=_("carried by partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("distribution:dispatch_detail", args=[self.pk])


def evidence_cutoff(now: datetime | None = None) -> datetime:
    """The oldest evidence that still counts (``PLAKATS_EVIDENCE_MAX_AGE_DAYS`` before now)."""
    return (now or timezone.now()) - timedelta(days=settings.PLAKATS_EVIDENCE_MAX_AGE_DAYS)


class PlacementQuerySet(models.QuerySet):
    @staticmethod
    def fresh_evidence_q(now: datetime | None = None) -> Q:
        """Evidence recorded no earlier than ``evidence_cutoff(now)``."""
        return Q(evidence_at__gte=evidence_cutoff(now))

    @staticmethod
    def reached_q(level: str, *, verified: bool = False, now: datetime | None = None) -> Q:
        """The condition for "got at least as far as ``level``" (a ``Reach`` value).

        With ``verified``, "displayed" counts only with fresh evidence
        (``fresh_evidence_q``); sent and delivered need none.
        """
        displayed = Q(display=Display.DISPLAYED)
        if verified:
            displayed &= PlacementQuerySet.fresh_evidence_q(now)
        if level == Reach.DISPLAYED:
            return displayed
        if level == Reach.DELIVERED:
            return displayed | Q(delivery=Delivery.DELIVERED)
        return displayed | Q(delivery__in=[Delivery.SENT, Delivery.VIA_PARTNER, Delivery.DELIVERED])

    def reached(self, level: str, *, verified: bool = False, now: datetime | None = None):
        return self.filter(self.reached_q(level, verified=verified, now=now))

    @staticmethod
    def believed_up_q(prefix: str = "") -> Q:
        """The condition for "still believed to be up at its venue".

        Delivered or sent via a partner (and not since taken down, refused, …: see
        ``current``), or seen displayed (a web placement found by a web check is
        displayed too). ``prefix`` ("old_placement__") applies it across a relation.
        """
        up = Q(**{f"{prefix}delivery__in": [Delivery.DELIVERED, Delivery.VIA_PARTNER]}) | Q(
            **{f"{prefix}display": Display.DISPLAYED}
        )
        gone = Q(
            **{f"{prefix}delivery__in": [Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED]}
        ) | Q(
            **{
                f"{prefix}display__in": [
                    Display.REMOVED,
                    Display.DAMAGED,
                    Display.NOT_DISPLAYED,
                ]
            }
        )
        return up & ~gone

    def believed_up(self):
        return self.filter(self.believed_up_q())

    @staticmethod
    def unverified_q(now: datetime | None = None) -> Q:
        """Believed up, made before ``evidence_cutoff(now)``, and no evidence since.

        The boundary belongs to "verified" on both sides, as in ``fresh_evidence_q``:
        a placement made exactly ``PLAKATS_EVIDENCE_MAX_AGE_DAYS`` ago is not yet
        unverified, and evidence exactly that old still counts.
        """
        cutoff = evidence_cutoff(now)
        return (
            PlacementQuerySet.believed_up_q()
            & Q(created_at__lt=cutoff)
            & (Q(evidence_at__isnull=True) | Q(evidence_at__lt=cutoff))
        )

    def unverified(self, now: datetime | None = None):
        """Placements flagged "unverified" (see ``unverified_q``)."""
        return self.filter(self.unverified_q(now))

    def current(self):
        """Placements that are, or are still on their way to being, up at their venue.

        Not current: the delivery came back or failed (returned, lost, refused) or
        the venue took it down or never put it up (removed, damaged, not displayed).
        """
        return self.exclude(
            Q(delivery__in=[Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED])
            | Q(display__in=[Display.REMOVED, Display.DAMAGED, Display.NOT_DISPLAYED])
        )

    def for_list(self):
        return self.select_related(
            "venue__municipality__region", "edition__material", "campaign", "dispatch"
        )


class Placement(TimeStamped):
    """One edition at one venue in one quantity."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="placements"
    )
    dispatch = models.ForeignKey(
        Dispatch,
        verbose_name=_("dispatch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    venue = models.ForeignKey(
        "venues.Venue", verbose_name=_("venue"), on_delete=models.PROTECT, related_name="placements"
    )
    edition = models.ForeignKey(
        "materials.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.PLANNED
    )
    display = models.CharField(
        _("display"), max_length=20, choices=Display.choices, default=Display.UNKNOWN
    )
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=Evidence.choices, default=Evidence.NONE
    )
    evidence_at = models.DateTimeField(_("evidence date"), null=True, blank=True)
    location_note = models.CharField(_("where it hangs"), max_length=255, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    code = models.CharField(_("code"), max_length=7, unique=True, default=new_code, editable=False)
    history = HistoricalRecords(excluded_fields=["delivery", "display", "evidence", "evidence_at"])

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="placement_delivery_valid"
            ),
            models.CheckConstraint(
                condition=Q(display__in=Display.values), name="placement_display_valid"
            ),
            models.CheckConstraint(
                condition=Q(evidence__in=Evidence.values), name="placement_evidence_valid"
            ),
            models.CheckConstraint(
                condition=Q(display=Display.UNKNOWN)
                | Q(delivery__in=[Delivery.DELIVERED, Delivery.RETURNED]),
                name="placement_displayed_only_when_delivered",
                violation_error_message=_("Only a delivered placement can be on display."),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "delivery", "display"], name="placement_status_idx"),
            models.Index(fields=["venue", "edition"], name="placement_venue_edition_idx"),
            models.Index(fields=["edition", "display"], name="placement_edition_display_idx"),
            models.Index(fields=["dispatch", "delivery"], name="placement_dispatch_idx"),
            # The newest change time is part of the report figures' data version.
            models.Index(fields=["updated_at"], name="placement_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.edition} → {self.venue}"

    def get_absolute_url(self) -> str:
        return reverse("distribution:placement_detail", args=[self.pk])

    @property
    def believed_up(self) -> bool:
        """The row-level twin of ``PlacementQuerySet.believed_up_q``."""
        gone = self.delivery in (Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED) or (
            self.display in (Display.REMOVED, Display.DAMAGED, Display.NOT_DISPLAYED)
        )
        up = self.delivery in (Delivery.DELIVERED, Delivery.VIA_PARTNER) or (
            self.display == Display.DISPLAYED
        )
        return up and not gone

    def is_unverified(self, now: datetime | None = None) -> bool:
        """The row-level twin of ``PlacementQuerySet.unverified_q`` (same boundary)."""
        cutoff = evidence_cutoff(now)
        return (
            self.believed_up
            and self.created_at < cutoff
            and (self.evidence_at is None or self.evidence_at < cutoff)
        )

    @property
    def unverified(self) -> bool:
        return self.is_unverified()


class PlacementEvent(models.Model):
    """One change on one axis of a placement: who, when, old → new, how it was learnt."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="events"
    )
    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    old_value = models.CharField(_("from"), max_length=20)
    new_value = models.CharField(_("to"), max_length=20)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    occurred_at = models.DateTimeField(_("when"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    batch = models.UUIDField(
        _("bulk step"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Events made by one bulk step share this id, so the step can be undone."),
    )
    undoes = models.ForeignKey(
        "self",
        verbose_name=_("undoes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_by",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")
        constraints = [
            models.CheckConstraint(condition=Q(axis__in=Axis.values), name="event_axis_valid"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="event_source_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["placement", "-occurred_at"], name="event_placement_time_idx"),
            models.Index(fields=["occurred_at", "axis"], name="event_time_axis_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.placement.code}: {self.axis} {self.old_value} → {self.new_value}"

    @property
    def old_label(self) -> str:
        return _label(self.axis, self.old_value)

    @property
    def new_label(self) -> str:
        return _label(self.axis, self.new_value)


def _label(axis: str, value: str) -> str:
    choices = {Axis.DELIVERY: Delivery, Axis.DISPLAY: Display, Axis.EVIDENCE: Evidence}[axis]
    try:
        return str(choices(value).label)
    except ValueError:
        return value
