"""A field visit on a phone without a connection, in a real browser: kept, then sent once."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.core.tests.browser import PHONE, launch, log_in, screenshot
from plakats.distribution import services
from plakats.distribution.choices import Axis, Delivery, Display, Evidence
from plakats.distribution.models import FieldVisit, Placement
from plakats.geo.loading import load_geography

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or between its steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LATVIA = Path(__file__).resolve().parents[2] / "geo" / "data" / "lv"
REZEKNE = {"latitude": 56.5100, "longitude": 27.3300}


@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_visit_made_offline_and_sends_it_exactly_once(live_server, settings, tmp_path):
    # A transactional test run before this one may have emptied the geography the
    # migrations load; loading it again is idempotent.
    load_geography(LATVIA, "LV")
    settings.MEDIA_ROOT = tmp_path / "media"
    wall = tmp_path / "wall.jpg"
    Image.new("RGB", (64, 48), (30, 90, 200)).save(wall, "JPEG")
    factory.make_user(Role.REGIONAL, regions=[factory.region("Latgales")], username="rita")
    venue = factory.make_venue(
        name="Ķiršu vidusskola (demo)",
        municipality=factory.municipality("Rēzekne"),
        latitude=Decimal("56.509700"),
        longitude=Decimal("27.340300"),
    )
    ludza = factory.make_venue(
        name="Ludzas bibliotēka",
        municipality=factory.municipality("Ludzas novads"),
        latitude=Decimal("56.546000"),
        longitude=Decimal("27.719000"),
    )
    campaign = factory.make_campaign(name="Safe work abroad 2015")
    edition = factory.make_edition(
        material=factory.make_material(name="A2 poster: Safe work abroad"), version="2015"
    )
    factory.make_placement(venue=ludza, campaign=campaign, edition=edition)
    placement = factory.make_placement(venue=venue, campaign=campaign, edition=edition)
    services.change_status(placement, Axis.DELIVERY, Delivery.DELIVERED)

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            viewport=PHONE,
            locale="en-GB",
            geolocation=REZEKNE,
            permissions=["geolocation"],
        )
        page = context.new_page()
        log_in(page, live_server.url, "rita", factory.PASSWORD)

        page.goto(live_server.url + reverse("distribution:visit_start"))
        page.get_by_role("button", name="Near me").click()
        nearest = page.locator(".visit-venues li")
        expect(nearest).to_have_count(2)
        expect(nearest.first).to_contain_text("Ķiršu vidusskola (demo)")
        expect(nearest.first).to_contain_text("0.6 km away")
        expect(nearest.last).to_contain_text("Ludzas bibliotēka")
        page.get_by_role("link", name="Ķiršu vidusskola (demo)").click()
        queue = page.locator("#visit-queue h2")
        expect(queue).to_have_text("Waiting to be sent: 0")

        context.set_offline(True)
        form = page.locator(f"#placement-{placement.pk} form")
        form.get_by_label("seen displayed").check()
        form.get_by_label("Note").fill("By the entrance")
        form.get_by_label("Photo (optional)").set_input_files(wall)
        form.get_by_role("button", name="Record visit").click()
        expect(queue).to_have_text("Waiting to be sent: 1")
        waiting = page.locator("#visit-queue li")
        expect(waiting).to_contain_text(
            f"Ķiršu vidusskola (demo) · {placement.code} · seen displayed"
        )
        expect(waiting).to_contain_text("No connection yet")
        assert FieldVisit.objects.count() == 0
        page.locator("main h1").evaluate("heading => heading.scrollIntoView()")
        screenshot(page, "field-visit-phone")

        context.set_offline(False)
        expect(queue).to_have_text("Waiting to be sent: 0", timeout=15000)
        expect(page.locator("#visit-queue .queue-status")).to_have_text(
            f"Visit to {placement.code} recorded."
        )
        assert FieldVisit.objects.count() == 1

        page.reload()
        page.wait_for_load_state("networkidle")
        expect(queue).to_have_text("Waiting to be sent: 0")
        expect(page.locator("#recent-visits-title + ul li")).to_have_count(1)
        browser.close()
        # Playwright runs this block in a greenlet with its own context, so the queries
        # above went through a connection of their own: close it, or PostgreSQL
        # refuses to drop the test database at the end.
        connections.close_all()

    visit = FieldVisit.objects.select_related("photo").get()
    assert (visit.sighting, visit.note, visit.visited_by.username) == (
        "displayed",
        "By the entrance",
        "rita",
    )
    # The photo waited on the phone with the visit and was stored once, cleaned.
    assert (visit.photo.width, visit.photo.height, visit.photo.source) == (64, 48, "visit")
    assert [p.name for p in (tmp_path / "media" / "photos").rglob("*.jpg")] == [
        visit.photo.image.name.rsplit("/", 1)[-1]
    ]
    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.display, placement.evidence) == (Display.DISPLAYED, Evidence.VISIT)
