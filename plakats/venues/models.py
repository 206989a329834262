"""Venues (where materials go), the networks they belong to, partners and agreements."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped

from .choices import PartnerKind, VenueKind, VenueLanguage


class Partner(TimeStamped):
    """An organisation we work with: coalition member, company, association, funder."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_coalition_member = models.BooleanField(_("coalition member"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:partner_detail", args=[self.pk])


class Network(TimeStamped):
    """A group of venues reached through one body: NVA, the hostel association, a school board."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStamped):
    """What a partner agreed to do with us, and for how long."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("what was agreed"), blank=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network distributed to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_period_ordered",
                violation_error_message=_("The agreement cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.title}"


class VenueQuerySet(models.QuerySet):
    def active(self):
        return self.filter(merged_into__isnull=True, is_active=True)

    def in_regions(self, regions):
        return self.filter(municipality__region__in=regions)

    def with_geography(self):
        return self.select_related("municipality__region", "network")


class Venue(TimeStamped):
    """A place materials go to: a school, an agency branch, a hostel, a website."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=VenueKind.choices, db_index=True)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
    )
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
    )
    place = models.ForeignKey(
        "geo.Place",
        verbose_name=_("town or parish"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=VenueLanguage.choices, default=VenueLanguage.LATVIAN
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    external_source = models.CharField(
        _("external register"),
        max_length=50,
        blank=True,
        help_text=_("Where the external id comes from, e.g. the school register."),
    )
    external_id = models.CharField(_("external id"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_venues",
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="venue_unique_external_id",
                violation_error_message=_("Another venue already has this external id."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=VenueKind.online()) | ~Q(url=""),
                name="venue_online_has_url",
                violation_error_message=_("An online venue needs a web address."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=VenueKind.online())
                | ~Q(address="")
                | Q(municipality__isnull=False),
                name="venue_physical_has_location",
                violation_error_message=_("A physical venue needs an address or a municipality."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "kind"], name="venue_muni_kind_idx"),
            models.Index(fields=["network", "kind"], name="venue_network_kind_idx"),
            models.Index(fields=["is_active", "name"], name="venue_active_name_idx"),
            # The newest change time is part of the report figures' data version.
            models.Index(fields=["updated_at"], name="venue_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:venue_detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return self.kind in VenueKind.online()

    @property
    def region(self):
        return self.municipality.region if self.municipality_id else None

    def clean(self) -> None:
        errors = {}
        if self.is_online and not self.url:
            errors["url"] = _("An online venue needs a web address.")
        if not self.is_online and not self.address and not self.municipality_id:
            errors["address"] = _("A physical venue needs an address or a municipality.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if (
            self.place_id
            and self.municipality_id
            and (self.place.municipality_id != self.municipality_id)
        ):
            errors["place"] = _("This town or parish is not in the chosen municipality.")
        if errors:
            raise ValidationError(errors)


class VenueMerge(models.Model):
    """A record that one venue was merged into another, kept for the audit trail."""

    survivor = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="merges_received")
    merged = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="merges_done")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    moved = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("venue merge")
        verbose_name_plural = _("venue merges")

    def __str__(self) -> str:
        return f"{self.merged} → {self.survivor}"
