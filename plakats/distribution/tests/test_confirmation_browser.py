"""The public confirmation page on a phone-sized screen, in a real browser."""

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from plakats.core.tests import factory
from plakats.core.tests.browser import PHONE, launch, screenshot
from plakats.distribution.choices import Delivery
from plakats.distribution.models import Placement

from .images import phone_photo

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _school_package():
    campaign = factory.make_campaign(
        name="Uzticības tālrunis 2026", ends_on=timezone.localdate() + timedelta(days=90)
    )
    dispatch = factory.make_dispatch(campaign=campaign, name="Latgales skolas, septembris")
    # Earlier browser tests may have flushed the built-in geography; the page shows none.
    school = factory.make_venue(
        name="Ābeļu pamatskola (demo)", address="Rēzekne", municipality=None
    )
    poster = factory.make_edition(
        material=factory.make_material(name="A2 plakāts: Droši strādāt ārzemēs"), version="2026-1"
    )
    leaflet = factory.make_edition(
        material=factory.make_material(name="Buklets: Fiktīvas laulības", kind="leaflet"),
        version="2026-1",
    )
    first = factory.make_placement(
        campaign=campaign,
        dispatch=dispatch,
        venue=school,
        edition=poster,
        quantity=3,
        delivery=Delivery.SENT,
    )
    factory.make_placement(
        campaign=campaign,
        dispatch=dispatch,
        venue=school,
        edition=leaflet,
        quantity=50,
        delivery=Delivery.SENT,
    )
    return first


@pytest.mark.django_db(transaction=True)
def test_it_confirms_from_a_phone(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "lv"
    settings.PLAKATS_ORGANISATION = "Biedrība “Gaišā māja” (demo)"
    settings.PLAKATS_CONTACT = "info@example.org"
    placement = _school_package()
    photo = tmp_path / "board.jpg"
    photo.write_bytes(phone_photo(size=(640, 480)))
    url = live_server.url + reverse("confirm", args=[placement.token])

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        page.goto(url)
        assert page.get_attribute("html", "lang") == "lv"
        assert page.inner_text("h1") == "Ābeļu pamatskola (demo)"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "confirmation-phone", full_page=True)

        page.click("a[hreflang=en]")
        page.wait_for_url("**lang=en**")
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == "en"
        assert not page.is_visible("#id_where")  # shown once its answer is chosen
        page.check("#answer-displayed")
        assert page.is_visible("#id_where")
        page.fill("#id_where", "Notice board by the canteen")
        page.set_input_files("#id_photo", str(photo))
        screenshot(page, "confirmation-phone-en", full_page=True)
        page.click("button[type=submit]")
        expect(page.locator("main")).to_contain_text("Thank you! Your answer has been recorded.")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "confirmation-phone-answered", full_page=True)
        browser.close()

    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.delivery, placement.display, placement.evidence) == (
        "delivered",
        "displayed",
        "photo",
    )
    assert placement.location_note == "Notice board by the canteen"
