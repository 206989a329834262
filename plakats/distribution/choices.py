"""Statuses of placements (three separate axes), dispatch channels, evidence and targets.

The allowed transitions of each axis live here, next to the statuses, and are
checked only by ``plakats.distribution.services.change_status``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    PLANNED = "planned", _("planned")
    SENT = "sent", _("sent")
    VIA_PARTNER = "via_partner", _("sent via partner")
    DELIVERED = "delivered", _("delivered")
    RETURNED = "returned", _("returned")
    LOST = "lost", _("lost")
    REFUSED = "refused", _("refused")


class Display(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    DISPLAYED = "displayed", _("displayed")
    NOT_DISPLAYED = "not_displayed", _("not displayed")
    REMOVED = "removed", _("removed")
    DAMAGED = "damaged", _("damaged")


class Evidence(models.TextChoices):
    NONE = "none", _("none")
    VENUE = "venue", _("venue confirmed")
    PHOTO = "photo", _("photo")
    VISIT = "visit", _("staff visit")
    WEB_CHECK = "web_check", _("web check")
    PHONE = "phone", _("phone call")
    PARTNER = "partner", _("partner report")


class Source(models.TextChoices):
    """How a change was learnt."""

    STAFF = "staff", _("staff")
    VENUE = "venue", _("venue")
    VISIT = "visit", _("field visit")
    WEB_CHECK = "web_check", _("web check")
    PHONE = "phone", _("phone")
    PARTNER = "partner", _("partner")
    IMPORT = "import", _("import")


class Axis(models.TextChoices):
    DELIVERY = "delivery", _("delivery")
    DISPLAY = "display", _("display")
    EVIDENCE = "evidence", _("evidence")


class Channel(models.TextChoices):
    POST = "post", _("post")
    COURIER = "courier", _("courier")
    IN_PERSON = "in_person", _("in person")
    EMAIL = "email", _("e-mail")
    VIA_PARTNER = "via_partner", _("via partner")
    ONLINE = "online", _("published online")


class Reach(models.TextChoices):
    """How far a placement must have got to count for a target, in order."""

    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    DISPLAYED = "displayed", _("displayed")


class Measure(models.TextChoices):
    VENUES = "venues", _("venues reached")
    PLACEMENTS = "placements", _("placements")
    QUANTITY = "quantity", _("items distributed")
    PEOPLE = "people", _("people reached by outreach events")


DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    Delivery.PLANNED: {Delivery.SENT, Delivery.VIA_PARTNER, Delivery.DELIVERED},
    Delivery.SENT: {Delivery.DELIVERED, Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED},
    Delivery.VIA_PARTNER: {Delivery.DELIVERED, Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED},
    Delivery.DELIVERED: {Delivery.RETURNED},
    Delivery.RETURNED: {Delivery.SENT},
    Delivery.LOST: {Delivery.SENT},
    Delivery.REFUSED: set(),
}

DISPLAY_TRANSITIONS: dict[str, set[str]] = {
    Display.UNKNOWN: {Display.DISPLAYED, Display.NOT_DISPLAYED},
    Display.DISPLAYED: {Display.REMOVED, Display.DAMAGED, Display.NOT_DISPLAYED},
    Display.NOT_DISPLAYED: {Display.DISPLAYED},
    Display.REMOVED: {Display.DISPLAYED},
    Display.DAMAGED: {Display.DISPLAYED, Display.REMOVED},
}


class Answer(models.TextChoices):
    """What a venue contact answers on the public confirmation page."""

    DISPLAYED = "displayed", _("received and put up")
    NOT_DISPLAYED = "not_displayed", _("received but not put up")
    NOT_RECEIVED = "not_received", _("not received")


class Sighting(models.TextChoices):
    """What a consultant saw on a field visit."""

    DISPLAYED = "displayed", _("seen displayed")
    NOT_DISPLAYED = "not_displayed", _("not displayed")
    REPLACED = "replaced", _("replaced by another poster")
    REMOVED = "removed", _("removed")
    DAMAGED = "damaged", _("damaged")


class LabelLayout(models.TextChoices):
    A4_3X8 = "3x8", _("A4, 3 × 8 labels (70 × 37 mm)")
    A4_3X7 = "3x7", _("A4, 3 × 7 labels (70 × 42.4 mm)")


class PartnerAnswer(models.TextChoices):
    """What a partner's coordinator answers for one placement through the partner link."""

    DELIVERED = "delivered", _("delivered")
    DISPLAYED = "displayed", _("delivered and put up")
    NOT_DISPLAYED = "not_displayed", _("delivered but not put up")
    NOT_RECEIVED = "not_received", _("not received")
