"""The export links under a list follow its filters, also after htmx has refreshed the table."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from plakats import geo
from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.core.tests.browser import DESKTOP, launch, log_in
from plakats.geo.loading import load_geography
from plakats.geo.models import Municipality

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def geography(transactional_db):
    """Latvia's geography: an earlier transactional test may have flushed the migrations' rows."""
    if not Municipality.objects.exists():
        load_geography(Path(geo.__file__).parent / "data" / "lv", "LV")


@pytest.mark.django_db(transaction=True)
def test_it_downloads_the_rows_the_filter_shows(live_server, tmp_path, geography):
    factory.make_user(Role.VIEWER, username="vera")
    factory.make_venue(name="Rēzeknes 1. vidusskola", municipality=factory.municipality("Rēzekne"))
    factory.make_venue(name="Hostelis Centrs", kind="hostel")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, "vera", factory.PASSWORD)
        page.goto(f"{live_server.url}/venues/")
        page.click("button[name=language][value=en]")
        page.wait_for_load_state("networkidle")
        csv_link = page.locator(".export-links a", has_text="CSV")
        assert csv_link.get_attribute("href") == "/imports/export/venues.csv"

        page.select_option("select[name=kind]", "hostel")
        # Both the list and the links are swapped in by htmx: wait for each, not for a moment.
        expect(csv_link).to_have_attribute("href", re.compile(r"kind=hostel"))
        expect(page.locator("#list-results")).not_to_contain_text("Rēzeknes")
        expect(page.locator("#list-results")).to_contain_text("Hostelis Centrs")

        with page.expect_download() as download:
            csv_link.click()
        path = tmp_path / "venues.csv"
        download.value.save_as(path)
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        assert [line.split(",")[1] for line in lines[1:]] == ["Hostelis Centrs"]
        browser.close()
