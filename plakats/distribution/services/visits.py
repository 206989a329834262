"""Field visits: what a consultant saw at a venue, mapped onto the placement's axes.

A visit is recorded on a phone, maybe without a connection, and may reach the
server more than once (a retry after a lost answer). ``record_visit`` is
idempotent on the id the phone made, and it always records the visit: when
what was seen is not an allowed move from the placement's current state, the
visit is kept as evidence without a status change.
"""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError
from plakats.core.permissions import can_edit_placement

from ..choices import Axis, Delivery, Display, Evidence, Sighting, Source
from ..models import FieldVisit, Photo, Placement
from ..photos import FaceDetector, process_photo
from .placements import TransitionRefused, change_status, record_evidence

# What each sighting means on the display axis.
DISPLAY_OF_SIGHTING: dict[str, str] = {
    Sighting.DISPLAYED: Display.DISPLAYED,
    Sighting.NOT_DISPLAYED: Display.NOT_DISPLAYED,
    Sighting.REMOVED: Display.REMOVED,
    Sighting.DAMAGED: Display.DAMAGED,
    Sighting.REPLACED: Display.REMOVED,
}
NOTE_MAX = 500


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)[:NOTE_MAX]


def _repeat(visit: FieldVisit, placement: Placement, user) -> FieldVisit:
    """The visit already stored under this id, if it is the same visit."""
    if visit.placement_id != placement.pk or visit.visited_by_id != getattr(user, "pk", None):
        raise DomainError(_("This visit's id was already used for another visit."))
    visit.is_repeat = True
    return visit


def _store_photo(placement: Placement, processed: tuple, user) -> Photo:
    content, faces = processed
    photo = Photo(
        placement=placement,
        faces_blurred=faces,
        source=Source.VISIT,
        uploaded_by=user if user and user.is_authenticated else None,
    )
    photo.image.save(content.name, content, save=False)
    photo.save()
    return photo


def _apply(placement: Placement, sighting: str, *, user, at: datetime, note: str) -> None:
    """Move the placement's axes as the sighting says, or record evidence only."""
    if sighting == Sighting.DISPLAYED and placement.delivery in (Delivery.PLANNED, Delivery.SENT):
        change_status(
            placement,
            Axis.DELIVERY,
            Delivery.DELIVERED,
            source=Source.VISIT,
            user=user,
            note=note,
            occurred_at=at,
        )
    display_note = note
    if sighting == Sighting.REPLACED:
        display_note = _join(_("replaced by another poster"), note)
    try:
        change_status(
            placement,
            Axis.DISPLAY,
            DISPLAY_OF_SIGHTING[sighting],
            source=Source.VISIT,
            user=user,
            note=display_note,
            occurred_at=at,
        )
    except TransitionRefused:
        seen = _("Seen on a visit: %(sighting)s") % {"sighting": Sighting(sighting).label}
        record_evidence(
            placement,
            Evidence.VISIT,
            source=Source.VISIT,
            user=user,
            note=_join(seen, note),
            occurred_at=at,
        )


def record_visit(
    placement: Placement,
    sighting: str,
    *,
    user,
    client_id: uuid.UUID,
    visited_at: datetime,
    note: str = "",
    photo_file=None,
    detect: FaceDetector | None = None,
) -> FieldVisit:
    """Record what was seen of one placement on a visit, once per ``client_id``.

    A second call with the same ``client_id`` changes nothing and returns the
    stored visit with ``is_repeat`` set. Only a user who may edit the
    placement's venue may record a visit (else ``PermissionDenied``). A time in
    the future (a phone's clock running ahead) is taken as now. A photo is
    cleaned by ``process_photo`` (``PhotoRefused`` when it cannot be stored;
    nothing is recorded then); ``detect`` replaces its face detector (tests).
    """
    existing = FieldVisit.objects.filter(client_id=client_id).first()
    if existing is not None:
        return _repeat(existing, placement, user)
    if not can_edit_placement(user, placement):
        raise PermissionDenied(_("This venue is outside your regions."))
    if sighting not in Sighting.values:
        raise DomainError(_("Choose what you saw."), field="sighting")
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    visited_at = min(visited_at, timezone.now())
    note = note.strip()[:NOTE_MAX]
    # The photo's checks and face blurring run before any row is locked.
    processed = process_photo(photo_file, detect=detect) if photo_file else None
    photo = None
    try:
        with transaction.atomic():
            placement = Placement.objects.select_for_update().get(pk=placement.pk)
            if processed is not None:
                photo = _store_photo(placement, processed, user)
            visit = FieldVisit.objects.create(
                client_id=client_id,
                placement=placement,
                sighting=sighting,
                note=note,
                photo=photo,
                visited_at=visited_at,
                visited_by=user,
            )
            _apply(placement, sighting, user=user, at=visited_at, note=note)
    except BaseException as exc:
        if photo is not None:
            default_storage.delete(photo.image.name)
        if isinstance(exc, IntegrityError):
            # Two copies of one visit arrived at once; the other one was stored first.
            existing = FieldVisit.objects.filter(client_id=client_id).first()
            if existing is not None:
                return _repeat(existing, placement, user)
        raise
    visit.is_repeat = False
    return visit
