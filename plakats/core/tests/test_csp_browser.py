"""In a real browser, the strict Content-Security-Policy blocks nothing the pages use."""

import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import sync_playwright

from plakats.core.demo import DEMO_PASSWORD

from .browser import DESKTOP, launch, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PAGES = [
    "home",
    "venues:venue_list",
    "distribution:campaign_list",
    "distribution:dispatch_create",
    "distribution:placement_list",
    "distribution:visit_start",
]


@pytest.mark.django_db(transaction=True)
def test_it_loads_the_main_pages_without_a_policy_violation(live_server):
    call_command("load_demo", seed=2013, verbosity=0)
    paths = [reverse(name) for name in PAGES]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=DESKTOP)
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        log_in(page, live_server.url, "coordinator", DEMO_PASSWORD)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert response.status == 200, path
        browser.close()

    assert violations == []
