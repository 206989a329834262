"""Plain factories for tests: ``make_x(**kwargs)`` with sensible defaults.

Geography comes from the built-in Latvian data loaded by the geo migration.
"""

import itertools
from datetime import date

from plakats.accounts.models import User
from plakats.accounts.roles import set_role
from plakats.core.permissions import Role
from plakats.distribution.models import Campaign, Dispatch, Placement, Target
from plakats.geo.models import Municipality, Region
from plakats.materials.models import Edition, Material, StockLocation
from plakats.outreach.models import HotlineContact, OutreachEvent
from plakats.venues.models import Network, Partner, Venue

_seq = itertools.count(1)

PASSWORD = "correct horse battery staple"


def region(name_start: str) -> Region:
    return Region.objects.get(name__startswith=name_start)


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def make_user(role: Role | None = None, regions=(), **kwargs) -> User:
    kwargs.setdefault("username", f"user{next(_seq)}")
    user = User.objects.create_user(password=PASSWORD, **kwargs)
    if role is not None:
        set_role(user, role, regions)
    return user


def make_partner(**kwargs) -> Partner:
    kwargs.setdefault("name", f"Partner {next(_seq)}")
    kwargs.setdefault("kind", "association")
    return Partner.objects.create(**kwargs)


def make_network(**kwargs) -> Network:
    kwargs.setdefault("name", f"Network {next(_seq)}")
    return Network.objects.create(**kwargs)


def make_venue(**kwargs) -> Venue:
    kwargs.setdefault("name", f"Venue {next(_seq)}")
    kwargs.setdefault("kind", "school")
    if kwargs["kind"] in ("website", "social_page"):
        kwargs.setdefault("url", "https://example.org/")
    elif "municipality" not in kwargs:
        kwargs["municipality"] = municipality("Rīga")
    return Venue.objects.create(**kwargs)


def make_material(**kwargs) -> Material:
    kwargs.setdefault("name", f"A2 poster {next(_seq)}")
    kwargs.setdefault("kind", "poster")
    return Material.objects.create(**kwargs)


def make_edition(**kwargs) -> Edition:
    if "material" not in kwargs:
        kwargs["material"] = make_material()
    kwargs.setdefault("language", "lv")
    kwargs.setdefault("version", f"v{next(_seq)}")
    kwargs.setdefault("hotline_numbers", "28612120")
    return Edition.objects.create(**kwargs)


def make_location(**kwargs) -> StockLocation:
    kwargs.setdefault("name", f"Store {next(_seq)}")
    return StockLocation.objects.create(**kwargs)


def make_campaign(**kwargs) -> Campaign:
    kwargs.setdefault("name", f"Campaign {next(_seq)}")
    kwargs.setdefault("starts_on", date(2014, 1, 1))
    kwargs.setdefault("ends_on", date(2015, 12, 31))
    return Campaign.objects.create(**kwargs)


def make_target(regions=(), **kwargs) -> Target:
    if "campaign" not in kwargs:
        kwargs["campaign"] = make_campaign()
    kwargs.setdefault("name", f"Target {next(_seq)}")
    kwargs.setdefault("goal", 10)
    target = Target.objects.create(**kwargs)
    target.regions.set(regions)
    return target


def make_dispatch(**kwargs) -> Dispatch:
    if "campaign" not in kwargs:
        kwargs["campaign"] = make_campaign()
    kwargs.setdefault("name", f"Dispatch {next(_seq)}")
    kwargs.setdefault("channel", "post")
    kwargs.setdefault("planned_on", date(2014, 9, 1))
    return Dispatch.objects.create(**kwargs)


def make_placement(**kwargs) -> Placement:
    if "campaign" not in kwargs:
        kwargs["campaign"] = (
            kwargs["dispatch"].campaign if "dispatch" in kwargs else (make_campaign())
        )
    if "venue" not in kwargs:
        kwargs["venue"] = make_venue()
    if "edition" not in kwargs:
        kwargs["edition"] = make_edition()
    kwargs.setdefault("quantity", 1)
    return Placement.objects.create(**kwargs)


def make_outreach_event(**kwargs) -> OutreachEvent:
    kwargs.setdefault("date", date(2015, 3, 12))
    kwargs.setdefault("type", "workshop")
    kwargs.setdefault("participants", 20)
    return OutreachEvent.objects.create(**kwargs)


def make_hotline_contact(topics=(), **kwargs) -> HotlineContact:
    kwargs.setdefault("channel", "phone")
    kwargs.setdefault("outcome", "information")
    contact = HotlineContact.objects.create(**kwargs)
    contact.topics.set(topics)
    return contact


def make_recall(**kwargs):
    """A superseded edition's recall (through the service), with a fresh successor."""
    from plakats.distribution.services.recall import supersede_edition

    edition = kwargs.pop("edition", None) or make_edition()
    successor = kwargs.pop("successor", None) or make_edition(
        material=edition.material, language=edition.language
    )
    kwargs.setdefault("reason", "The hotline number changed")
    return supersede_edition(edition, successor, **kwargs)
