"""Channels, outcomes and event types of the outreach app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("phone")
    SKYPE = "skype", _("Skype")
    EMAIL = "email", _("e-mail")
    CHAT = "chat", _("chat")
    IN_PERSON = "in_person", _("in person")


class Outcome(models.TextChoices):
    INFORMATION = "information", _("information given")
    CONSULTATION = "consultation", _("referred to consultation")
    REFERRED = "referred", _("referred to police or another service")


class EventType(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    TALK = "talk", _("talk")
    STAND = "stand", _("stand")
    FORUM_THEATRE = "forum_theatre", _("forum theatre")
    OTHER = "other", _("other")


# Age bands of event participants: (field name, label).
AGE_BANDS = [
    ("under_15", _("under 15")),
    ("age_15_17", _("15–17")),
    ("age_18_25", _("18–25")),
    ("over_25", _("over 25")),
]
