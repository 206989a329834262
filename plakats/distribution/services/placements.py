"""Every change to campaigns' placements: the only code that moves a placement's axes.

``change_status`` is the single place where the allowed transitions of the
delivery and display axes are enforced; the UI, the admin, commands and the
API all call it. Each change writes a ``PlacementEvent``.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.concurrency import check_unchanged
from plakats.core.errors import DomainError
from plakats.materials import services as stock
from plakats.materials.models import Edition, StockLocation

from ..choices import (
    DELIVERY_TRANSITIONS,
    DISPLAY_TRANSITIONS,
    Axis,
    Delivery,
    Display,
    Evidence,
    Source,
)
from ..models import Campaign, Dispatch, Placement, PlacementEvent
from ..models.core import fresh_codes

EVIDENCE_OF_SOURCE = {
    Source.VENUE: Evidence.VENUE,
    Source.VISIT: Evidence.VISIT,
    Source.WEB_CHECK: Evidence.WEB_CHECK,
    Source.PHONE: Evidence.PHONE,
    Source.PARTNER: Evidence.PARTNER,
}


class TransitionRefused(DomainError):
    pass


def allowed_next(placement: Placement, axis: str) -> list[str]:
    """The values ``axis`` may move to from where the placement is now."""
    if axis == Axis.DELIVERY:
        return sorted(DELIVERY_TRANSITIONS[placement.delivery])
    if axis == Axis.DISPLAY:
        if placement.delivery != Delivery.DELIVERED:
            return []
        return sorted(DISPLAY_TRANSITIONS[placement.display])
    raise ValueError(axis)


def _check_transition(placement: Placement, axis: str, new: str) -> None:
    if axis == Axis.DELIVERY:
        labels, current, table = Delivery, placement.delivery, DELIVERY_TRANSITIONS
    elif axis == Axis.DISPLAY:
        labels, current, table = Display, placement.display, DISPLAY_TRANSITIONS
        if placement.delivery != Delivery.DELIVERED:
            raise TransitionRefused(
                _("%(code)s is not delivered yet, so it cannot be marked as %(new)s.")
                % {"code": placement.code, "new": labels(new).label}
            )
    else:
        raise TransitionRefused(_("Evidence is recorded, not changed by hand."))
    if new not in labels.values:
        raise TransitionRefused(_("“%(value)s” is not a valid status.") % {"value": new})
    if new not in table[current]:
        raise TransitionRefused(
            _("%(code)s cannot go from %(old)s to %(new)s.")
            % {"code": placement.code, "old": labels(current).label, "new": labels(new).label}
        )


def _event(placement, axis, old, new, source, user, at, note, batch, undoes=None):
    return PlacementEvent(
        placement=placement,
        axis=axis,
        old_value=old,
        new_value=new,
        source=source,
        actor=user if user and user.is_authenticated else None,
        occurred_at=at,
        note=note,
        batch=batch,
        undoes=undoes,
    )


@transaction.atomic
def change_status(
    placement: Placement,
    axis: str,
    new: str,
    *,
    source: str = Source.STAFF,
    user=None,
    note: str = "",
    occurred_at: datetime | None = None,
    batch: uuid.UUID | None = None,
) -> PlacementEvent:
    """Move one axis of a placement, refusing transitions the rules do not allow."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    _check_transition(placement, axis, new)
    at = occurred_at or timezone.now()
    old = getattr(placement, axis)
    setattr(placement, axis, new)
    fields = [axis, "updated_at"]
    events = [_event(placement, axis, old, new, source, user, at, note, batch)]
    evidence = EVIDENCE_OF_SOURCE.get(source)
    if evidence:
        events.append(
            _event(
                placement,
                Axis.EVIDENCE,
                placement.evidence,
                evidence,
                source,
                user,
                at,
                note,
                batch,
            )
        )
        placement.evidence, placement.evidence_at = evidence, at
        fields += ["evidence", "evidence_at"]
    placement.save(update_fields=fields)
    PlacementEvent.objects.bulk_create(events)
    return events[0]


@transaction.atomic
def record_evidence(
    placement: Placement,
    evidence: str,
    *,
    source: str,
    user=None,
    note: str = "",
    occurred_at: datetime | None = None,
) -> PlacementEvent:
    """Record proof that a placement is where we think it is, without changing its status."""
    if evidence not in Evidence.values or evidence == Evidence.NONE:
        raise TransitionRefused(_("“%(value)s” is not a kind of evidence.") % {"value": evidence})
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    at = occurred_at or timezone.now()
    event = _event(
        placement, Axis.EVIDENCE, placement.evidence, evidence, source, user, at, note, None
    )
    placement.evidence, placement.evidence_at = evidence, at
    placement.save(update_fields=["evidence", "evidence_at", "updated_at"])
    event.save()
    return event


@transaction.atomic
def bulk_change_status(
    placements: Iterable[Placement],
    axis: str,
    new: str,
    *,
    user=None,
    source: str = Source.STAFF,
    note: str = "",
) -> tuple[uuid.UUID, int, list[str]]:
    """Apply one step to many placements; those that may not move are skipped and named.

    Returns the step's id (for undo), how many moved, and the refusals.
    """
    batch = uuid.uuid4()
    moved, refused = 0, []
    for placement in placements:
        try:
            with transaction.atomic():
                change_status(
                    placement, axis, new, source=source, user=user, note=note, batch=batch
                )
            moved += 1
        except TransitionRefused as exc:
            refused.append(exc.message)
    return batch, moved, refused


@transaction.atomic
def undo_batch(batch: uuid.UUID, *, user=None) -> int:
    """Reverse a bulk step by recording opposite events; the original events stay."""
    events = list(
        PlacementEvent.objects.filter(batch=batch, undone_by__isnull=True)
        .exclude(axis=Axis.EVIDENCE)
        .select_related("placement")
    )
    if not events:
        raise DomainError(_("There is nothing left to undo in this step."))
    now = timezone.now()
    for event in events:
        placement = Placement.objects.select_for_update().get(pk=event.placement_id)
        if getattr(placement, event.axis) != event.new_value:
            raise DomainError(
                _("%(code)s has changed since this step, so the step cannot be undone.")
                % {"code": placement.code}
            )
        setattr(placement, event.axis, event.old_value)
        placement.save(update_fields=[event.axis, "updated_at"])
        _event(
            placement,
            event.axis,
            event.new_value,
            event.old_value,
            Source.STAFF,
            user,
            now,
            _("Undo of a bulk step"),
            None,
            undoes=event,
        ).save()
    return len(events)


@dataclass(frozen=True)
class Line:
    venue_id: int
    edition_id: int
    quantity: int


@transaction.atomic
def create_dispatch(
    *,
    campaign: Campaign,
    name: str,
    channel: str,
    planned_on: date,
    lines: list[Line],
    stock_location: StockLocation | None = None,
    partner=None,
    user=None,
    note: str = "",
    handed_over_at: datetime | None = None,
) -> Dispatch:
    """Create a dispatch, one planned placement per line, and take its stock.

    All or nothing: if any edition is short at the stock location, nothing is
    created and the message says how many are available. A dispatch carried by
    a partner is handed to it (``partners.hand_to_partner``, at
    ``handed_over_at`` or now).
    """
    if not lines:
        raise DomainError(_("Choose at least one venue."))
    if any(line.quantity < 0 for line in lines):
        raise DomainError(_("Quantities cannot be negative."), field="quantity")
    dispatch = Dispatch.objects.create(
        campaign=campaign,
        name=name,
        channel=channel,
        planned_on=planned_on,
        stock_location=stock_location,
        partner=partner,
        created_by=user if user and user.is_authenticated else None,
        note=note,
    )
    codes = fresh_codes(len(lines))
    Placement.objects.bulk_create(
        [
            Placement(
                campaign=campaign,
                dispatch=dispatch,
                venue_id=line.venue_id,
                edition_id=line.edition_id,
                quantity=line.quantity,
                code=code,
            )
            for line, code in zip(lines, codes, strict=True)
        ],
        batch_size=1000,
    )
    if stock_location is not None:
        totals: dict[int, int] = defaultdict(int)
        for line in lines:
            totals[line.edition_id] += line.quantity
        editions = Edition.objects.in_bulk(list(totals))
        for edition_id, quantity in sorted(totals.items()):
            if quantity:
                stock.issue(
                    editions[edition_id],
                    stock_location,
                    quantity,
                    user=user,
                    dispatch=dispatch,
                    note=str(dispatch),
                    occurred_on=planned_on,
                )
    if partner is not None:
        from .partners import hand_to_partner  # partners builds on this module

        hand_to_partner(dispatch, user=user, occurred_at=handed_over_at)
    return dispatch


@transaction.atomic
def add_placement(
    *,
    campaign: Campaign,
    venue,
    edition: Edition,
    quantity: int,
    dispatch: Dispatch | None = None,
    user=None,
    location_note: str = "",
) -> Placement:
    """Record one placement by hand (a poster handed over in person, a past campaign)."""
    if dispatch is not None and dispatch.campaign_id != campaign.pk:
        raise DomainError(_("The dispatch belongs to another campaign."), field="dispatch")
    if venue.merged_into_id:
        raise DomainError(
            _("This venue was merged into %(survivor)s; use that one.")
            % {"survivor": venue.merged_into},
            field="venue",
        )
    return Placement.objects.create(
        code=fresh_codes(1)[0],
        campaign=campaign,
        venue=venue,
        edition=edition,
        quantity=quantity,
        dispatch=dispatch,
        location_note=location_note,
    )


EDITABLE_FIELDS = ["edition", "quantity", "location_note"]


@transaction.atomic
def update_placement(
    placement: Placement,
    *,
    edition: Edition,
    quantity: int,
    location_note: str = "",
    user=None,
    expected: dict | None = None,
) -> Placement:
    """Change what a placement carries; its dispatch's stock follows the change.

    Once sent, the edition and quantity are history and cannot change (record a
    return or a new placement instead). While planned, extra items are issued
    from the dispatch's stock location and fewer items go back to it. With
    ``expected`` (the snapshot taken when the edit began), a change made by
    someone else meanwhile raises ``EditConflict`` and nothing is saved.
    """
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("dispatch")
        .get(pk=placement.pk)
    )
    check_unchanged(placement, expected, EDITABLE_FIELDS)
    changed = edition.pk != placement.edition_id or quantity != placement.quantity
    if quantity < 1:
        raise DomainError(_("The quantity must be a whole number above zero."), field="quantity")
    if changed and placement.delivery != Delivery.PLANNED:
        raise DomainError(
            _(
                "%(code)s has already been sent, so its edition and quantity cannot change. "
                "Record a return or a new placement instead."
            )
            % {"code": placement.code}
        )
    location = placement.dispatch.stock_location if placement.dispatch_id else None
    if changed and location is not None:
        dispatch = placement.dispatch
        note = _("Change of %(code)s") % {"code": placement.code}
        old_edition = placement.edition
        if edition.pk == old_edition.pk:
            extra = quantity - placement.quantity
            if extra > 0:
                stock.issue(edition, location, extra, user=user, dispatch=dispatch, note=note)
            else:
                stock.record_return(
                    edition, location, -extra, user=user, dispatch=dispatch, note=note
                )
        else:
            stock.record_return(
                old_edition, location, placement.quantity, user=user, dispatch=dispatch, note=note
            )
            stock.issue(edition, location, quantity, user=user, dispatch=dispatch, note=note)
    placement.edition, placement.quantity = edition, quantity
    placement.location_note = location_note
    placement.save(update_fields=["edition", "quantity", "location_note", "updated_at"])
    return placement
