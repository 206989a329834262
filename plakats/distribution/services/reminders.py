"""Follow-up of placements the venue never answered, and the reminder e-mails about them.

``awaiting_answer`` is the one definition of "sent but unanswered" that the
follow-up list, its export and the reminder action share; ``queue_reminders``
is the only code that creates reminders, and it keeps a venue from being
reminded twice within ``REMINDER_INTERVAL``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from plakats.venues.models import Venue

from ..choices import Axis, Delivery, Display, Evidence, Source
from ..models import Confirmation, Placement, PlacementEvent, Reminder
from ..tasks import send_reminder

REMINDER_INTERVAL = timedelta(days=7)


def _latest_step_to(value: str) -> Subquery:
    """When the placement last moved to ``value`` on the delivery axis (undone steps ignored)."""
    events = PlacementEvent.objects.filter(
        placement=OuterRef("pk"),
        axis=Axis.DELIVERY,
        new_value=value,
        undone_by__isnull=True,
    ).order_by("-occurred_at")
    return Subquery(events.values("occurred_at")[:1])


def awaiting_answer(placements: QuerySet[Placement] | None = None) -> QuerySet[Placement]:
    """The placements that went out and of which the venue has not told us anything.

    A placement is awaiting an answer when it was sent or delivered, its display
    is still unknown (nobody, staff included, has said whether it hangs), no
    event came from the venue, its evidence is not the venue's and no public
    confirmation exists. Placements at inactive or merged venues are left out.
    Each row is annotated with ``sent_at``: the latest sending, or the delivery
    for a placement delivered by hand without a "sent" step.
    """
    if placements is None:
        placements = Placement.objects.all()
    venue_answers = PlacementEvent.objects.filter(placement=OuterRef("pk"), source=Source.VENUE)
    confirmations = Confirmation.objects.filter(placement=OuterRef("pk"))
    return (
        placements.filter(
            delivery__in=[Delivery.SENT, Delivery.DELIVERED],
            display=Display.UNKNOWN,
            venue__is_active=True,
            venue__merged_into__isnull=True,
        )
        .exclude(evidence=Evidence.VENUE)
        .exclude(Exists(venue_answers))
        .exclude(Exists(confirmations))
        .annotate(
            sent_at=Coalesce(_latest_step_to(Delivery.SENT), _latest_step_to(Delivery.DELIVERED))
        )
    )


def followup_placements(
    after_days: int,
    placements: QuerySet[Placement] | None = None,
    *,
    now: datetime | None = None,
) -> QuerySet[Placement]:
    """The placements awaiting an answer that were sent at least ``after_days`` days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=after_days)
    return awaiting_answer(placements).filter(sent_at__lte=cutoff)


@dataclass(frozen=True)
class ReminderCounts:
    """What one "send reminders" did, per venue."""

    queued: int = 0
    skipped_recent: int = 0
    skipped_no_email: int = 0
    no_email_venues: list[str] = field(default_factory=list)


@transaction.atomic
def queue_reminders(placements: QuerySet[Placement], user=None) -> ReminderCounts:
    """Create one reminder per venue of ``placements`` and queue its e-mail.

    A venue without an e-mail address, or reminded (queued, sent, not failed)
    within ``REMINDER_INTERVAL``, is skipped and counted. The venues are locked
    first, so two people sending at once cannot remind a venue twice. The send
    tasks are enqueued in this transaction: with the database task backend
    they are stored, or rolled back, together with their reminders.
    """
    by_venue: dict[int, list[int]] = defaultdict(list)
    for pk, venue_id in placements.order_by("venue_id", "pk").values_list("pk", "venue_id"):
        by_venue[venue_id].append(pk)
    if not by_venue:
        return ReminderCounts()
    venues = list(
        Venue.objects.select_for_update()
        .filter(pk__in=list(by_venue))
        .order_by("name", "pk")
        .only("pk", "name", "email")
    )
    recent = set(
        Reminder.objects.filter(
            venue_id__in=list(by_venue),
            queued_at__gt=timezone.now() - REMINDER_INTERVAL,
            error="",
        ).values_list("venue_id", flat=True)
    )
    no_email = [v for v in venues if v.pk not in recent and not v.email.strip()]
    to_remind = [v for v in venues if v.pk not in recent and v.email.strip()]
    actor = user if user is not None and user.is_authenticated else None
    reminders = Reminder.objects.bulk_create(
        [Reminder(venue=v, email=v.email.strip(), queued_by=actor) for v in to_remind]
    )
    Reminder.placements.through.objects.bulk_create(
        [
            Reminder.placements.through(reminder_id=reminder.pk, placement_id=placement_id)
            for reminder in reminders
            for placement_id in by_venue[reminder.venue_id]
        ],
        batch_size=1000,
    )
    for reminder in reminders:
        send_reminder.enqueue(reminder.pk)
    return ReminderCounts(
        queued=len(reminders),
        skipped_recent=len(recent),
        skipped_no_email=len(no_email),
        no_email_venues=[v.name for v in no_email],
    )
