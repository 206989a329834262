"""Illustrative hotline contacts and outreach events for the demo campaign.

Fifteen forum-theatre workshops that reached 655 young people (as in DESIGN.md's
story) and a sample of anonymous hotline contacts, some naming the code of a poster
they saw. Everything goes through ``plakats.outreach.services`` (the personal-data
guard, stock movements for the leaflets handed out). Contacts carry ``DEMO_MARK``
in their notes so ``flush_demo`` finds them.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from plakats.distribution.models import Campaign, Placement
from plakats.geo.models import Region
from plakats.materials import services as stock
from plakats.outreach import services
from plakats.outreach.choices import ContactChannel, Outcome
from plakats.outreach.models import HeardFrom, Topic

from . import names
from .catalogue import Catalogue
from .venues import Register

WORKSHOPS = 15
WORKSHOP_PEOPLE = 655
CONTACTS = 60
LEAFLETS_PER_WORKSHOP = 30

# (English topic name, weight): callers asked most about sham marriages and work abroad.
TOPIC_WEIGHTS = [
    ("Sham marriage", 30),
    ("Work abroad", 30),
    ("Safe travel", 12),
    ("Labour exploitation", 12),
    ("Sexual exploitation", 6),
    ("Other", 10),
]
SOURCE_WEIGHTS = [
    ("Poster at school", 22),
    ("Employment agency", 18),
    ("Hostel", 6),
    ("Website", 14),
    ("Social network", 12),
    ("Friend", 12),
    ("Media", 8),
    ("Other", 4),
    (None, 4),
]
CHANNEL_WEIGHTS = [
    (ContactChannel.PHONE, 60),
    (ContactChannel.SKYPE, 8),
    (ContactChannel.EMAIL, 14),
    (ContactChannel.CHAT, 14),
    (ContactChannel.IN_PERSON, 4),
]
OUTCOME_WEIGHTS = [(Outcome.INFORMATION, 70), (Outcome.CONSULTATION, 22), (Outcome.REFERRED, 8)]
NOTES = [
    "Asked whether a job offer abroad is genuine; explained what to check.",
    "Worried about a friend's planned marriage abroad.",
    "Asked about safe travel for a seasonal job.",
    "Wanted to know what the poster at school means.",
    "Called back after the workshop at school.",
]


def _pick(rng: random.Random, weighted: list):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 22), rng.randint(0, 59))))


def build_outreach(
    seed: int, campaign: Campaign, users: dict, register: Register, catalogue: Catalogue
) -> None:
    rng = random.Random(f"{seed}-outreach")
    _workshops(rng, campaign, users, register, catalogue)
    _contacts(rng, campaign)


def _workshops(rng, campaign, users, register: Register, catalogue: Catalogue) -> None:
    venues = [*register.schools[::41], *register.youth[::9]][:WORKSHOPS]
    base, extra = divmod(WORKSHOP_PEOPLE, WORKSHOPS)
    first = date(2014, 2, 10)
    regions = {r.pk: r.code for r in Region.objects.filter(country="LV")}
    for i, venue in enumerate(venues):
        day = first + timedelta(days=41 * i + rng.randint(0, 6))
        participants = base + (1 if i < extra else 0)
        teens = rng.randint(participants // 2, participants - 3)
        region_code = regions.get(venue.municipality.region_id) if venue.municipality_id else None
        location = catalogue.location_for(region_code or "riga")
        edition = catalogue.leaflet_lv
        available = stock.on_hand(edition, location)
        material = (
            services.MaterialOut(edition, min(LEAFLETS_PER_WORKSHOP, available), location)
            if available
            else None
        )
        facilitator = users["latgale"] if region_code == "latgale" else users["coordinator"]
        services.save_event(
            None,
            date=day,
            type="forum_theatre",
            title="Forum theatre: the job offer (demo)",
            participants=participants,
            venue=venue,
            campaign=campaign,
            age_bands={"age_15_17": teens, "under_15": participants - teens - 1, "over_25": 1},
            facilitators=[facilitator],
            partners=[register.coalition[i % 3]],
            feedback=f"{names.ILLUSTRATIVE}: lively discussion, {rng.randint(3, 12)} questions.",
            material=material,
            user=users["coordinator"],
        )


def _contacts(rng, campaign: Campaign) -> None:
    topics = {t.name_en: t for t in Topic.objects.all()}
    sources = {h.name_en: h for h in HeardFrom.objects.all()}
    regions = list(Region.objects.filter(country="LV").order_by("code"))
    codes = list(
        Placement.objects.filter(campaign=campaign, dispatch__isnull=False)
        .order_by("dispatch__planned_on", "pk")
        .values_list("code", "dispatch__planned_on")
    )
    start, end = date(2013, 9, 16), names.CAMPAIGN_END
    span = (end - start).days
    for _n in range(CONTACTS):
        day = start + timedelta(days=rng.randint(0, span))
        chosen = {_pick(rng, TOPIC_WEIGHTS) for _t in range(rng.choice([1, 1, 2]))}
        source = _pick(rng, SOURCE_WEIGHTS)
        sent_before = [code for code, planned in codes if planned < day]
        code = rng.choice(sent_before) if sent_before and rng.random() < 0.25 else ""
        services.record_contact(
            occurred_at=_moment(day, rng),
            channel=_pick(rng, CHANNEL_WEIGHTS),
            topics=[topics[name] for name in sorted(chosen)],
            outcome=_pick(rng, OUTCOME_WEIGHTS),
            region=rng.choice(regions) if rng.random() < 0.7 else None,
            heard_from=sources[source] if source else None,
            placement_code=code,
            notes=f"{rng.choice(NOTES)} {names.DEMO_MARK}",
        )
