"""Recall and renewal: retire an edition, replace it where it still hangs, close the recall.

``supersede_edition`` and ``withdraw_edition`` are the only code that retires
an edition; each makes a ``Recall`` whose lines are the placements believed up
(``PlacementQuerySet.believed_up``) at that moment. ``create_replacement_dispatch``
sends the successor to those venues in the same quantities (stock taken all or
nothing by ``create_dispatch``) and links each new placement to the old one;
``answer_old_placements`` records a venue's "old one taken down?" answer from
the public confirmation page. Each function runs in one transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError
from plakats.materials.models import Edition, StockLocation
from plakats.venues.choices import VenueKind

from ..choices import Axis, Channel, Delivery, Display, Evidence, Source
from ..models import (
    Campaign,
    Dispatch,
    Placement,
    PlacementQuerySet,
    Recall,
    RecallKind,
    RecallLine,
)
from .placements import Line, change_status, create_dispatch, record_evidence

REASON_MAX = Recall._meta.get_field("reason").max_length


class RecallRefused(DomainError):
    pass


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RecallRefused(_("Say why the edition is taken off the walls."), field="reason")
    if len(reason) > REASON_MAX:
        raise RecallRefused(
            _("Please keep the reason under %(max)d characters.") % {"max": REASON_MAX},
            field="reason",
        )
    return reason


def _check_not_retired(edition: Edition) -> None:
    if edition.superseded_on or Recall.objects.filter(edition=edition).exists():
        raise RecallRefused(_("%(edition)s has already been replaced.") % {"edition": edition})
    if edition.withdrawn_on:
        raise RecallRefused(
            _("%(edition)s was withdrawn on %(date)s.")
            % {"edition": edition, "date": edition.withdrawn_on}
        )


def _snapshot(recall: Recall) -> int:
    """Add a line for every placement of the edition believed up and not yet in the recall."""
    listed = RecallLine.objects.filter(recall=recall).values("old_placement_id")
    ids = list(
        Placement.objects.believed_up()
        .filter(edition_id=recall.edition_id)
        .exclude(pk__in=listed)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    RecallLine.objects.bulk_create(
        [RecallLine(recall=recall, old_placement_id=pk) for pk in ids], batch_size=2000
    )
    return len(ids)


def _save_with_history(edition: Edition, fields: list[str], user, why: str) -> None:
    edition._change_reason = why
    if user is not None and user.is_authenticated:
        edition._history_user = user
    edition.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def supersede_edition(
    edition: Edition,
    successor: Edition,
    *,
    reason: str,
    on: date | None = None,
    user=None,
) -> Recall:
    """Mark ``edition`` as replaced by ``successor`` and open its recall.

    Refused (nothing changes): the same edition; an edition of another material
    or language; a successor that is itself retired or already replaces
    another edition; an edition already replaced or withdrawn (one declared
    as superseded on the edition form may be confirmed here with the same
    successor); no reason.
    """
    reason = _clean_reason(reason)
    if successor is None:
        raise RecallRefused(_("Choose the edition that replaces it."), field="successor")
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    successor = Edition.objects.select_for_update().get(pk=successor.pk)
    if successor.pk == edition.pk:
        raise RecallRefused(_("An edition cannot be replaced by itself."), field="successor")
    if successor.material_id != edition.material_id:
        raise RecallRefused(
            _("An edition can only be replaced by an edition of the same material."),
            field="successor",
        )
    if successor.language != edition.language:
        raise RecallRefused(
            _(
                "The replacement must be in the same language (%(language)s); "
                "venues keep the language they asked for."
            )
            % {"language": edition.get_language_display()},
            field="successor",
        )
    _check_not_retired(edition)
    if successor.is_retired or successor.successors.exists():
        raise RecallRefused(
            _("%(edition)s is itself outdated; choose a current edition.") % {"edition": successor},
            field="successor",
        )
    if successor.supersedes_id not in (None, edition.pk):
        raise RecallRefused(
            _("%(successor)s already replaces %(other)s.")
            % {"successor": successor, "other": successor.supersedes},
            field="successor",
        )
    declared = edition.successors.exclude(pk=successor.pk).first()
    if declared is not None:
        raise RecallRefused(
            _("%(edition)s is already marked as replaced by %(other)s.")
            % {"edition": edition, "other": declared},
            field="successor",
        )
    on = on or timezone.localdate()
    why = _("Superseded: %(reason)s") % {"reason": reason}
    if successor.supersedes_id != edition.pk:
        successor.supersedes = edition
        _save_with_history(successor, ["supersedes"], user, why)
    edition.superseded_on, edition.retirement_reason = on, reason
    _save_with_history(edition, ["superseded_on", "retirement_reason"], user, why)
    recall = Recall.objects.create(
        edition=edition,
        successor=successor,
        kind=RecallKind.SUPERSEDED,
        reason=reason,
        effective_on=on,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _snapshot(recall)
    return recall


@transaction.atomic
def withdraw_edition(edition: Edition, *, reason: str, on: date | None = None, user=None) -> Recall:
    """Withdraw ``edition`` with no successor and open its recall (take-down only)."""
    reason = _clean_reason(reason)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _check_not_retired(edition)
    if edition.successors.exists():
        raise RecallRefused(
            _("%(edition)s is marked as replaced by %(other)s; supersede it instead.")
            % {"edition": edition, "other": edition.successors.first()}
        )
    on = on or timezone.localdate()
    edition.withdrawn_on, edition.retirement_reason = on, reason
    _save_with_history(
        edition,
        ["withdrawn_on", "retirement_reason"],
        user,
        _("Withdrawn: %(reason)s") % {"reason": reason},
    )
    recall = Recall.objects.create(
        edition=edition,
        kind=RecallKind.WITHDRAWN,
        reason=reason,
        effective_on=on,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _snapshot(recall)
    return recall


@dataclass(frozen=True)
class Replacement:
    """What ``create_replacement_dispatch`` made: the postal and the online dispatch (or None)."""

    postal: Dispatch | None
    online: Dispatch | None
    count: int


@dataclass(frozen=True)
class _Open:
    """A recall line still to replace, read as plain values (thousands of them at a time)."""

    pk: int
    old_placement_id: int
    venue_id: int
    venue_kind: str
    quantity: int


def _link(recall: Recall, dispatch: Dispatch, lines: list[_Open]) -> None:
    """Point each line at its new placement (create_dispatch makes them in order, in bulk).

    The lines are written again rather than updated: a bulk UPDATE of thousands
    of rows is a CASE per row and took most of a 10,000-placement recall's time.
    """
    new_ids = list(dispatch.placements.order_by("pk").values_list("pk", flat=True))
    ids = [line.pk for line in lines]
    for start in range(0, len(ids), 500):
        RecallLine.objects.filter(pk__in=ids[start : start + 500]).delete()
    RecallLine.objects.bulk_create(
        [
            RecallLine(
                recall_id=recall.pk, old_placement_id=line.old_placement_id, new_placement_id=new_id
            )
            for line, new_id in zip(lines, new_ids, strict=True)
        ],
        batch_size=2000,
    )


@transaction.atomic
def create_replacement_dispatch(
    recall: Recall,
    *,
    campaign: Campaign,
    planned_on: date,
    channel: str = Channel.POST,
    stock_location: StockLocation | None = None,
    user=None,
) -> Replacement:
    """Send the successor to every venue still showing the recalled edition, in one step.

    One placement of the successor per old placement believed up and not
    replaced yet, in the same quantity. Physical venues share one dispatch
    whose stock comes from ``stock_location`` (all or nothing: a short stock
    refuses the whole step); online venues get a second, "published online"
    dispatch without stock, whose task list names the pages to update.
    """
    recall = (
        Recall.objects.select_for_update(of=("self",))
        .select_related("edition__material", "successor__material")
        .get(pk=recall.pk)
    )
    if not recall.is_open:
        raise RecallRefused(_("This recall is closed."))
    if recall.successor is None:
        raise RecallRefused(_("A withdrawn edition has no replacement to send."))
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise RecallRefused(_("Choose how the package travels."), field="channel")
    _snapshot(recall)
    lines = [
        _Open(*row)
        for row in RecallLine.objects.filter(recall=recall, new_placement__isnull=True)
        .filter(PlacementQuerySet.believed_up_q("old_placement__"))
        .order_by("pk")
        .values_list(
            "pk",
            "old_placement_id",
            "old_placement__venue_id",
            "old_placement__venue__kind",
            "old_placement__quantity",
        )
    ]
    if not lines:
        raise RecallRefused(_("Every venue still showing this edition has its replacement."))
    successor = recall.successor
    online_kinds = set(VenueKind.online())
    postal = [line for line in lines if line.venue_kind not in online_kinds]
    online = [line for line in lines if line.venue_kind in online_kinds]
    if postal and stock_location is None and not successor.material.is_digital:
        raise RecallRefused(
            _("Choose the stock location the new edition is sent from."), field="stock_location"
        )
    made = {}
    for key, chosen, chan, location in (
        ("postal", postal, channel, stock_location),
        ("online", online, Channel.ONLINE, None),
    ):
        if not chosen:
            made[key] = None
            continue
        label = _("Replacement of %(edition)s") % {"edition": recall.edition}
        if key == "online":
            label = _("%(name)s (web pages)") % {"name": label}
        dispatch = create_dispatch(
            campaign=campaign,
            name=label[:200],
            channel=chan,
            planned_on=planned_on,
            lines=[Line(line.venue_id, successor.pk, line.quantity) for line in chosen],
            stock_location=location,
            user=user,
            note=_("Recall: %(reason)s") % {"reason": recall.reason},
        )
        _link(recall, dispatch, chosen)
        made[key] = dispatch
    return Replacement(postal=made["postal"], online=made["online"], count=len(lines))


@transaction.atomic
def close_recall(recall: Recall, *, user=None) -> Recall:
    """End a recall: its progress stays as it is and no more replacements are sent."""
    recall = Recall.objects.select_for_update().get(pk=recall.pk)
    if not recall.is_open:
        raise RecallRefused(_("This recall is already closed."))
    recall.closed_at = timezone.now()
    recall.closed_by = user if user is not None and user.is_authenticated else None
    recall.save(update_fields=["closed_at", "closed_by"])
    return recall


def replaced_placements(group: list[Placement]) -> list[Placement]:
    """The old placements the placements of ``group`` replace (empty for ordinary ones)."""
    return list(
        Placement.objects.filter(recall_lines__new_placement__in=[p.pk for p in group])
        .select_related("edition__material")
        .order_by("pk")
        .distinct()
    )


def _move(placement: Placement, axis: str, new: str, note: str, at: datetime) -> None:
    change_status(placement, axis, new, source=Source.VENUE, note=note, occurred_at=at)
    setattr(placement, axis, new)


def answer_old_placements(old: list[Placement], removed: bool, note: str, at: datetime) -> None:
    """Record a venue's answer about the outdated placements it was asked to take down.

    "Taken down": the old placement ends as display "removed" (through
    delivered and displayed first when it was not recorded that far: the
    venue had it, or it could not take it down). "Still up": it is displayed,
    with the venue's word as evidence. Every step is an event with source venue.
    """
    for placement in old:
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.delivery in (Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED):
            continue
        if placement.delivery != Delivery.DELIVERED:
            _move(placement, Axis.DELIVERY, Delivery.DELIVERED, note, at)
        if removed:
            if placement.display == Display.REMOVED:
                record_evidence(
                    placement, Evidence.VENUE, source=Source.VENUE, note=note, occurred_at=at
                )
                continue
            if placement.display in (Display.UNKNOWN, Display.NOT_DISPLAYED):
                _move(placement, Axis.DISPLAY, Display.DISPLAYED, note, at)
            _move(placement, Axis.DISPLAY, Display.REMOVED, note, at)
        elif placement.display == Display.DISPLAYED:
            record_evidence(
                placement, Evidence.VENUE, source=Source.VENUE, note=note, occurred_at=at
            )
        else:
            _move(placement, Axis.DISPLAY, Display.DISPLAYED, note, at)
