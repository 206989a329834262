"""What venues send through the public confirmation link, and evidence photos."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Answer, Source
from .core import new_token


def photo_path(instance: "Photo", filename: str) -> str:
    return f"photos/{instance.placement_id}/{filename}"


class Photo(models.Model):
    """An evidence photo: re-encoded, EXIF stripped and faces blurred before it is stored.

    Stored under MEDIA_ROOT (never the static root) and shown only to logged-in users.
    """

    placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    faces_blurred = models.PositiveIntegerField(_("faces blurred"), default=0)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.image.name}"


class Confirmation(models.Model):
    """One answer from a venue contact; a correction within the allowed days is a new row."""

    placement = models.ForeignKey(
        "distribution.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    where = models.CharField(_("where it hangs"), max_length=255, blank=True)
    reason = models.CharField(_("why not"), max_length=500, blank=True)
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.SET_NULL, null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    # A default rather than auto_now_add, so the service can record one moment for
    # the answer, its events and the correction window.
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        indexes = [
            models.Index(fields=["placement", "-submitted_at"], name="confirmation_recent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.get_answer_display()}"


class PartnerLink(models.Model):
    """The one public link a partner's coordinator uses to confirm a dispatch it carried.

    It shows only the dispatch's placements at the venues of the partner's
    network (``plakats.distribution.services.partners.partner_placements``).
    """

    dispatch = models.OneToOneField(
        "distribution.Dispatch",
        verbose_name=_("dispatch"),
        on_delete=models.CASCADE,
        related_name="partner_link",
    )
    partner = models.ForeignKey(
        "venues.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="dispatch_links",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")

    def __str__(self) -> str:
        return f"{self.partner} · {self.dispatch}"
