"""List pages read a page's ids first, then its rows; long lists keep their count till it changes.

The venues are numbered 01…08 and made in reverse, so the names' order (digits
included) is not the order of their ids.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db


def names_on(client, url: str) -> list[str]:
    return [v.name for v in client.get(url).context["object_list"]]


def test_it_pages_through_a_list_in_order_without_gaps_or_repeats(client_for, settings):
    settings.PLAKATS_PAGE_SIZE = 3
    made = [f"Skola {n:02d} (demo)" for n in range(1, 9)]
    for name in reversed(made):
        factory.make_venue(name=name)
    client = client_for("viewer")
    url = reverse("venues:venue_list") + "?sort=name&page="
    pages = [names_on(client, f"{url}{n}") for n in (1, 2, 3)]
    assert pages == [made[0:3], made[3:6], made[6:8]]


def test_it_keeps_the_count_of_a_long_list_until_a_row_is_added(client_for, settings):
    settings.PLAKATS_FIGURE_CACHE_SECONDS = 600
    for n in range(4):
        factory.make_venue(name=f"Skola {n} (demo)")
    client = client_for("viewer")
    url = reverse("venues:venue_list")
    assert client.get(url).context["page_obj"].paginator.count == 4
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).context["page_obj"].paginator.count == 4
    assert not any(q["sql"].startswith("SELECT COUNT(*)") for q in again)

    factory.make_venue(name="Skola 5 (demo)")

    assert client.get(url).context["page_obj"].paginator.count == 5
