"""The venue map in a real browser with no tile server: outlines and markers still show."""

import copy
import os
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests import factory
from plakats.core.tests.browser import DESKTOP, launch, log_in, screenshot
from plakats.settings import tile_origin

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Port 9 (discard) refuses connections: as if the tile server were down or offline.
UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def _venues(campaign):
    edition = factory.make_edition()
    far_apart = [
        ("Liepāja", "56.5100", "21.0100", "delivered"),
        ("Daugavpils", "55.8700", "26.5300", "sent"),
        ("Valmieras novads", "57.5400", "25.4200", "planned"),
    ]
    for name, lat, lon, delivery in far_apart:
        venue = factory.make_venue(
            name=f"School in {name}",
            municipality=factory.municipality(name),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )
        factory.make_placement(campaign=campaign, venue=venue, edition=edition, delivery=delivery)
    # Two venues a few metres apart in Rīga: one cluster at country scale.
    for i in range(2):
        factory.make_venue(
            name=f"Library {i} in Rīga",
            kind="library",
            municipality=factory.municipality("Rīga"),
            latitude=Decimal("56.9500") + Decimal(i) / 10000,
            longitude=Decimal("24.1000"),
        )


@pytest.mark.django_db(transaction=True)
def test_it_draws_outlines_and_markers_without_a_tile_server(live_server, settings, users):
    settings.PLAKATS_MAP_TILE_URL = UNREACHABLE_TILES
    # As settings.py does for the configured tile server: its origin may serve images.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [
        *policy["DIRECTIVES"]["img-src"],
        tile_origin(UNREACHABLE_TILES),
    ]
    settings.CONTENT_SECURITY_POLICY = policy
    campaign = factory.make_campaign(name="Map campaign")
    _venues(campaign)

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        policy_errors, page_errors = [], []
        page.on(
            "console",
            lambda message: (
                policy_errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        log_in(page, live_server.url, "vera", factory.PASSWORD)
        page.goto(f"{live_server.url}/reports/map/?campaign={campaign.pk}")

        # The 42 municipality outlines, drawn by Leaflet as SVG paths.
        outlines = page.locator(".leaflet-overlay-pane svg path.map-outline")
        expect(outlines).to_have_count(42)
        # Three venues on their own, the two in Rīga as one cluster of 2.
        expect(page.locator("#venue-map")).to_have_attribute("data-loaded", "5")
        expect(page.locator(".leaflet-marker-pane .map-marker")).to_have_count(3)
        cluster = page.locator(".leaflet-marker-pane .marker-cluster")
        expect(cluster).to_have_count(1)
        expect(cluster).to_have_text("2")
        expect(page.locator("#map-summary")).to_have_text("5 venues on the map")

        # The status is in words in the popup, and the name links to the venue.
        page.locator(".map-marker.map-status-delivered").click()
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("School in Liepāja")
        expect(popup).to_contain_text("Status: delivered")
        expect(popup.get_by_role("link", name="Open the venue")).to_have_attribute(
            "href", f"/venues/{_venue_pk('School in Liepāja')}/"
        )
        # The legend names every colour.
        legend = page.locator(".map-legend")
        for label in ("not reached", "sent", "delivered", "not displayed or removed"):
            expect(legend).to_contain_text(label)
        expect(page.locator("svg.choropleth")).to_have_count(2)
        browser.close()

    assert policy_errors == []
    assert page_errors == []


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_demo_campaign_on_the_map(live_server, settings):
    """The demo data on the map (and the screenshot in docs/), still without tiles."""
    settings.PLAKATS_MAP_TILE_URL = ""
    call_command("load_demo", seed=2013, verbosity=0)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        policy_errors = []
        page.on(
            "console",
            lambda message: (
                policy_errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        log_in(page, live_server.url, "coordinator", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/reports/map/")
        expect(page.locator(".leaflet-overlay-pane svg path.map-outline")).to_have_count(42)
        expect(page.locator("#map-summary")).to_contain_text("venues on the map", timeout=30_000)
        expect(page.locator("#venue-map")).to_have_attribute("data-loaded", re.compile(r"\d+"))
        shown = int(page.locator("#venue-map").get_attribute("data-loaded"))
        assert shown > 0
        markers = page.locator(".leaflet-marker-pane .leaflet-marker-icon")
        assert markers.count() > 0
        expect(page.locator(".leaflet-tile-pane img")).to_have_count(0)
        screenshot(page, "map", full_page=True)
        browser.close()

    assert policy_errors == []


def _venue_pk(name: str) -> int:
    from plakats.venues.models import Venue

    return Venue.objects.get(name=name).pk
