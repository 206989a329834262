"""A venue's answer: which axes move, what is stored, corrections and their window."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Answer, Delivery, Display, Evidence, Source
from plakats.distribution.models import Confirmation, Photo, Placement, PlacementEvent
from plakats.distribution.photos import PhotoRefused
from plakats.distribution.services import confirmations
from plakats.distribution.services.confirmations import (
    ConfirmationRefused,
    CorrectionClosed,
    LinkExpired,
    link_expired,
)

from .images import phone_photo, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _fresh(placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


def _events(placement) -> list[tuple[str, str, str, str]]:
    return list(
        placement.events.order_by("id").values_list("axis", "old_value", "new_value", "source")
    )


def _sent(**kwargs) -> Placement:
    kwargs.setdefault("campaign", factory.make_campaign(ends_on=timezone.localdate()))
    return factory.make_placement(delivery=Delivery.SENT, **kwargs)


def test_it_marks_received_and_put_up_as_delivered_and_displayed():
    placement = _sent()

    confirmation = services.record_confirmation(
        placement, Answer.DISPLAYED, where="  Notice board by the canteen ", language="lv"
    )

    placement = _fresh(placement)
    assert (placement.delivery, placement.display, placement.evidence) == (
        "delivered",
        "displayed",
        "venue",
    )
    assert placement.location_note == "Notice board by the canteen"
    assert _events(placement) == [
        ("delivery", "sent", "delivered", "venue"),
        ("evidence", "none", "venue", "venue"),
        ("display", "unknown", "displayed", "venue"),
        ("evidence", "venue", "venue", "venue"),
    ]
    assert (confirmation.answer, confirmation.where, confirmation.reason) == (
        "displayed",
        "Notice board by the canteen",
        "",
    )
    assert confirmation.language == "lv"
    note = placement.events.first().note
    assert "received and put up" in note and "Notice board by the canteen" in note


def test_it_keeps_received_but_not_put_up_as_its_own_answer():
    placement = _sent()

    confirmation = services.record_confirmation(
        placement, Answer.NOT_DISPLAYED, reason="No free wall until spring", where="ignored"
    )

    placement = _fresh(placement)
    assert (placement.delivery, placement.display) == ("delivered", "not_displayed")
    assert (confirmation.answer, confirmation.reason, confirmation.where) == (
        "not_displayed",
        "No free wall until spring",
        "",
    )
    display_event = placement.events.get(axis="display")
    assert (display_event.new_value, display_event.source) == ("not_displayed", "venue")
    assert "No free wall until spring" in display_event.note
    assert placement.location_note == ""


def test_it_records_not_received_without_moving_delivery():
    placement = _sent()

    confirmation = services.record_confirmation(placement, Answer.NOT_RECEIVED)

    placement = _fresh(placement)
    assert (placement.delivery, placement.display, placement.evidence) == (
        "sent",
        "unknown",
        "venue",
    )
    assert confirmation.answer == "not_received"
    assert _events(placement) == [("evidence", "none", "venue", "venue")]


def test_one_answer_covers_the_venues_placements_in_the_dispatch_only():
    dispatch = factory.make_dispatch(campaign=factory.make_campaign(ends_on=date.today()))
    school, other = factory.make_venue(), factory.make_venue()
    poster = _sent(dispatch=dispatch, venue=school, campaign=dispatch.campaign)
    leaflet = _sent(dispatch=dispatch, venue=school, campaign=dispatch.campaign)
    elsewhere = _sent(dispatch=dispatch, venue=other, campaign=dispatch.campaign)
    earlier = _sent(venue=school)  # another dispatch
    lost = factory.make_placement(
        dispatch=dispatch, venue=school, campaign=dispatch.campaign, delivery=Delivery.LOST
    )

    services.record_confirmation(poster, Answer.DISPLAYED, where="Hall")

    assert [_fresh(p).display for p in (poster, leaflet)] == ["displayed", "displayed"]
    assert [_fresh(p).delivery for p in (elsewhere, earlier, lost)] == ["sent", "sent", "lost"]
    assert set(Confirmation.objects.values_list("placement_id", flat=True)) == {
        poster.pk,
        leaflet.pk,
    }


def test_it_corrects_the_answer_within_the_window(settings):
    settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS = 14
    placement = _sent()
    first = timezone.now() - timedelta(days=10)
    services.record_confirmation(placement, Answer.NOT_DISPLAYED, reason="No space", now=first)

    services.record_confirmation(
        placement, Answer.DISPLAYED, where="Staff room", now=first + timedelta(days=13)
    )

    placement = _fresh(placement)
    assert placement.display == "displayed"
    assert list(placement.confirmations.values_list("answer", flat=True)) == [
        "displayed",
        "not_displayed",
    ]
    last_display = placement.events.filter(axis="display").order_by("-id").first()
    assert (last_display.old_value, last_display.new_value) == ("not_displayed", "displayed")
    assert "(a correction)" in last_display.note


def test_it_moves_displayed_back_to_not_displayed_on_a_correction():
    placement = _sent()
    services.record_confirmation(placement, Answer.DISPLAYED)

    services.record_confirmation(placement, Answer.NOT_DISPLAYED, reason="Taken down by mistake")

    assert _fresh(placement).display == "not_displayed"


def test_it_refuses_a_correction_after_the_window(settings):
    settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS = 14
    placement = _sent()
    first = timezone.now() - timedelta(days=20)
    services.record_confirmation(placement, Answer.DISPLAYED, now=first)
    events = PlacementEvent.objects.count()

    with pytest.raises(CorrectionClosed) as refused:
        services.record_confirmation(
            placement, Answer.NOT_DISPLAYED, now=first + timedelta(days=14, seconds=1)
        )

    assert "can no longer be changed" in str(refused.value)
    assert _fresh(placement).display == "displayed"
    assert (PlacementEvent.objects.count(), Confirmation.objects.count()) == (events, 1)


def test_it_refuses_an_answer_on_an_expired_link(settings):
    settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN = 365
    campaign = factory.make_campaign(
        starts_on=date(2014, 1, 1), ends_on=timezone.localdate() - timedelta(days=366)
    )
    placement = _sent(campaign=campaign)

    with pytest.raises(LinkExpired):
        services.record_confirmation(placement, Answer.DISPLAYED)

    assert _fresh(placement).delivery == "sent"
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize(
    ("delivery", "ended_days_ago", "expired"),
    [
        (Delivery.SENT, 365, False),
        (Delivery.SENT, 366, True),
        (Delivery.DELIVERED, 0, False),
        (Delivery.PLANNED, 0, False),
        (Delivery.REFUSED, 0, True),
        (Delivery.LOST, 0, True),
        (Delivery.RETURNED, 0, True),
    ],
)
def test_it_knows_when_a_link_has_expired(delivery, ended_days_ago, expired):
    today = date(2026, 6, 1)
    campaign = factory.make_campaign(
        starts_on=date(2020, 1, 1), ends_on=today - timedelta(days=ended_days_ago)
    )
    placement = factory.make_placement(campaign=campaign, delivery=delivery)

    assert link_expired(placement, today=today) is expired


def test_it_refuses_an_answer_that_is_not_one_of_the_three():
    placement = _sent()

    with pytest.raises(ConfirmationRefused):
        services.record_confirmation(placement, "maybe")

    assert _fresh(placement).delivery == "sent"


def test_it_refuses_an_overlong_where():
    placement = _sent()

    with pytest.raises(ConfirmationRefused) as refused:
        services.record_confirmation(placement, Answer.DISPLAYED, where="x" * 256)

    assert refused.value.field == "where"
    assert not PlacementEvent.objects.exists()


def test_it_stores_one_photo_for_each_placement_of_the_answer_and_records_photo_evidence(
    tmp_path,
):
    dispatch = factory.make_dispatch(campaign=factory.make_campaign(ends_on=date.today()))
    school = factory.make_venue()
    poster = _sent(dispatch=dispatch, venue=school, campaign=dispatch.campaign)
    leaflet = _sent(dispatch=dispatch, venue=school, campaign=dispatch.campaign)

    confirmation = services.record_confirmation(
        poster, Answer.DISPLAYED, photo_file=upload(phone_photo()), detect=lambda gray: []
    )

    photos = list(Photo.objects.order_by("placement_id"))
    assert [p.placement_id for p in photos] == [poster.pk, leaflet.pk]
    assert photos[0].image.name == photos[1].image.name
    assert (photos[0].width, photos[0].height, photos[0].source) == (320, 240, "venue")
    assert confirmation.photo == Photo.objects.get(placement=poster)
    assert len(list(tmp_path.rglob("*.jpg"))) == 1
    assert [_fresh(p).evidence for p in (poster, leaflet)] == [Evidence.PHOTO, Evidence.PHOTO]


def test_a_refused_photo_changes_nothing(settings, tmp_path):
    settings.PLAKATS_PHOTO_MAX_BYTES = 500
    placement = _sent()

    with pytest.raises(PhotoRefused):
        services.record_confirmation(placement, Answer.DISPLAYED, photo_file=upload(phone_photo()))

    assert _fresh(placement).delivery == "sent"
    assert not (Confirmation.objects.exists() or Photo.objects.exists())
    assert not PlacementEvent.objects.exists()
    assert list(tmp_path.rglob("*")) == []


def test_a_repeated_answer_records_evidence_only():
    placement = _sent()
    services.record_confirmation(placement, Answer.DISPLAYED)
    before = PlacementEvent.objects.count()

    services.record_confirmation(placement, Answer.DISPLAYED, where="Still there")

    new = list(PlacementEvent.objects.order_by("id")[before:])
    assert [(e.axis, e.new_value, e.source) for e in new] == [("evidence", "venue", Source.VENUE)]
    assert _fresh(placement).display == Display.DISPLAYED


def test_it_leaves_a_removed_poster_removed_when_the_venue_says_not_put_up():
    placement = _sent()
    services.record_confirmation(placement, Answer.DISPLAYED)
    Placement.objects.filter(pk=placement.pk).update(display=Display.REMOVED)

    services.record_confirmation(placement, Answer.NOT_DISPLAYED, reason="Renovation")

    placement = _fresh(placement)
    assert placement.display == "removed"  # removed → not displayed is no allowed step
    assert placement.confirmations.first().answer == "not_displayed"
    assert placement.events.order_by("-id").first().axis == "evidence"


def test_a_failure_after_the_photo_was_stored_removes_the_file(monkeypatch, tmp_path):
    placement = _sent()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(confirmations, "_apply", fail)

    with pytest.raises(RuntimeError):
        services.record_confirmation(
            placement, Answer.DISPLAYED, photo_file=upload(phone_photo()), detect=lambda gray: []
        )

    assert not Photo.objects.exists()
    assert list(tmp_path.rglob("*.jpg")) == []
