"""The coverage page and the map page carry the choropleths, coloured from their own figures."""

import re

import pytest
from django.urls import reverse

from plakats.core.tests import factory

pytestmark = pytest.mark.django_db


def _fill(html: str, gid: str) -> str:
    group = re.search(rf'<g id="{gid}">(.*?)</g>', html, re.S).group(1)
    return re.search(r'<path [^>]*fill="([^"]+)"', group).group(1)


@pytest.fixture
def campaign():
    """Rīga: 1 of 1 school reached (100 %); Liepāja: 0 of 2 (never reached); Jelgava: 1 of 4."""
    campaign = factory.make_campaign()
    edition = factory.make_edition()
    counts = {"Rīga": (1, 1), "Liepāja": (0, 2), "Jelgava": (1, 4)}
    for name, (reached, total) in counts.items():
        for i in range(total):
            venue = factory.make_venue(municipality=factory.municipality(name))
            if i < reached:
                factory.make_placement(
                    campaign=campaign, venue=venue, edition=edition, delivery="delivered"
                )
    return campaign


@pytest.mark.parametrize("page", ["reports:coverage", "reports:map"])
def test_it_colours_the_municipalities_by_their_coverage(client_for, campaign, page):
    response = client_for("viewer").get(reverse(page), {"campaign": campaign.pk})

    html = response.content.decode()
    assert len(re.findall(r'<g id="municipality-\d{7}">', html)) == 42
    assert len(re.findall(r'<g id="region-\w+">', html)) == 5
    assert _fill(html, "municipality-0001000") == "#253494"  # Rīga 100 %: 80–100 band
    assert _fill(html, "municipality-0003000") == "#a1dab4"  # Jelgava 25 %: 20–40 band
    assert _fill(html, "municipality-0005000").startswith("url(#")  # Liepāja: never reached
    assert "<title>Liepāja: 0 %</title>" in html
    # Rīga region: Rīga only, 1 of 1; Kurzeme: Liepāja, 0 of 2; Zemgale: Jelgava, 1 of 4.
    assert _fill(html, "region-riga") == "#253494"
    assert _fill(html, "region-kurzeme").startswith("url(#")
    assert _fill(html, "region-zemgale") == "#a1dab4"
    assert "geoBoundaries, State Land Service of Latvia (CC BY 4.0)" in html
