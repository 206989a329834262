"""The recall pages and the call list run the same number of queries with 3 or 30 placements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display
from plakats.distribution.services import recall as services

pytestmark = pytest.mark.django_db

MUNICIPALITIES = ("Rēzekne", "Liepāja", "Rīga")


def _grow(edition, rows: int) -> None:
    for i in range(rows):
        online = i % 4 == 3
        venue = (
            factory.make_venue(kind="website", url=f"https://example.org/{i}")
            if online
            else factory.make_venue(municipality=factory.municipality(MUNICIPALITIES[i % 3]))
        )
        factory.make_placement(
            edition=edition,
            venue=venue,
            delivery=Delivery.DELIVERED,
            display=Display.DISPLAYED if i % 2 else Display.UNKNOWN,
            evidence_at=None,
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def _measure(client, rows: int, *, replaced: bool) -> list[int]:
    """Query counts of every recall page for a fresh recall of ``rows`` placements."""
    old = factory.make_edition()
    new = factory.make_edition(material=old.material)
    _grow(old, rows)
    recall = services.supersede_edition(old, new, reason="New number")
    if replaced:
        services.create_replacement_dispatch(
            recall,
            campaign=factory.make_campaign(),
            planned_on=old.created_at.date(),
            stock_location=_stocked(new, 10 * rows),
        )
    pages = [
        recall.get_absolute_url(),
        reverse("distribution:recall_list"),
        reverse("distribution:recall_web_tasks", args=[recall.pk]),
        reverse("distribution:recall_export", args=[recall.pk, "csv"]),
        reverse("distribution:recall_export", args=[recall.pk, "xlsx"]),
        reverse("distribution:edition_supersede", args=[new.pk]),
    ]
    return [_count(client, url) for url in pages]


@pytest.mark.parametrize("replaced", [False, True])
def test_it_keeps_the_recall_pages_at_a_fixed_query_count(client_for, settings, replaced):
    settings.PLAKATS_PAGE_SIZE = 100
    client = client_for("coordinator")

    small = _measure(client, 4, replaced=replaced)
    large = _measure(client, 40, replaced=replaced)

    assert small == large


def _stocked(edition, quantity):
    from plakats.materials import services as stock

    location = factory.make_location()
    stock.receive_print_run(edition, location, quantity)
    return location
