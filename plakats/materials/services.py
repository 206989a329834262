"""Every change to stock: the only code that writes ``StockMovement`` rows.

The rule "on-hand never goes below zero" lives in ``_take``: it locks the stock
location row (PostgreSQL) or holds SQLite's write lock (transactions start
IMMEDIATE, see settings), so two issues at the same moment cannot both spend
the same items.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError

from .choices import MovementKind
from .models import Edition, StockLocation, StockMovement


class InsufficientStock(DomainError):
    def __init__(self, edition: Edition, location: StockLocation, wanted: int, available: int):
        super().__init__(
            _(
                "Only %(available)d of %(edition)s are on hand at %(location)s; "
                "%(wanted)d were asked for."
            )
            % {
                "available": available,
                "edition": edition,
                "location": location,
                "wanted": wanted,
            }
        )
        self.available = available
        self.wanted = wanted


def on_hand(edition: Edition, location: StockLocation) -> int:
    return StockMovement.objects.filter(edition=edition, location=location).on_hand()


def _positive(quantity: int) -> int:
    if not isinstance(quantity, int) or quantity <= 0:
        raise DomainError(_("The quantity must be a whole number above zero."), field="quantity")
    return quantity


def _lock(location: StockLocation) -> None:
    StockLocation.objects.select_for_update().filter(pk=location.pk).exists()


def _take(
    edition: Edition,
    location: StockLocation,
    quantity: int,
    kind: str,
    *,
    user=None,
    note: str = "",
    dispatch=None,
    occurred_on: date | None = None,
) -> StockMovement:
    """Write an outgoing row, refusing to go below zero. Call inside a transaction."""
    _positive(quantity)
    _lock(location)
    available = on_hand(edition, location)
    if quantity > available:
        raise InsufficientStock(edition, location, quantity, available)
    return _write(edition, location, kind, -quantity, user, note, dispatch, occurred_on)


def _write(edition, location, kind, delta, user, note, dispatch, occurred_on) -> StockMovement:
    movement = StockMovement(
        edition=edition,
        location=location,
        kind=kind,
        delta=delta,
        created_by=user,
        note=note,
        dispatch=dispatch,
    )
    if occurred_on:
        movement.occurred_on = occurred_on
    movement.save()
    return movement


@transaction.atomic
def receive_print_run(
    edition: Edition,
    location: StockLocation,
    quantity: int,
    *,
    user=None,
    note: str = "",
    occurred_on: date | None = None,
) -> StockMovement:
    """Record printed items arriving at a location."""
    _positive(quantity)
    return _write(edition, location, MovementKind.PRINTED, quantity, user, note, None, occurred_on)


@transaction.atomic
def record_return(
    edition: Edition,
    location: StockLocation,
    quantity: int,
    *,
    user=None,
    note: str = "",
    dispatch=None,
    occurred_on: date | None = None,
) -> StockMovement:
    """Record items coming back to a location (returned by post, left over)."""
    _positive(quantity)
    return _write(
        edition, location, MovementKind.RETURNED, quantity, user, note, dispatch, occurred_on
    )


@transaction.atomic
def issue(
    edition: Edition,
    location: StockLocation,
    quantity: int,
    *,
    user=None,
    note: str = "",
    dispatch=None,
    occurred_on: date | None = None,
) -> StockMovement:
    """Take items out of stock for a dispatch or a hand-out."""
    return _take(
        edition,
        location,
        quantity,
        MovementKind.ISSUED,
        user=user,
        note=note,
        dispatch=dispatch,
        occurred_on=occurred_on,
    )


@transaction.atomic
def write_off(
    edition: Edition,
    location: StockLocation,
    quantity: int,
    *,
    user=None,
    note: str = "",
    occurred_on: date | None = None,
) -> StockMovement:
    """Remove damaged or outdated items from stock."""
    return _take(
        edition,
        location,
        quantity,
        MovementKind.WRITTEN_OFF,
        user=user,
        note=note,
        occurred_on=occurred_on,
    )


@transaction.atomic
def transfer(
    edition: Edition,
    source: StockLocation,
    destination: StockLocation,
    quantity: int,
    *,
    user=None,
    note: str = "",
    occurred_on: date | None = None,
) -> tuple[StockMovement, StockMovement]:
    """Move items between two locations as a pair of linked rows."""
    if source.pk == destination.pk:
        raise DomainError(_("Choose two different locations."), field="destination")
    out = _take(
        edition,
        source,
        quantity,
        MovementKind.TRANSFER_OUT,
        user=user,
        note=note,
        occurred_on=occurred_on,
    )
    incoming = _write(
        edition, destination, MovementKind.TRANSFER_IN, quantity, user, note, None, occurred_on
    )
    out.counterpart = incoming
    out.save(update_fields=["counterpart"])
    return out, incoming
