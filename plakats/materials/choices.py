"""Kinds of materials and of stock movements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("poster")
    BANNER = "banner", _("banner")
    LEAFLET = "leaflet", _("leaflet")
    STICKER = "sticker", _("sticker")
    WEB_BANNER = "web_banner", _("web banner")
    SOCIAL_POST = "social_post", _("social network post")
    OTHER = "other", _("other")

    @classmethod
    def digital(cls) -> list[str]:
        return [cls.WEB_BANNER, cls.SOCIAL_POST]


class MovementKind(models.TextChoices):
    PRINTED = "printed", _("printed")
    TRANSFER_IN = "transfer_in", _("transferred in")
    TRANSFER_OUT = "transfer_out", _("transferred out")
    ISSUED = "issued", _("issued")
    RETURNED = "returned", _("returned")
    WRITTEN_OFF = "written_off", _("written off")

    @classmethod
    def outgoing(cls) -> list[str]:
        return [cls.TRANSFER_OUT, cls.ISSUED, cls.WRITTEN_OFF]
