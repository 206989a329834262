"""Every change in the outreach app: recording hotline contacts and outreach events.

Each function runs in one transaction and is the only place its rule lives: no
personal data in free text (``pii``), a placement code must name a placement,
age bands never add up to more than the participants, and materials handed out
at an event leave stock through ``plakats.materials.services.issue``.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError
from plakats.distribution.models import CODE_ALPHABET, Campaign, Placement
from plakats.geo.models import Region
from plakats.materials import services as stock
from plakats.materials.models import Edition, StockLocation
from plakats.venues.models import Venue

from . import pii
from .choices import AGE_BANDS, ContactChannel, EventType, Outcome
from .models import EventMaterial, HeardFrom, HotlineContact, OutreachEvent, Topic

CODE_LENGTH = 6


def check_no_personal_data(text: str, field: str = "notes") -> None:
    """Refuse text that looks like it holds a phone number, e-mail or personal code."""
    reasons = pii.find_personal_data(text)
    if reasons:
        raise DomainError(pii.refusal_message(reasons), field=field)


def normalize_code(raw: str) -> str | None:
    """``" k7m2qx "`` or ``"K7M 2QX"`` → ``"K7M-2QX"``; None if it cannot be a placement code."""
    chars = re.sub(r"[\s\-–_.]", "", raw or "").upper()
    if len(chars) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in chars):
        return None
    return f"{chars[:3]}-{chars[3:]}"


def resolve_placement_code(raw: str) -> Placement | None:
    """The placement a caller's code names (None for an empty code); refuse an unknown one."""
    if not (raw or "").strip():
        return None
    code = normalize_code(raw)
    placement = (
        Placement.objects.select_related("venue", "edition__material", "campaign")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if placement is None:
        raise DomainError(
            _("No placement has the code “%(code)s”. Check it with the caller, or leave it empty.")
            % {"code": raw.strip()},
            field="placement_code",
        )
    return placement


@transaction.atomic
def record_contact(
    *,
    channel: str,
    topics: list[Topic],
    outcome: str,
    occurred_at: datetime | None = None,
    region: Region | None = None,
    heard_from: HeardFrom | None = None,
    placement_code: str = "",
    notes: str = "",
    user=None,
) -> HotlineContact:
    """Log one anonymous hotline contact; refuse personal data and unknown codes."""
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose how the caller reached us."), field="channel")
    if outcome not in Outcome.values:
        raise DomainError(_("Choose the outcome of the contact."), field="outcome")
    if not topics:
        raise DomainError(_("Tick at least one topic."), field="topics")
    check_no_personal_data(notes, "notes")
    placement = resolve_placement_code(placement_code)
    contact = HotlineContact.objects.create(
        occurred_at=occurred_at or timezone.now(),
        channel=channel,
        outcome=outcome,
        region=region,
        heard_from=heard_from,
        placement=placement,
        notes=notes.strip(),
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    contact.topics.set(topics)
    return contact


@dataclass(frozen=True)
class MaterialOut:
    """Items of one edition handed out at an event, taken from one stock location."""

    edition: Edition
    quantity: int
    location: StockLocation


def check_age_bands(participants: int, bands: dict[str, int | None]) -> None:
    """The age bands, where given, must not add up to more than the participants."""
    given = sum(value for value in bands.values() if value)
    if given > participants:
        raise DomainError(
            _(
                "The age bands add up to %(bands)d, more than the %(total)d participants. "
                "Correct the bands or the total."
            )
            % {"bands": given, "total": participants},
            field="participants",
        )


@transaction.atomic
def save_event(
    event: OutreachEvent | None,
    *,
    date,
    type: str,
    participants: int,
    venue: Venue | None = None,
    campaign: Campaign | None = None,
    title: str = "",
    feedback: str = "",
    age_bands: dict[str, int | None] | None = None,
    facilitators=(),
    partners=(),
    material: MaterialOut | None = None,
    user=None,
) -> OutreachEvent:
    """Create (``event`` None) or update an outreach event, with materials handed out.

    The stock movement for ``material`` is written in the same transaction: when
    stock is short nothing at all is saved.
    """
    if type not in EventType.values:
        raise DomainError(_("Choose the type of event."), field="type")
    if participants is None or participants < 0:
        raise DomainError(_("Give the number of participants."), field="participants")
    bands = {name: (age_bands or {}).get(name) for name, _label in AGE_BANDS}
    check_age_bands(participants, bands)
    check_no_personal_data(feedback, "feedback")
    check_no_personal_data(title, "title")
    if event is None:
        event = OutreachEvent(created_by=user if user and user.is_authenticated else None)
    event.date = date
    event.type = type
    event.participants = participants
    event.venue = venue
    event.campaign = campaign
    event.title = title.strip()
    event.feedback = feedback.strip()
    for name, value in bands.items():
        setattr(event, name, value)
    event.save()
    event.facilitators.set(facilitators)
    event.partners.set(partners)
    if material is not None:
        hand_out(event, material, user=user)
    return event


def hand_out(event: OutreachEvent, material: MaterialOut, *, user=None) -> EventMaterial:
    """Take the items out of stock (refused when short) and note them on the event."""
    movement = stock.issue(
        material.edition,
        material.location,
        material.quantity,
        user=user,
        note=(_("Handed out at %(event)s") % {"event": event})[:200],
        occurred_on=event.date,
    )
    return EventMaterial.objects.create(
        event=event,
        edition=material.edition,
        quantity=material.quantity,
        location=material.location,
        movement=movement,
    )
