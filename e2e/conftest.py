"""End-to-end tests: the demo data, a live server, Debian's Chromium, axe-core on every page.

Each test loads the illustrative demo data into a flushed database, starts a
browser context with the live server and gets a page whose every visited URL
must pass :func:`e2e.axe.check_page` before the test ends: the fixture fails
the test when a page was seen that the accessibility check never looked at.
"""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from plakats.core.tests.browser import DESKTOP, launch

from .axe import AxeLedger

# Playwright's sync API runs an event loop in this thread; the test's own
# database work happens before it starts or in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, live_server, settings, tmp_path):
    """The demo data behind a live server; uploads go to a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", seed=2013, verbosity=0)
    return live_server


def _open(chromium, ledger, **options):
    # axe-core is injected as a script; the app's strict CSP would refuse it.
    context = chromium.new_context(bypass_csp=True, accept_downloads=True, **options)
    page = context.new_page()
    ledger.watch(page)
    return context, page


@pytest.fixture
def axe_ledger():
    ledger = AxeLedger()
    yield ledger
    ledger.assert_all_checked()


@pytest.fixture
def page(chromium, axe_ledger):
    """A desktop-sized page in English; every page it shows must be checked by axe."""
    context, page = _open(chromium, axe_ledger, viewport=DESKTOP, locale="en-GB")
    yield page
    context.close()


@pytest.fixture
def open_page(chromium, axe_ledger):
    """Open more pages (a phone, a second user) under the same accessibility ledger."""
    contexts = []

    def open_(**options):
        context, page = _open(chromium, axe_ledger, **options)
        contexts.append(context)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def a11y(axe_ledger):
    """``a11y(page)``: fail on serious or critical WCAG 2.1 AA violations on the page now shown."""
    return axe_ledger.check
