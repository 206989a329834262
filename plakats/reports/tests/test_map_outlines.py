"""The municipality outlines the map draws come from the app itself, cached by the browser."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_serves_the_42_municipalities_as_geojson(client_for):
    response = client_for("viewer").get(reverse("reports:map_outlines"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 42
    assert {f["properties"]["name"] for f in data["features"]} >= {"Rīga", "Rēzekne"}


def test_it_serves_the_five_planning_regions_when_asked(client_for):
    response = client_for("viewer").get(reverse("reports:map_outlines"), {"level": "region"})

    assert len(response.json()["features"]) == 5


def test_it_lets_the_browser_cache_the_outlines(client_for):
    client = client_for("regional")
    response = client.get(reverse("reports:map_outlines"))

    assert "max-age=86400" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    again = client.get(reverse("reports:map_outlines"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_it_asks_for_a_login(client):
    response = client.get(reverse("reports:map_outlines"))

    assert response.status_code == 302
