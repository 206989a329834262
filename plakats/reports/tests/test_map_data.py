"""The map's data: each venue with the furthest status its placements got in one campaign."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db

RIGA = {"latitude": Decimal("56.951234"), "longitude": Decimal("24.112346")}


@pytest.fixture
def world():
    """A hand-made campaign; the comment after each venue is its expected map status."""
    now = timezone.now()
    campaign, other = factory.make_campaign(), factory.make_campaign()
    edition = factory.make_edition()
    riga, liepaja = factory.municipality("Rīga"), factory.municipality("Liepāja")

    def venue(name, municipality=riga, **kwargs):
        if "latitude" not in kwargs:
            kwargs |= RIGA
        return factory.make_venue(name=name, municipality=municipality, **kwargs)

    def place(v, campaign=campaign, **kwargs):
        return factory.make_placement(campaign=campaign, venue=v, edition=edition, **kwargs)

    v = {
        "none": venue("No placement"),  # not reached
        "planned": venue("Only planned"),  # not reached
        "lost": venue("Lost in the post"),  # not reached
        "sent": venue("Sent"),  # sent
        "partner": venue("Via partner"),  # sent
        "delivered": venue("Delivered"),  # delivered
        "stale": venue("Displayed, old evidence"),  # delivered
        "displayed": venue("Displayed, fresh evidence"),  # displayed
        "removed": venue("Removed"),  # not displayed / removed
        "mixed": venue("Removed, and a new one sent"),  # sent (the furthest)
        "other": venue("Displayed in another campaign"),  # not reached
        "kurzeme": venue(
            "Library in Liepāja",
            municipality=liepaja,
            kind="library",
            latitude=Decimal("56.5"),
            longitude=Decimal("21.0"),
        ),  # sent
        "nocoords": venue("No coordinates", latitude=None, longitude=None),  # unlocated
        "inactive": venue("Closed", is_active=False),  # not listed at all
    }
    place(v["planned"])
    place(v["lost"], delivery="lost")
    place(v["sent"], delivery="sent")
    place(v["partner"], delivery="via_partner")
    place(v["delivered"], delivery="delivered")
    place(
        v["stale"],
        delivery="delivered",
        display="displayed",
        evidence="photo",
        evidence_at=now - timedelta(days=400),
    )
    place(
        v["displayed"],
        delivery="delivered",
        display="displayed",
        evidence="venue",
        evidence_at=now - timedelta(days=10),
    )
    place(v["removed"], delivery="delivered", display="removed")
    place(v["mixed"], delivery="delivered", display="removed")
    place(v["mixed"], delivery="sent")
    place(
        v["other"],
        campaign=other,
        delivery="delivered",
        display="displayed",
        evidence_at=now,
    )
    place(v["kurzeme"], delivery="sent")
    place(v["nocoords"], delivery="delivered")
    place(v["inactive"], delivery="delivered")
    return {"campaign": campaign, "venues": v}


def _get(client, **params):
    response = client.get(reverse("reports:map_data"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def _statuses(data) -> dict[str, str]:
    """venue name → status code, read back through the compact arrays."""
    fields = data["fields"]
    name, status = fields.index("name"), fields.index("status")
    return {row[name]: data["statuses"][row[status]][0] for row in data["venues"]}


def test_it_gives_each_venue_the_furthest_status_of_its_placements(client_for, world):
    data = _get(client_for("viewer"), campaign=world["campaign"].pk)

    assert _statuses(data) == {
        "No placement": "not_reached",
        "Only planned": "not_reached",
        "Lost in the post": "not_reached",
        "Sent": "sent",
        "Via partner": "sent",
        "Delivered": "delivered",
        "Displayed, old evidence": "delivered",
        "Displayed, fresh evidence": "displayed",
        "Removed": "not_displayed",
        "Removed, and a new one sent": "sent",
        "Displayed in another campaign": "not_reached",
        "Library in Liepāja": "sent",
    }
    assert data["unlocated"] == 1
    assert data["counts"] == {
        "not_reached": 4,
        "not_displayed": 1,
        "sent": 4,
        "delivered": 2,
        "displayed": 1,
    }


def test_it_sends_compact_rows_with_coordinates_kind_and_municipality(client_for, world):
    data = _get(client_for("viewer"), campaign=world["campaign"].pk)
    venue = world["venues"]["kurzeme"]

    assert data["fields"] == ["id", "lat", "lon", "status", "kind", "municipality", "name"]
    row = next(r for r in data["venues"] if r[0] == venue.pk)
    assert data["scale"] == 100_000
    assert row[1:3] == [5_650_000, 2_100_000]
    assert data["kinds"][row[4]] == ["library", "library"]
    assert data["municipalities"][row[5]] == "Liepāja"
    riga_row = next(r for r in data["venues"] if r[0] == world["venues"]["sent"].pk)
    assert riga_row[1:3] == [5_695_123, 2_411_235]  # 56.951234, 24.112346 to 5 decimals


def test_it_filters_by_region_kind_and_status(client_for, world):
    client = client_for("regional")
    campaign = world["campaign"].pk
    kurzeme = factory.region("Kurzem").pk

    assert set(_statuses(_get(client, campaign=campaign, region=kurzeme))) == {"Library in Liepāja"}
    assert set(_statuses(_get(client, campaign=campaign, kind="library"))) == {"Library in Liepāja"}
    assert set(_statuses(_get(client, campaign=campaign, status="sent"))) == {
        "Sent",
        "Via partner",
        "Removed, and a new one sent",
        "Library in Liepāja",
    }


def test_it_counts_the_other_campaign_when_chosen(client_for, world):
    other = world["venues"]["other"].placements.get().campaign
    statuses = _statuses(_get(client_for("viewer"), campaign=other.pk))

    assert statuses["Displayed in another campaign"] == "displayed"
    assert statuses["Sent"] == "not_reached"


def test_it_shows_the_map_page_with_legend_and_choropleths(client_for, world):
    response = client_for("hotline").get(reverse("reports:map"), {"campaign": world["campaign"].pk})

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("not reached", "sent", "delivered", "displayed (recent evidence)"):
        assert f"> {label}" in html
    assert "not displayed or removed" in html
    assert html.count('<svg class="choropleth"') == 2
    assert "geoBoundaries, State Land Service of Latvia" in html
    assert f"campaign={world['campaign'].pk}" in html
