"""Partners distributing for us: a dispatch carried by a partner to its network.

A partner with a current agreement can carry a dispatch to the venues of its
network (the hostel association → its member hostels). Handing the dispatch
over moves those placements to "sent via partner" and gives the dispatch one
public ``PartnerLink``; through it the partner's coordinator confirms the
placements at its network's venues, and only those, several at once. Each
answer goes through ``record_confirmation`` with source "partner".
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plakats.core.errors import DomainError
from plakats.venues.models import Agreement, Network, Partner

from ..choices import Answer, Axis, Delivery, Evidence, PartnerAnswer, Source
from ..models import Dispatch, PartnerLink, Placement
from .confirmations import CLOSED_DELIVERY, record_confirmation
from .placements import change_status, record_evidence


def current_agreements(on: date) -> QuerySet[Agreement]:
    """Agreements in force on ``on`` (an open end means still in force)."""
    return Agreement.objects.filter(valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def partners_with_current_agreement(on: date | None = None) -> QuerySet[Partner]:
    """The partners that may carry a dispatch on ``on`` (today by default)."""
    on = on or timezone.localdate()
    return Partner.objects.filter(pk__in=current_agreements(on).values("partner_id")).order_by(
        "name"
    )


def partner_networks(partner: Partner, on: date) -> QuerySet[Network]:
    """The networks ``partner`` distributes to on ``on``.

    Those named by its current agreements; an agreement that names no network
    covers the networks the partner runs (``Network.partner``).
    """
    agreements = current_agreements(on).filter(partner=partner)
    named = agreements.filter(network__isnull=False).values("network_id")
    q = Q(pk__in=named)
    if agreements.filter(network__isnull=True).exists():
        q |= Q(partner=partner)
    return Network.objects.filter(q)


def partner_placements(link: PartnerLink) -> QuerySet[Placement]:
    """The placements a partner link shows: its dispatch's, at its partner's network venues."""
    networks = partner_networks(link.partner, link.dispatch.planned_on)
    return Placement.objects.filter(
        dispatch_id=link.dispatch_id, venue__network__in=networks.values("pk")
    )


@transaction.atomic
def hand_to_partner(
    dispatch: Dispatch, *, user=None, occurred_at: datetime | None = None
) -> PartnerLink:
    """Give ``dispatch`` to its partner: network placements become "sent via partner".

    Refused (nothing changes) when the partner has no agreement in force on the
    dispatch's date or none of the dispatch's venues is in its network.
    Placements at other venues stay planned and are sent the usual way.
    """
    partner = dispatch.partner
    if partner is None:
        raise DomainError(_("This dispatch is not carried by a partner."), field="partner")
    if not current_agreements(dispatch.planned_on).filter(partner=partner).exists():
        raise DomainError(
            _("%(partner)s has no agreement in force on %(date)s.")
            % {"partner": partner, "date": dispatch.planned_on.isoformat()},
            field="partner",
        )
    link, _created = PartnerLink.objects.get_or_create(
        dispatch=dispatch, defaults={"partner": partner}
    )
    if link.partner_id != partner.pk:
        raise DomainError(_("This dispatch was handed to another partner."), field="partner")
    todo = list(partner_placements(link).filter(delivery=Delivery.PLANNED).order_by("pk"))
    if not todo and not partner_placements(link).exists():
        raise DomainError(
            _("None of the chosen venues is in a network of %(partner)s.") % {"partner": partner},
            field="partner",
        )
    note = _("Handed to %(partner)s") % {"partner": partner}
    # One bulk step, so the hand-over can be undone like any other.
    batch = uuid.uuid4()
    for placement in todo:
        change_status(
            placement,
            Axis.DELIVERY,
            Delivery.VIA_PARTNER,
            source=Source.STAFF,
            user=user,
            note=note,
            occurred_at=occurred_at,
            batch=batch,
        )
    return link


@dataclass
class PartnerResult:
    """What one submission through a partner link did."""

    recorded: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def record_partner_answers(
    link: PartnerLink, answers: Mapping[int, str], *, now: datetime | None = None
) -> PartnerResult:
    """Record the partner's answers, one per placement (``{placement id: PartnerAnswer}``).

    A placement that is not one of the link's (another network's, another
    dispatch's, made up) refuses the whole submission: nothing is recorded.
    Otherwise each answer is recorded on its own; one the rules refuse (its
    correction window closed, say) is named in ``refused`` and the others stand.
    """
    if not answers:
        raise DomainError(_("Choose an answer for at least one placement."))
    if any(answer not in PartnerAnswer.values for answer in answers.values()):
        raise DomainError(_("Please choose one of the answers."))
    mine = {
        p.pk: p
        for p in partner_placements(link).filter(pk__in=list(answers)).select_related("campaign")
    }
    if set(answers) - set(mine):
        raise DomainError(_("Some of these placements are not in your network."))
    at = now or timezone.now()
    result = PartnerResult()
    for pk in sorted(answers):
        placement, answer = mine[pk], answers[pk]
        try:
            with transaction.atomic():
                _record_one(placement, answer, at)
        except DomainError as exc:
            result.refused.append(f"{placement.code}: {exc.message}")
        else:
            result.recorded.append(placement.code)
    return result


def _record_one(placement: Placement, answer: str, at: datetime) -> None:
    if answer != PartnerAnswer.DELIVERED:
        record_confirmation(placement, Answer(answer), now=at, source=Source.PARTNER)
        return
    # "Delivered" says nothing about the wall, so it is not a venue answer: only the
    # delivery moves (or, when it already did, the partner's report is evidence).
    if placement.delivery in CLOSED_DELIVERY:
        raise DomainError(_("This placement's delivery is closed."))
    with translation.override(settings.LANGUAGE_CODE):  # staff read the note, not the partner
        note = _("Partner: delivered")
    if placement.delivery == Delivery.DELIVERED:
        record_evidence(
            placement, Evidence.PARTNER, source=Source.PARTNER, note=note, occurred_at=at
        )
        return
    change_status(
        placement,
        Axis.DELIVERY,
        Delivery.DELIVERED,
        source=Source.PARTNER,
        note=note,
        occurred_at=at,
    )
