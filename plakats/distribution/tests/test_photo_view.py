"""Evidence photos are shown to logged-in staff only, and on the placement's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.choices import Answer, Delivery
from plakats.distribution.models import Photo

from .images import phone_photo, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sent():
    return factory.make_placement(
        campaign=factory.make_campaign(ends_on=timezone.localdate()), delivery=Delivery.SENT
    )


def _confirm_with_photo(placement):
    services.record_confirmation(
        placement, Answer.DISPLAYED, photo_file=upload(phone_photo()), detect=lambda gray: []
    )
    return Photo.objects.filter(placement=placement).latest("pk")


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    photo = _confirm_with_photo(_sent())

    response = client.get(reverse("distribution:photo", args=[photo.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_streams_the_photo_to_a_viewer(client_for):
    photo = _confirm_with_photo(_sent())

    response = client_for("viewer").get(reverse("distribution:photo", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body[:3] == b"\xff\xd8\xff"
    assert body == photo.image.read()


def test_it_refuses_an_account_without_a_role(client_for):
    photo = _confirm_with_photo(_sent())

    response = client_for("none").get(reverse("distribution:photo", args=[photo.pk]))

    assert response.status_code == 403


def test_it_answers_404_for_a_missing_photo_or_file(client_for, tmp_path):
    photo = _confirm_with_photo(_sent())
    (tmp_path / photo.image.name).unlink()
    client = client_for("viewer")

    assert client.get(reverse("distribution:photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("distribution:photo", args=[photo.pk + 99])).status_code == 404


def test_the_placement_page_shows_the_answers_and_photos(client_for):
    placement = _sent()
    photo = _confirm_with_photo(placement)
    services.record_confirmation(placement, Answer.NOT_RECEIVED)

    page = client_for("coordinator").get(placement.get_absolute_url()).content.decode()

    assert "Answers from the venue" in page
    assert "The venue says it did not receive this" in page
    assert "received and put up" in page
    assert reverse("distribution:photo", args=[photo.pk]) in page


def test_the_placement_page_says_when_there_is_no_answer(client_for):
    placement = _sent()

    page = client_for("viewer").get(placement.get_absolute_url()).content.decode()

    assert "No answer from the venue yet." in page


def test_the_placement_page_runs_as_many_queries_with_many_answers(client_for):
    few, many = _sent(), _sent()
    _confirm_with_photo(few)
    for _ in range(6):
        _confirm_with_photo(many)
    client = client_for("coordinator")
    client.get(few.get_absolute_url())

    with CaptureQueriesContext(connection) as with_few:
        client.get(few.get_absolute_url())
    with CaptureQueriesContext(connection) as with_many:
        client.get(many.get_absolute_url())

    assert len(with_many) == len(with_few)
