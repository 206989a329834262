"""The demo dashboard in a real browser: log in, read the targets, switch language."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from plakats.core.demo import DEMO_PASSWORD

from .browser import DESKTOP, launch, log_in, screenshot

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_demo_campaign_to_the_coordinator(live_server):
    call_command("load_demo", seed=2013, verbosity=0)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        blocked = []
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        log_in(page, live_server.url, "coordinator", DEMO_PASSWORD)
        page.click("button[name=language][value=en]")
        expect(page.locator("h1")).to_have_text("Dashboard")

        assert "Trust hotline campaign 2013–2015 (demo)" in page.inner_text("main")
        assert "All 28 NVA branches" in page.inner_text("main")
        # The server-drawn timeline is inline SVG that the strict CSP lets through.
        expect(page.locator("svg.chart")).to_be_visible()
        screenshot(page, "dashboard")
        screenshot(page, "dashboard-full", full_page=True)

        page.click("nav summary >> text=Reports")
        page.click("nav >> text=Coverage")
        expect(page.locator("h1")).to_have_text("Coverage and gaps")
        expect(page.locator("#coverage-table tbody tr").first).to_be_visible()
        screenshot(page, "coverage", full_page=True)
        assert blocked == []
        page.go_back()

        page.click("button[name=language][value=lv]")
        expect(page.locator("h1")).to_have_text("Pārskats")
        browser.close()
