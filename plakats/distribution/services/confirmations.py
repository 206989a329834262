"""Venue confirmations: what a venue contact answers through the public link or QR code.

One answer covers everything the venue got in one dispatch: each of those
placements gets a ``Confirmation`` and moves on its delivery and display axes
through ``change_status`` with source "venue". "Received but not put up" is its
own answer and its own display value; "not received" changes no axis (a
missing package is not yet lost) but is recorded and shown on the placement's
page. An answer may be corrected through the same link for
``PLAKATS_CONFIRMATION_CORRECTION_DAYS`` after the first one.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plakats.core.errors import DomainError

from ..choices import DISPLAY_TRANSITIONS, Answer, Axis, Delivery, Display, Evidence, Source
from ..models import Confirmation, Photo, Placement
from ..photos import FaceDetector, process_photo
from .placements import change_status, record_evidence
from .recall import answer_old_placements, replaced_placements

# Once a package came back, went missing or was refused, its link has nothing to confirm.
CLOSED_DELIVERY = {Delivery.RETURNED, Delivery.LOST, Delivery.REFUSED}
WHERE_MAX = Confirmation._meta.get_field("where").max_length
REASON_MAX = Confirmation._meta.get_field("reason").max_length


class ConfirmationRefused(DomainError):
    pass


class LinkExpired(ConfirmationRefused):
    pass


class CorrectionClosed(ConfirmationRefused):
    pass


def link_expired(placement: Placement, *, today: date | None = None) -> bool:
    """Whether a placement's public link no longer takes answers at all.

    True once the delivery is closed (returned, lost, refused) or the campaign
    ended more than ``PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN`` days ago.
    """
    if placement.delivery in CLOSED_DELIVERY:
        return True
    days = settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN
    today = today or timezone.localdate()
    return placement.campaign.ends_on + timedelta(days=days) < today


def confirmation_group(placement: Placement) -> QuerySet[Placement]:
    """The placements one answer covers: this venue's open ones in the same dispatch.

    A placement recorded without a dispatch stands alone.
    """
    if placement.dispatch_id is None:
        return Placement.objects.filter(pk=placement.pk)
    return Placement.objects.filter(
        dispatch_id=placement.dispatch_id, venue_id=placement.venue_id
    ).exclude(delivery__in=CLOSED_DELIVERY)


def correction_deadline(placement: Placement) -> datetime | None:
    """Until when the answer may be changed; None before the first answer."""
    first = Confirmation.objects.filter(
        placement__in=confirmation_group(placement).values("pk")
    ).aggregate(first=Min("submitted_at"))["first"]
    if first is None:
        return None
    return first + timedelta(days=settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS)


def _check_open(placement: Placement, at: datetime) -> None:
    if link_expired(placement, today=timezone.localdate(at)):
        raise LinkExpired(_("This confirmation link has expired."))
    deadline = correction_deadline(placement)
    if deadline is not None and at > deadline:
        raise CorrectionClosed(
            _("Your answer can no longer be changed through this link. Please contact us.")
        )


def _staff_text(text) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _note(answer: str, where: str, reason: str, correction: bool, source: str) -> str:
    """The note on the events, in the organisation's language (staff read it, not the venue)."""
    with translation.override(settings.LANGUAGE_CODE):
        if source == Source.PARTNER:
            parts = [_("Partner: %(answer)s") % {"answer": Answer(answer).label}]
        else:
            parts = [_("Venue: %(answer)s") % {"answer": Answer(answer).label}]
        if where:
            parts.append(_("where: %(where)s") % {"where": where})
        if reason:
            parts.append(_("why not: %(reason)s") % {"reason": reason})
        if correction:
            parts.append(_("(a correction)"))
    return "; ".join(parts)[:500]


def _old_note(removed: bool, correction: bool) -> str:
    """The note on the outdated placements' events, in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if removed:
            text = _("Venue: the outdated edition was taken down")
        else:
            text = _("Venue: the outdated edition is still up")
        if correction:
            text += "; " + _("(a correction)")
    return text


def _apply(
    placement: Placement,
    answer: str,
    note: str,
    at: datetime,
    has_photo: bool,
    source: str = Source.VENUE,
) -> None:
    """Move one placement's axes as the answer says; record evidence when nothing moves."""
    moved = False
    if answer != Answer.NOT_RECEIVED:
        if placement.delivery in (Delivery.PLANNED, Delivery.SENT, Delivery.VIA_PARTNER):
            change_status(
                placement,
                Axis.DELIVERY,
                Delivery.DELIVERED,
                source=source,
                note=note,
                occurred_at=at,
            )
            placement.delivery = Delivery.DELIVERED
            moved = True
        wanted = Display.DISPLAYED if answer == Answer.DISPLAYED else Display.NOT_DISPLAYED
        if placement.display != wanted and wanted in DISPLAY_TRANSITIONS[placement.display]:
            change_status(placement, Axis.DISPLAY, wanted, source=source, note=note, occurred_at=at)
            moved = True
    if has_photo:
        record_evidence(placement, Evidence.PHOTO, source=source, note=note, occurred_at=at)
    elif not moved:
        evidence = Evidence.PARTNER if source == Source.PARTNER else Evidence.VENUE
        record_evidence(placement, evidence, source=source, note=note, occurred_at=at)


def _store_photo(
    group: list[Placement], content, faces: int, stored: list[str]
) -> dict[int, Photo]:
    """Store the file once and give every placement of the answer a Photo row for it.

    The stored file's name goes into ``stored`` at once, so a failure can remove it.
    """
    first = Photo(placement=group[0], faces_blurred=faces, source=Source.VENUE)
    first.image.save(content.name, content, save=False)
    stored.append(first.image.name)
    first.save()
    photos = {group[0].pk: first}
    for placement in group[1:]:
        photos[placement.pk] = Photo.objects.create(
            placement=placement,
            image=first.image.name,
            width=first.width,
            height=first.height,
            faces_blurred=faces,
            source=Source.VENUE,
        )
    return photos


def record_confirmation(
    placement: Placement,
    answer: str,
    where: str = "",
    reason: str = "",
    photo_file=None,
    language: str = "",
    *,
    now: datetime | None = None,
    detect: FaceDetector | None = None,
    source: str = Source.VENUE,
    old_removed: bool | None = None,
) -> Confirmation:
    """Record a venue's answer for every placement it covers, all or nothing.

    Raises ``LinkExpired`` or ``CorrectionClosed`` when the link no longer
    takes this answer, ``ConfirmationRefused`` for a bad answer, and
    ``PhotoRefused`` for a photo that cannot be stored; nothing changes then.
    Returns the Confirmation of ``placement`` itself. A partner confirming for
    its network (``services.partners``) passes ``source=Source.PARTNER``.
    When the placements replace an outdated edition (a recall), ``old_removed``
    answers "old one taken down?" and is required from a venue
    (``services.recall.answer_old_placements``).
    """
    if answer not in Answer.values:
        raise ConfirmationRefused(_("Please choose one of the answers."), field="answer")
    where, reason = where.strip(), reason.strip()
    if len(where) > WHERE_MAX:
        raise ConfirmationRefused(
            _("Please keep “where” under %(max)d characters.") % {"max": WHERE_MAX}, field="where"
        )
    if len(reason) > REASON_MAX:
        raise ConfirmationRefused(
            _("Please keep the reason under %(max)d characters.") % {"max": REASON_MAX},
            field="reason",
        )
    if answer != Answer.DISPLAYED:
        where = ""
    if answer != Answer.NOT_DISPLAYED:
        reason = ""
    at = now or timezone.now()
    # The photo's checks and face blurring run before any row is locked.
    processed = process_photo(photo_file, detect=detect) if photo_file else None

    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = (
                Placement.objects.select_for_update(of=("self",))
                .select_related("campaign")
                .get(pk=placement.pk)
            )
            _check_open(locked, at)
            group = list(confirmation_group(locked).select_for_update().order_by("pk"))
            correction = Confirmation.objects.filter(placement__in=[p.pk for p in group]).exists()
            old = replaced_placements(group)
            if old and old_removed is None and source == Source.VENUE:
                raise ConfirmationRefused(
                    _("Please tell us whether the old poster was taken down."),
                    field="old_removed",
                )
            note = _note(answer, where, reason, correction, source)
            photos: dict[int, Photo] = {}
            if processed is not None:
                photos = _store_photo(group, *processed, stored)
            mine = None
            for member in group:
                _apply(member, answer, note, at, member.pk in photos, source)
                if answer == Answer.DISPLAYED and where and member.location_note != where:
                    member.location_note = where
                    member._change_reason = _staff_text(
                        gettext_lazy("Where it hangs, as the venue says")
                    )
                    member.save(update_fields=["location_note", "updated_at"])
                confirmation = Confirmation.objects.create(
                    placement=member,
                    answer=answer,
                    where=where,
                    reason=reason,
                    photo=photos.get(member.pk),
                    language=language[:8],
                    submitted_at=at,
                )
                if member.pk == locked.pk:
                    mine = confirmation
            if old and old_removed is not None:
                answer_old_placements(old, old_removed, _old_note(old_removed, correction), at)
            return mine
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
