"""What happened to each demo placement after it was planned, as a list of steps.

A story is made with the seeded random generator and then played through
``plakats.distribution.services.change_status`` and ``record_evidence`` (or,
for the large mail-outs, by the same rules in bulk: see ``Player``), so the
placements end up where the real rules allow and every change is an event with
its date. Returned items go back into stock and sending again takes stock
again, through ``plakats.materials.services``.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Evidence, Source
from plakats.distribution.models import Dispatch, Placement, PlacementEvent
from plakats.materials import services as stock

from .names import CAMPAIGN_END

END = datetime.combine(CAMPAIGN_END, time(16, 0))


@dataclass(frozen=True)
class Step:
    """One change on one axis; ``at`` is a naive local time, made aware when played."""

    axis: str
    value: str
    source: str
    at: datetime
    note: str = ""


def at(day: date, rng: random.Random) -> datetime:
    """A working-hours moment on ``day``."""
    return datetime.combine(day, time(9, 0)) + timedelta(minutes=rng.randint(0, 8 * 60))


def later(moment: datetime, rng: random.Random, low: int, high: int) -> datetime:
    return moment + timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 240))


def _delivery(value, source, moment, note=""):
    return Step(Axis.DELIVERY, value, source, moment, note)


def _display(value, source, moment, note=""):
    return Step(Axis.DISPLAY, value, source, moment, note)


def _evidence(value, source, moment, note=""):
    return Step(Axis.EVIDENCE, value, source, moment, note)


def by_post(rng: random.Random, sent: datetime) -> tuple[list[Step], datetime | None]:
    """Delivery by post: the steps, and when it was delivered (None if it never was)."""
    steps = [_delivery(Delivery.SENT, Source.STAFF, sent)]
    r = rng.random()
    if r < 0.035:
        returned = later(sent, rng, 12, 25)
        steps.append(
            _delivery(
                Delivery.RETURNED, Source.STAFF, returned, "Returned by post: addressee unknown"
            )
        )
        if rng.random() < 0.5:
            return steps, None
        again = later(returned, rng, 10, 30)
        steps.append(
            _delivery(Delivery.SENT, Source.STAFF, again, "Sent again to the corrected address")
        )
        sent = again
    elif r < 0.055:
        steps.append(
            _delivery(
                Delivery.LOST,
                Source.PHONE,
                later(sent, rng, 40, 60),
                "Never arrived, the school says",
            )
        )
        return steps, None
    elif r < 0.065:
        steps.append(
            _delivery(
                Delivery.REFUSED, Source.STAFF, later(sent, rng, 5, 10), "Refused by the addressee"
            )
        )
        return steps, None
    elif r < 0.09:
        return steps, None
    delivered = later(sent, rng, 2, 8)
    source = rng.choices([Source.VENUE, Source.STAFF, Source.PHONE], [5, 3, 2])[0]
    note = "Postal tracking: delivered" if source == Source.STAFF else ""
    steps.append(_delivery(Delivery.DELIVERED, source, delivered, note))
    return steps, delivered


def on_wall(rng: random.Random, delivered: datetime) -> list[Step]:
    """What became of a delivered poster or leaflet at a school or youth centre."""
    outcome = rng.choices(
        ["unknown", "venue", "photo", "phone", "visit", "not", "removed", "damaged", "late"],
        [25, 35, 10, 8, 7, 5, 5, 3, 2],
    )[0]
    if outcome == "unknown":
        return []
    if outcome == "not":
        return [
            _display(
                Display.NOT_DISPLAYED,
                Source.PHONE,
                later(delivered, rng, 14, 40),
                "No free wall space",
            )
        ]
    if outcome == "late":
        first = later(delivered, rng, 14, 40)
        return [
            _display(Display.NOT_DISPLAYED, Source.PHONE, first, "Waiting for a notice board"),
            _display(Display.DISPLAYED, Source.VENUE, later(first, rng, 20, 60)),
        ]
    source = Source.PHONE if outcome == "phone" else Source.VENUE
    shown = later(delivered, rng, 0, 5) if source == Source.VENUE else later(delivered, rng, 14, 40)
    steps = [_display(Display.DISPLAYED, source, shown)]
    if outcome == "photo":
        steps.append(
            _evidence(
                Evidence.PHOTO, Source.VENUE, later(shown, rng, 0, 2), "Photo of the notice board"
            )
        )
    elif outcome == "visit":
        steps.append(
            _evidence(Evidence.VISIT, Source.VISIT, later(shown, rng, 30, 200), "Seen on a visit")
        )
    elif outcome == "removed":
        steps.append(
            _display(
                Display.REMOVED,
                Source.VISIT,
                later(shown, rng, 120, 300),
                "Taken down at the end of the school year",
            )
        )
    elif outcome == "damaged":
        steps.append(_display(Display.DAMAGED, Source.VISIT, later(shown, rng, 60, 200), "Torn"))
    return steps


def in_person(rng: random.Random, handed: datetime, banner: bool = False) -> list[Step]:
    """A consultant hands the item over and sees where it goes up."""
    steps = [_delivery(Delivery.DELIVERED, Source.VISIT, handed)]
    r = rng.random()
    if r < 0.06:
        return steps
    if r < 0.12:
        return [
            *steps,
            _display(Display.NOT_DISPLAYED, Source.VISIT, handed, "Kept at the information desk"),
        ]
    steps.append(_display(Display.DISPLAYED, Source.VISIT, handed + timedelta(minutes=30)))
    if banner and rng.random() < 0.15:
        steps.append(
            _display(
                Display.DAMAGED,
                Source.PHONE,
                later(handed, rng, 60, 300),
                "Banner torn by the wind",
            )
        )
    elif rng.random() < 0.3:
        steps.append(
            _evidence(
                Evidence.PHONE,
                Source.PHONE,
                later(handed, rng, 90, 400),
                "Branch says it is still up",
            )
        )
    return steps


def via_partner(rng: random.Random, handed: datetime, reported: bool = True) -> list[Step]:
    """The hostel association takes the posters to its members and reports back.

    The placements start "sent via partner" (``create_dispatch`` hands the
    dispatch to the association); when not ``reported``, they stay that way.
    """
    if not reported:
        return []
    delivered = later(handed, rng, 3, 10)
    steps = [_delivery(Delivery.DELIVERED, Source.PARTNER, delivered)]
    outcome = rng.choices(["displayed", "photo", "not", "unknown", "removed"], [55, 15, 10, 14, 6])[
        0
    ]
    if outcome == "unknown":
        return steps
    if outcome == "not":
        return [
            *steps,
            _display(
                Display.NOT_DISPLAYED,
                Source.PARTNER,
                later(delivered, rng, 7, 30),
                "Reception has no wall space",
            ),
        ]
    shown = later(delivered, rng, 1, 14)
    steps.append(_display(Display.DISPLAYED, Source.PARTNER, shown))
    if outcome == "photo":
        steps.append(
            _evidence(
                Evidence.PHOTO, Source.VENUE, later(shown, rng, 0, 3), "Photo from the hostel"
            )
        )
    elif outcome == "removed":
        steps.append(
            _display(
                Display.REMOVED,
                Source.PARTNER,
                later(shown, rng, 120, 200),
                "Hostel closed for the winter",
            )
        )
    return steps


class Player:
    """Plays stories, keeping stock in step with the deliveries.

    By default every step goes through ``change_status`` / ``record_evidence``.
    Inside ``batched()`` (used for the large mail-outs, where one service call per
    step would make the load slow) each step is checked against the same rules
    (``allowed_next``) and turned into the same events as the services make, and
    the rows are written in bulk when the block ends; ``test_demo`` checks that
    both ways give the same events. A placement is played in one way only.
    """

    def __init__(self, users: dict, regional_region_ids: set[int]):
        self.users = users
        self.regional_region_ids = regional_region_ids
        self.count = 0
        # Where each placement stands after the steps played so far: (delivery, display).
        self.state: dict[int, tuple[str, str]] = {}
        self._batch: dict[int, Placement] | None = None
        self._events: list[PlacementEvent] = []

    def _actor(self, source: str, region_id: int | None):
        if source in (Source.VENUE, Source.WEB_CHECK, Source.PARTNER):
            return None
        if source == Source.VISIT and region_id in self.regional_region_ids:
            return self.users["latgale"]
        return self.users["coordinator"]

    @contextmanager
    def batched(self):
        """Collect the steps played inside the block and write them in bulk at its end."""
        self._batch, self._events = {}, []
        try:
            yield
            now = timezone.now()
            for placement in self._batch.values():
                placement.updated_at = now
            Placement.objects.bulk_update(
                list(self._batch.values()),
                ["delivery", "display", "evidence", "evidence_at", "updated_at"],
                batch_size=500,
            )
            PlacementEvent.objects.bulk_create(self._events, batch_size=1000)
        finally:
            self._batch, self._events = None, []

    def play(
        self,
        placement: Placement,
        dispatch: Dispatch,
        steps: list[Step],
        region_id: int | None = None,
    ) -> tuple[str, str]:
        """Apply ``steps`` in order; return the placement's final (delivery, display)."""
        delivery, display = self.state.get(placement.pk, (Delivery.PLANNED, Display.UNKNOWN))
        for step in steps:
            if step.at > END:
                break  # not happened yet when the campaign ended
            moment = timezone.make_aware(step.at)
            user = self._actor(step.source, region_id)
            if self._batch is not None:
                self._apply(placement, step, user, moment)
            elif step.axis == Axis.EVIDENCE:
                services.record_evidence(
                    placement,
                    step.value,
                    source=step.source,
                    user=user,
                    note=step.note,
                    occurred_at=moment,
                )
            else:
                services.change_status(
                    placement,
                    step.axis,
                    step.value,
                    source=step.source,
                    user=user,
                    note=step.note,
                    occurred_at=moment,
                )
            if step.axis == Axis.EVIDENCE:
                continue
            self.count += 1
            if step.axis == Axis.DISPLAY:
                display = step.value
                continue
            self._stock(placement, dispatch, delivery, step.value, moment.date(), user)
            delivery = step.value
        self.state[placement.pk] = (delivery, display)
        return delivery, display

    def _apply(self, placement: Placement, step: Step, user, moment: datetime) -> None:
        """One step in memory, by the rules and with the events of the services."""
        self._batch[placement.pk] = placement
        if step.axis == Axis.EVIDENCE:
            evidence = step.value
        else:
            if step.value not in services.allowed_next(placement, step.axis):
                raise services.TransitionRefused(
                    f"{placement.code}: {step.axis} {getattr(placement, step.axis)} "
                    f"→ {step.value} is not allowed"
                )
            self._event(placement, step.axis, step.value, step, user, moment)
            setattr(placement, step.axis, step.value)
            evidence = services.EVIDENCE_OF_SOURCE.get(step.source)
        if evidence:
            self._event(placement, Axis.EVIDENCE, evidence, step, user, moment)
            placement.evidence, placement.evidence_at = evidence, moment

    def _event(self, placement, axis, new, step: Step, user, moment) -> None:
        self._events.append(
            PlacementEvent(
                placement=placement,
                axis=axis,
                old_value=getattr(placement, axis),
                new_value=new,
                source=step.source,
                actor=user,
                occurred_at=moment,
                note=step.note,
            )
        )

    @staticmethod
    def _stock(placement, dispatch, old: str, new: str, day: date, user) -> None:
        location = dispatch.stock_location
        if location is None or not placement.quantity:
            return
        edition = placement.edition
        if new == Delivery.RETURNED:
            stock.record_return(
                edition,
                location,
                placement.quantity,
                user=user,
                dispatch=dispatch,
                occurred_on=day,
                note=f"{placement.code} returned",
            )
        elif new == Delivery.SENT and old in (Delivery.RETURNED, Delivery.LOST):
            stock.issue(
                edition,
                location,
                placement.quantity,
                user=user,
                dispatch=dispatch,
                occurred_on=day,
                note=f"{placement.code} sent again",
            )
