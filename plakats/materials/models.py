"""Materials, their editions, and the stock ledger.

On-hand stock is never stored: it is the sum of a location's ledger rows for an
edition (see ``plakats.materials.services``, the only place that writes rows).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plakats.core.models import TimeStamped
from plakats.venues.choices import VenueLanguage

from .choices import MaterialKind, MovementKind

phone_list_validator = RegexValidator(
    r"^[0-9+ ,()-]*$", _("Use digits, spaces, '+' and commas only.")
)


class Material(TimeStamped):
    """A thing we make: "A2 poster: Safe work abroad"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    size = models.CharField(_("size"), max_length=40, blank=True, help_text=_("e.g. A2"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("materials:material_detail", args=[self.pk])

    @property
    def is_digital(self) -> bool:
        return self.kind in MaterialKind.digital()


class EditionQuerySet(models.QuerySet):
    def current(self, on=None):
        """Editions valid on a date (today by default) and not superseded or withdrawn."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            successors__isnull=True,
            withdrawn_on__isnull=True,
        )


class Edition(TimeStamped):
    """One printed or published version of a material."""

    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.PROTECT, related_name="editions"
    )
    language = models.CharField(_("language"), max_length=2, choices=VenueLanguage.choices)
    version = models.CharField(_("version"), max_length=40, help_text=_("e.g. 2014-1"))
    hotline_numbers = models.CharField(
        _("hotline numbers"),
        max_length=200,
        blank=True,
        validators=[phone_list_validator],
        help_text=_("The numbers printed on it, separated by commas."),
    )
    urls = models.TextField(
        _("web addresses"), blank=True, help_text=_("The web addresses it carries, one per line.")
    )
    artwork = models.FileField(_("artwork file"), upload_to="artwork/%Y/", blank=True)
    print_run = models.PositiveIntegerField(_("print run"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # Set only by plakats.distribution.services.recall (supersede_edition, withdraw_edition).
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    retirement_reason = models.CharField(
        _("why it was replaced or withdrawn"), max_length=500, blank=True
    )
    history = HistoricalRecords()

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["material__name", "-valid_from", "version"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language", "version"],
                name="edition_unique_version",
                violation_error_message=_(
                    "This material already has an edition with this language and version."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="edition_validity_ordered",
                violation_error_message=_("An edition cannot expire before it becomes valid."),
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("id")),
                name="edition_not_superseding_itself",
                violation_error_message=_("An edition cannot supersede itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} ({self.get_language_display()}, {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("materials:edition_detail", args=[self.pk])

    @property
    def is_retired(self) -> bool:
        """Superseded (through the recall action) or withdrawn."""
        return bool(self.superseded_on or self.withdrawn_on)

    @property
    def hotline_number_list(self) -> list[str]:
        return [n.strip() for n in self.hotline_numbers.split(",") if n.strip()]

    @property
    def url_list(self) -> list[str]:
        return [u.strip() for u in self.urls.splitlines() if u.strip()]

    def clean(self) -> None:
        if self.supersedes_id:
            self._check_supersedes()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("An edition cannot expire before it becomes valid.")}
            )

    def _check_supersedes(self) -> None:
        """An edition replaces an earlier edition of the same material, never in a loop."""
        if self.pk and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("An edition cannot supersede itself.")})
        earlier = self.supersedes
        if self.material_id and earlier.material_id != self.material_id:
            raise ValidationError(
                {"supersedes": _("An edition can only replace an edition of the same material.")}
            )
        seen, current = set(), earlier
        while self.pk and current is not None and current.pk not in seen:
            if current.pk == self.pk:
                raise ValidationError(
                    {
                        "supersedes": _(
                            "%(edition)s already replaces this edition; it cannot be replaced "
                            "by it in turn."
                        )
                        % {"edition": earlier}
                    }
                )
            seen.add(current.pk)
            current = current.supersedes


class StockLocation(TimeStamped):
    """Where printed materials are held: the Riga office, a regional consultant."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_locations",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stock_locations",
    )
    low_stock_threshold = models.PositiveIntegerField(_("warn below"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("materials:location_detail", args=[self.pk])


class StockMovementQuerySet(models.QuerySet):
    def on_hand(self) -> int:
        return self.aggregate(total=Sum("delta"))["total"] or 0


class StockMovement(models.Model):
    """One ledger row: a signed change of an edition's quantity at a location.

    Rows are only ever added, by ``plakats.materials.services``; a mistake is
    corrected by another row, never by editing one.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="movements"
    )
    location = models.ForeignKey(
        StockLocation,
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    delta = models.IntegerField(_("quantity change"))
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    dispatch = models.ForeignKey(
        "distribution.Dispatch",
        verbose_name=_("dispatch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_movements",
    )
    counterpart = models.OneToOneField(
        "self",
        verbose_name=_("other side of the transfer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(delta=0),
                name="stockmovement_nonzero",
                violation_error_message=_("A movement must change the quantity."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MovementKind.outgoing(), delta__lt=0)
                | (~Q(kind__in=MovementKind.outgoing()) & Q(delta__gt=0)),
                name="stockmovement_sign_matches_kind",
                violation_error_message=_("Outgoing movements reduce stock, others add to it."),
            ),
        ]
        indexes = [models.Index(fields=["location", "edition"], name="stock_loc_edition_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.delta:+d} {self.edition} @ {self.location}"
