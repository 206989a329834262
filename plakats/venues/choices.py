"""Kinds of venues and partners."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    SCHOOL = "school", _("school")
    EMPLOYMENT_AGENCY = "employment_agency", _("employment agency branch")
    YOUTH_CENTRE = "youth_centre", _("youth or children's centre")
    HOSTEL = "hostel", _("hostel")
    LIBRARY = "library", _("library")
    SOCIAL_SERVICE = "social_service", _("social service")
    CRISIS_CENTRE = "crisis_centre", _("crisis centre")
    PARTNER_OFFICE = "partner_office", _("partner office")
    WEBSITE = "website", _("website")
    SOCIAL_PAGE = "social_page", _("social network page")
    OTHER = "other", _("other")

    @classmethod
    def online(cls) -> list[str]:
        return [cls.WEBSITE, cls.SOCIAL_PAGE]


class VenueLanguage(models.TextChoices):
    LATVIAN = "lv", _("Latvian")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class PartnerKind(models.TextChoices):
    COALITION = "coalition", _("coalition member")
    COMPANY = "company", _("company")
    ASSOCIATION = "association", _("association")
    FUNDER = "funder", _("funder")
    PUBLIC_BODY = "public_body", _("public body")
    OTHER = "other", _("other")
