"""Coverage per municipality and its drill-down links, on the hand-made campaign of ``dataset``."""

import pytest
from django.urls import reverse

from plakats.reports import queries
from plakats.reports.queries import Scope

from . import dataset


@pytest.fixture
def data(db):
    return dataset.build()


def _figures(rows):
    return [(r.name, r.reached, r.total, r.percent, r.gap) for r in rows if r.total]


def test_it_lists_never_reached_municipalities_first(data):
    rows = queries.coverage(Scope(data["campaign"]), "school")
    assert _figures(rows) == [
        ("Liepāja", 0, 2, 0, 2),
        ("Daugavpils", 0, 1, 0, 1),
        ("Rēzekne", 2, 3, 67, 1),  # S1, S3 of S1–S3
        ("Rīga", 1, 1, 100, 0),  # S8; the inactive S7 is not in the register
    ]
    # Municipalities without a school come after every one with schools.
    assert all(r.total == 0 for r in rows[4:])


def test_it_narrows_coverage_to_a_region(data):
    rows = queries.coverage(Scope(data["campaign"], region=data["latgale"]), "school")
    assert _figures(rows) == [("Daugavpils", 0, 1, 0, 1), ("Rēzekne", 2, 3, 67, 1)]
    assert {r.region for r in rows} == {data["latgale"].name}


def test_it_sorts_by_name_percent_and_gap(data):
    scope = Scope(data["campaign"])
    # Every kind: Liepāja misses 2 (S5, S6), Daugavpils 1 (S4), Rēzekne 1 (S2); ties by name.
    by_gap = [r.name for r in queries.coverage(scope, None, sort="gap")][:3]
    assert by_gap == ["Liepāja", "Daugavpils", "Rēzekne"]
    by_percent = [r.name for r in queries.coverage(scope, "school", sort="-percent") if r.total]
    assert by_percent == ["Rīga", "Rēzekne", "Daugavpils", "Liepāja"]
    names = [r.name for r in queries.coverage(scope, sort="name")]
    assert names == sorted(names)


def _venue_names(client, link):
    response = client.get(link)
    assert response.status_code == 200
    return sorted(v.name for v in response.context["page_obj"].paginator.object_list)


def test_its_numbers_link_to_exactly_the_counted_venues(client_for, data):
    client = client_for("viewer")
    response = client.get(reverse("reports:coverage"), {"kind": "school"})
    links = {
        row.name: (total, reached, gap) for row, total, reached, gap in response.context["table"]
    }
    total, reached, gap = links["Rēzekne"]
    assert _venue_names(client, total) == ["S1", "S2", "S3"]
    assert _venue_names(client, reached) == ["S1", "S3"]
    assert _venue_names(client, gap) == ["S2"]
    total, reached, gap = links["Rīga"]
    assert _venue_names(client, total) == ["S8"]
    assert _venue_names(client, reached) == ["S8"]
    assert reached in response.content.decode().replace("&amp;", "&")


def test_its_page_shows_the_never_reached_first_and_the_definition(client_for, data):
    response = client_for("regional").get(
        reverse("reports:coverage"), {"kind": "school", "region": data["latgale"].pk}
    )
    html = response.content.decode()
    assert html.index('data-code="' + _code("Daugavpils")) < html.index(
        'data-code="' + _code("Rēzekne")
    )
    assert "365 days" in html
    assert "3 of 4 venues" not in html
    assert "2 of 4 venues in the register reached; 1 municipality never reached." in html


def _code(name):
    return dataset.factory.municipality(name).code
