"""Switching the interface to Latvian and back with the buttons in the header."""

import pytest
from playwright.sync_api import expect

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests.browser import log_in, screenshot

from .nav import go, nav_link


@pytest.mark.django_db(transaction=True)
def test_it_switches_to_latvian_and_back(demo, page, a11y):
    page.goto(f"{demo.url}/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
    assert page.get_attribute("html", "lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    switch = page.locator("header form.lang-switch")
    expect(switch.get_by_role("button", name="EN")).to_have_attribute("aria-current", "true")

    switch.get_by_role("button", name="LV").click()
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    a11y(page)
    assert page.url == f"{demo.url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Pārskats")
    for english, latvian in (("Venues", "Vietas"), ("Dispatches", "Izsūtījumi"), ("Map", "Karte")):
        expect(nav_link(page, latvian)).to_be_attached()
        expect(page.locator("header nav a").filter(has_text=english)).to_have_count(0)
    expect(switch.get_by_role("button", name="LV")).to_have_attribute("aria-current", "true")

    # The choice stays while moving around.
    go(page, "Karte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vietu karte")
    a11y(page)
    assert page.get_attribute("html", "lang") == "lv"
    screenshot(page, "guide-language-lv")

    switch.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    a11y(page)
    assert page.url.startswith(f"{demo.url}/reports/map/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of venues")
    expect(nav_link(page, "Venues")).to_be_attached()
    expect(switch.get_by_role("button", name="EN")).to_have_attribute("aria-current", "true")
