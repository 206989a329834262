"""The API docs page renders Swagger UI from local files under the site's strict CSP."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from plakats import geo
from plakats.core.permissions import Role
from plakats.core.tests import factory
from plakats.core.tests.browser import DESKTOP, launch, log_in
from plakats.geo.loading import load_geography
from plakats.geo.models import Municipality

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def geography(transactional_db):
    if not Municipality.objects.exists():
        load_geography(Path(geo.__file__).parent / "data" / "lv", "LV")


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_docs_without_a_cdn_or_a_csp_violation(live_server, geography):
    factory.make_user(Role.VIEWER, username="vera")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        problems, foreign = [], []
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on(
            "request",
            lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        log_in(page, live_server.url, "vera", factory.PASSWORD)
        page.goto(f"{live_server.url}/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Plakats API")
        page.locator(".opblock-summary", has_text="/api/v1/venues").first.click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        browser.close()
    assert problems == []
    assert [url for url in foreign if not url.startswith("data:")] == []
