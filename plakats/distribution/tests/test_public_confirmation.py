"""The public confirmation page: what a venue sees and answers, and every refusal."""

import secrets
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from plakats.core.tests import factory
from plakats.distribution.choices import Answer, Delivery
from plakats.distribution.models import Confirmation, Photo, Placement, PlacementEvent

from .images import phone_photo, upload

pytestmark = pytest.mark.django_db

CONTACT = "hotline@example.org"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PLAKATS_CONTACT = CONTACT
    settings.PLAKATS_ORGANISATION = "Safe Work NGO"


@pytest.fixture
def sent(db):
    """A sent dispatch: the school got a poster (3) and leaflets (50); a library got a poster."""
    campaign = factory.make_campaign(ends_on=timezone.localdate() + timedelta(days=30))
    dispatch = factory.make_dispatch(campaign=campaign)
    school = factory.make_venue(name="Rēzeknes 2. vidusskola")
    library = factory.make_venue(name="Ludzas bibliotēka")
    poster = factory.make_edition(material=factory.make_material(name="A2 poster: Safe work"))
    leaflet = factory.make_edition(material=factory.make_material(name="Leaflet: Sham marriage"))
    library_poster = factory.make_edition(material=factory.make_material(name="A3 poster: Hotline"))

    def place(venue, edition, quantity):
        return factory.make_placement(
            campaign=campaign,
            dispatch=dispatch,
            venue=venue,
            edition=edition,
            quantity=quantity,
            delivery=Delivery.SENT,
        )

    return {
        "school_poster": place(school, poster, 3),
        "school_leaflet": place(school, leaflet, 50),
        "library_poster": place(library, library_poster, 1),
    }


def _url(placement_or_token, **query) -> str:
    token = getattr(placement_or_token, "token", placement_or_token)
    url = reverse("confirm", args=[token])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _state() -> tuple:
    """Everything an answer could change."""
    return (
        list(Placement.objects.order_by("pk").values_list("delivery", "display", "evidence")),
        PlacementEvent.objects.count(),
        Confirmation.objects.count(),
        Photo.objects.count(),
    )


def test_it_shows_the_venue_and_its_materials_without_login(client, sent):
    response = client.get(_url(sent["school_poster"], lang="en"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rēzeknes 2. vidusskola" in page
    assert "A2 poster: Safe work" in page and "3 copies" in page
    assert "Leaflet: Sham marriage" in page and "50 copies" in page
    assert sent["school_poster"].code in page
    assert 'accept="image/*"' in page
    assert '<meta name="viewport"' in page
    assert "<script" not in page


def test_it_shows_nothing_of_another_venue(client, sent):
    response = client.get(_url(sent["school_poster"], lang="en"))

    page = response.content.decode()
    for leaked in ("Ludzas bibliotēka", "A3 poster: Hotline", sent["library_poster"].code):
        assert leaked not in page
    for staff_only in ("/distribution/", "/venues/", "Log out", "Placements"):
        assert staff_only not in page


def test_another_venues_token_shows_only_that_venue_and_answers_only_for_it(client, sent):
    response = client.get(_url(sent["library_poster"], lang="en"))
    page = response.content.decode()
    assert "Ludzas bibliotēka" in page and "A3 poster: Hotline" in page
    assert "Rēzeknes" not in page and "A2 poster" not in page

    client.post(_url(sent["library_poster"], lang="en"), {"answer": Answer.DISPLAYED})

    displays = {k: Placement.objects.get(pk=p.pk).display for k, p in sent.items()}
    assert displays == {
        "school_poster": "unknown",
        "school_leaflet": "unknown",
        "library_poster": "displayed",
    }


def test_it_is_latvian_unless_english_is_asked_for(client, sent, settings):
    settings.LANGUAGE_CODE = "lv"

    default = client.get(_url(sent["school_poster"]), HTTP_ACCEPT_LANGUAGE="en")
    english = client.get(_url(sent["school_poster"], lang="en"))

    assert '<html lang="lv">' in default.content.decode()
    assert 'href="?lang=en"' in default.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert 'action="?lang=en"' in english.content.decode()


def test_it_records_received_and_put_up_and_thanks(client, sent):
    response = client.post(
        _url(sent["school_poster"], lang="en"),
        {"answer": Answer.DISPLAYED, "where": "Notice board by the gym"},
        follow=True,
    )

    assert response.redirect_chain == [(_url(sent["school_poster"], lang="en", thanks=1), 302)]
    page = response.content.decode()
    assert "Thank you! Your answer has been recorded." in page
    assert "Received and put up" in page and "Notice board by the gym" in page
    for key in ("school_poster", "school_leaflet"):
        placement = Placement.objects.get(pk=sent[key].pk)
        assert (placement.delivery, placement.display, placement.evidence) == (
            "delivered",
            "displayed",
            "venue",
        )
        assert set(placement.events.values_list("source", flat=True)) == {"venue"}
    assert Confirmation.objects.get(placement=sent["school_poster"]).language == "en"


def test_it_records_received_but_not_put_up_with_the_reason(client, sent):
    client.post(
        _url(sent["school_poster"], lang="en"),
        {"answer": Answer.NOT_DISPLAYED, "reason": "The director has not decided"},
    )

    placement = Placement.objects.get(pk=sent["school_poster"].pk)
    assert (placement.delivery, placement.display) == ("delivered", "not_displayed")
    assert placement.confirmations.get().reason == "The director has not decided"


def test_it_records_not_received_and_leaves_delivery(client, sent):
    client.post(_url(sent["school_poster"], lang="en"), {"answer": Answer.NOT_RECEIVED})

    placement = Placement.objects.get(pk=sent["school_poster"].pk)
    assert (placement.delivery, placement.display) == ("sent", "unknown")
    assert placement.confirmations.get().answer == "not_received"


def test_it_offers_a_correction_with_the_last_answer_filled_in(client, sent, settings):
    settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS = 14
    client.post(_url(sent["school_poster"], lang="en"), {"answer": Answer.NOT_RECEIVED})

    response = client.get(_url(sent["school_poster"], lang="en"))
    page = response.content.decode()
    assert "you can change your answer below until" in page
    assert 'value="not_received" checked' in page

    client.post(_url(sent["school_poster"], lang="en"), {"answer": Answer.DISPLAYED})
    assert Placement.objects.get(pk=sent["school_poster"].pk).display == "displayed"
    assert sent["school_poster"].confirmations.count() == 2


def test_it_shows_the_answer_read_only_after_the_window_and_refuses_a_change(
    client, sent, settings
):
    settings.PLAKATS_CONFIRMATION_CORRECTION_DAYS = 14
    client.post(_url(sent["school_poster"], lang="en"), {"answer": Answer.DISPLAYED})
    Confirmation.objects.update(submitted_at=timezone.now() - timedelta(days=15))
    before = _state()

    page = client.get(_url(sent["school_poster"], lang="en")).content.decode()
    response = client.post(_url(sent["school_poster"], lang="en"), {"answer": Answer.NOT_DISPLAYED})

    assert "This answer can no longer be changed here" in page and CONTACT in page
    assert '<form method="post"' not in page
    assert response.status_code == 403
    assert "This answer can no longer be changed here" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize(
    "token",
    [
        secrets.token_urlsafe(24),  # well formed, unknown
        "abc",  # too short
        "x" * 65,  # too long
        "bad$token!not*from~us..........",
        "ābcdefghijklmnopqrstuvwxyz012345",
        "%00%3Cscript%3E",
    ],
)
def test_it_answers_a_wrong_token_with_a_friendly_404(client, sent, token):
    before = _state()

    get = client.get(f"/c/{token}/")
    post = client.post(f"/c/{token}/?lang=en", {"answer": Answer.DISPLAYED})

    assert (get.status_code, post.status_code) == (404, 404)
    assert "We could not find this link" in get.content.decode()
    assert CONTACT in get.content.decode() and "Safe Work NGO" in get.content.decode()
    assert _state() == before


@pytest.mark.parametrize("delivery", [Delivery.REFUSED, Delivery.LOST])
def test_it_says_a_link_of_a_failed_delivery_has_expired(client, delivery):
    placement = factory.make_placement(
        campaign=factory.make_campaign(ends_on=date.today()), delivery=delivery
    )
    before = _state()

    get = client.get(_url(placement, lang="en"))
    post = client.post(_url(placement, lang="en"), {"answer": Answer.DISPLAYED})

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This link has expired" in get.content.decode()
    assert CONTACT in get.content.decode()
    assert _state() == before


def test_it_says_a_link_of_a_long_ended_campaign_has_expired(client, settings):
    settings.PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN = 365
    campaign = factory.make_campaign(
        starts_on=date(2013, 7, 1), ends_on=timezone.localdate() - timedelta(days=400)
    )
    placement = factory.make_placement(campaign=campaign, delivery=Delivery.SENT)
    before = _state()

    response = client.post(_url(placement, lang="en"), {"answer": Answer.DISPLAYED})

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert _state() == before


def test_it_rate_limits_wrong_tokens_per_address(client, sent):
    for _ in range(20):
        assert client.get(_url(secrets.token_urlsafe(24))).status_code == 404

    blocked = client.get(_url(secrets.token_urlsafe(24), lang="en"))
    valid_from_same_address = client.get(_url(sent["school_poster"], lang="en"))
    other_address = Client(REMOTE_ADDR="10.1.2.3").get(_url(sent["school_poster"]))

    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert CONTACT in blocked.content.decode()
    assert valid_from_same_address.status_code == 429
    assert other_address.status_code == 200


def test_valid_tokens_do_not_count_towards_the_limit(client, sent):
    for _ in range(25):
        assert client.get(_url(sent["school_poster"])).status_code == 200


def test_it_refuses_an_oversized_photo_with_a_message_and_changes_nothing(
    client, sent, settings, tmp_path
):
    settings.PLAKATS_PHOTO_MAX_BYTES = 2000
    before = _state()

    response = client.post(
        _url(sent["school_poster"], lang="en"),
        {"answer": Answer.DISPLAYED, "photo": upload(phone_photo(size=(800, 600)))},
    )

    assert response.status_code == 200
    assert "The photo is too large" in response.content.decode()
    assert _state() == before
    assert list(tmp_path.rglob("*.*")) == []


def test_it_refuses_text_renamed_to_jpg_with_a_message_and_changes_nothing(client, sent, tmp_path):
    before = _state()

    response = client.post(
        _url(sent["school_poster"], lang="en"),
        {"answer": Answer.DISPLAYED, "photo": upload(b"not a picture at all\n" * 40)},
    )

    assert response.status_code == 200
    assert "This file is not a photo we can read" in response.content.decode()
    assert 'value="displayed" checked' in response.content.decode()
    assert _state() == before
    assert list(tmp_path.rglob("*.*")) == []


def test_it_stores_the_photo_without_exif_gps(client, sent, tmp_path):
    client.post(
        _url(sent["school_poster"], lang="en"),
        {"answer": Answer.DISPLAYED, "photo": upload(phone_photo())},
    )

    photo = Photo.objects.get(placement=sent["school_poster"])
    path = tmp_path / photo.image.name
    assert path.exists()
    assert path.is_relative_to(tmp_path)
    with Image.open(path) as stored:
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    raw = path.read_bytes()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw


def test_it_asks_for_an_answer(client, sent):
    before = _state()

    response = client.post(_url(sent["school_poster"], lang="en"), {"where": "Hall"})

    assert "Please choose one of the answers." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize(
    "data",
    [
        {"answer": "maybe"},
        {"answer": Answer.DISPLAYED, "where": "x" * 300},
        {"answer": Answer.NOT_DISPLAYED, "reason": "y" * 600},
        {"answer": Answer.DISPLAYED, "photo": "not a file"},
        {"answer": [Answer.DISPLAYED, Answer.NOT_RECEIVED]},
    ],
)
def test_it_never_fails_on_odd_input(client, sent, data):
    before = _state()

    response = client.post(_url(sent["school_poster"], lang="en"), data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert 'class="errorlist' in response.content.decode()
        assert _state() == before


def test_it_requires_the_csrf_token(sent):
    client = Client(enforce_csrf_checks=True)

    response = client.post(_url(sent["school_poster"]), {"answer": Answer.DISPLAYED})

    assert response.status_code == 403
    assert not Confirmation.objects.exists()
