"""Page 500 of a long placement list costs what page 1 costs: keyset, not OFFSET.

The test builds 10,000 placements (set PLAKATS_DEEP_PAGE_PLACEMENTS=100000 to
build the issue's 100,000; it takes longer) and asks for 20 per page. It prints
both pages' times; docs/ or the report records a measured run.
"""

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plakats.api.pagination import _encode
from plakats.core.tests import factory
from plakats.distribution.models import Placement

PLACEMENTS = int(os.environ.get("PLAKATS_DEEP_PAGE_PLACEMENTS", "10000"))
PAGE_SIZE = 20


def _timed(api, params):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = api.get("/api/v1/placements", params)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.content
    return response.json(), len(queries), elapsed


@pytest.mark.django_db
def test_it_serves_page_500_with_the_queries_of_page_1(api_for):
    template = factory.make_placement()
    Placement.objects.bulk_create(
        [
            Placement(
                campaign=template.campaign,
                venue=template.venue,
                edition=template.edition,
                quantity=1 + i % 7,
                # Explicit codes: 100,000 random 6-character codes would likely collide.
                code=f"T{i:06d}",
            )
            for i in range(PLACEMENTS - 1)
        ],
        batch_size=2000,
    )
    api = api_for("viewer")
    ids = list(Placement.objects.order_by("-id").values_list("pk", flat=True))
    assert len(ids) == PLACEMENTS

    # The token's first use of the minute also writes last_used_at; warm that up first.
    api.get("/api/v1/regions")
    first, first_queries, first_time = _timed(api, {"limit": PAGE_SIZE})
    # Page 500 starts after the 499 * 20 = 9,980th newest placement; its cursor is
    # what page 499's "next" would be.
    last_before = ids[499 * PAGE_SIZE - 1]
    cursor = _encode("-id", last_before, last_before)
    deep, deep_queries, deep_time = _timed(api, {"limit": PAGE_SIZE, "cursor": cursor})

    assert [row["id"] for row in first["results"]] == ids[:PAGE_SIZE]
    assert [row["id"] for row in deep["results"]] == ids[499 * PAGE_SIZE : 500 * PAGE_SIZE]
    assert deep_queries == first_queries
    print(
        f"\n{PLACEMENTS} placements: page 1 {first_time * 1000:.1f} ms, "
        f"page 500 {deep_time * 1000:.1f} ms, {first_queries} queries each"
    )


@pytest.mark.django_db
def test_it_follows_next_to_the_end_without_repeats(api_for):
    """Walking ``next`` by code (a non-unique-looking key plus id) visits every row once."""
    template = factory.make_placement()
    for _ in range(24):
        factory.make_placement(
            campaign=template.campaign, venue=template.venue, edition=template.edition
        )
    api = api_for("viewer")
    seen, params = [], {"limit": 7, "ordering": "quantity"}
    while True:
        page = api.get("/api/v1/placements", params).json()
        seen += [row["id"] for row in page["results"]]
        if page["next"] is None:
            break
        params["cursor"] = page["next"]
    assert sorted(seen) == sorted(Placement.objects.values_list("pk", flat=True))
    assert len(seen) == 25
