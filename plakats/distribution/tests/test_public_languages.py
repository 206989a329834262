"""Venue-facing pages offer Latvian, English and Russian; staff pages only Latvian and English.

A confirmation page opens in the venue's language unless ``?lang=`` asks for
another; a staff page asked for in Russian (cookie or browser) stays Latvian.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery

pytestmark = pytest.mark.django_db


def _placement(language: str):
    campaign = factory.make_campaign(ends_on=timezone.localdate() + timedelta(days=30))
    return factory.make_placement(
        campaign=campaign,
        dispatch=factory.make_dispatch(campaign=campaign),
        venue=factory.make_venue(name="Klubs", language=language),
        delivery=Delivery.SENT,
    )


def _page(client, placement, query: str = "", **headers) -> str:
    return client.get(
        reverse("confirm", args=[placement.token]) + query, **headers
    ).content.decode()


def test_it_opens_in_the_venues_language(client):
    russian = _page(client, _placement("ru"))
    latvian = _page(client, _placement("lv"), HTTP_ACCEPT_LANGUAGE="ru,en")

    assert '<html lang="ru">' in russian
    assert "Мы отправили вам" in russian
    assert '<html lang="lv">' in latvian


def test_it_follows_the_language_the_link_asks_for(client):
    placement = _placement("ru")

    assert '<html lang="lv">' in _page(client, placement, "?lang=lv")
    assert '<html lang="en">' in _page(client, placement, "?lang=en")
    assert '<html lang="ru">' in _page(client, placement, "?lang=de")


def test_it_offers_latvian_english_and_russian_links(client):
    page = _page(client, _placement("lv"))

    assert 'href="?lang=en" hreflang="en" lang="en">English</a>' in page
    assert 'href="?lang=ru" hreflang="ru" lang="ru">Русский</a>' in page
    assert '<span aria-current="true" lang="lv">Latviešu</span>' in page


def test_it_answers_a_russian_venue_in_russian_and_keeps_the_language(client):
    placement = _placement("ru")
    url = reverse("confirm", args=[placement.token])

    response = client.post(url + "?lang=ru", {"answer": "displayed", "where": "Вход"}, follow=True)

    assert response.redirect_chain[0][0] == url + "?lang=ru&thanks=1"
    assert "Спасибо! Ваш ответ сохранён." in response.content.decode()
    assert placement.confirmations.get().language == "ru"


def test_it_keeps_staff_pages_latvian_when_russian_is_asked_for(client_for, settings):
    settings.LANGUAGE_CODE = "lv"
    client = client_for("coordinator")
    client.cookies["django_language"] = "ru"

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<html lang="lv"' in page
    assert 'value="ru"' not in page
    assert 'name="language" value="en"' in page


def test_it_does_not_switch_staff_pages_to_russian(client_for, settings):
    settings.LANGUAGE_CODE = "lv"
    client = client_for("coordinator")

    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("home")).content.decode()

    assert '<html lang="lv"' in page
