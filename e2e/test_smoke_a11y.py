"""Baseline: log in and look at the dashboard, checked by axe."""

import pytest

from plakats.core.demo import DEMO_PASSWORD
from plakats.core.tests.browser import log_in


@pytest.mark.django_db(transaction=True)
def test_it_logs_in(demo, page, a11y):
    page.goto(f"{demo.url}/login/")
    a11y(page)
    log_in(page, demo.url, "coordinator", DEMO_PASSWORD)
    a11y(page)
