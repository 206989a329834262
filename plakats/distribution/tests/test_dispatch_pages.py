"""Dispatch pages: the list with its filters and sorting, the detail with its placements."""

from datetime import date

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery

pytestmark = pytest.mark.django_db

URL = "/distribution/dispatches/"


@pytest.fixture
def dispatches():
    safe, sham = factory.make_campaign(name="Safe work"), factory.make_campaign(name="Sham")
    return {
        "post_sept": factory.make_dispatch(
            campaign=safe, name="Schools by post", channel="post", planned_on=date(2014, 9, 1)
        ),
        "courier_oct": factory.make_dispatch(
            campaign=safe, name="NVA by courier", channel="courier", planned_on=date(2014, 10, 6)
        ),
        "post_2015": factory.make_dispatch(
            campaign=sham, name="Hostels", channel="post", planned_on=date(2015, 3, 2)
        ),
    }


def _names(response) -> list[str]:
    return [d.name for d in response.context["object_list"]]


def test_it_filters_by_campaign_channel_and_dates(dispatches, client_for):
    client = client_for("viewer")
    safe = dispatches["post_sept"].campaign

    assert set(_names(client.get(f"{URL}?campaign={safe.pk}"))) == {
        "Schools by post",
        "NVA by courier",
    }
    assert set(_names(client.get(f"{URL}?channel=post"))) == {"Schools by post", "Hostels"}
    assert _names(client.get(f"{URL}?date_from=2014-09-15&date_to=2014-12-31")) == [
        "NVA by courier"
    ]


def test_it_sorts_by_date_both_ways_and_by_placements(dispatches, client_for):
    client = client_for("viewer")
    for _ in range(2):
        factory.make_placement(dispatch=dispatches["post_2015"])
    factory.make_placement(dispatch=dispatches["courier_oct"])

    assert _names(client.get(f"{URL}?sort=date")) == [
        "Schools by post",
        "NVA by courier",
        "Hostels",
    ]
    assert _names(client.get(URL)) == ["Hostels", "NVA by courier", "Schools by post"]
    assert _names(client.get(f"{URL}?sort=-placements")) == [
        "Hostels",
        "NVA by courier",
        "Schools by post",
    ]


def test_it_shows_a_dispatchs_placements_and_counts(dispatches, client_for, settings):
    dispatch = dispatches["post_sept"]
    for _ in range(3):
        factory.make_placement(dispatch=dispatch, delivery=Delivery.SENT)
    factory.make_placement(dispatch=dispatch, delivery=Delivery.DELIVERED)

    response = client_for("viewer").get(dispatch.get_absolute_url())

    assert response.context["counts"]["delivery"]["sent"] == 3
    assert response.context["counts"]["delivery"]["delivered"] == 1
    assert response.context["page_obj"].paginator.count == 4
    text = response.content.decode()
    assert text.count('class="badge badge-sent"') >= 3
    assert "Mark sent" not in text


def test_it_pages_a_big_dispatch(dispatches, client_for):
    dispatch = dispatches["post_sept"]
    for _ in range(51):
        factory.make_placement(dispatch=dispatch)

    response = client_for("viewer").get(dispatch.get_absolute_url() + "?page=2")

    assert len(response.context["object_list"]) == 1


def test_it_offers_the_bulk_buttons_to_writers(dispatches, client_for):
    dispatch = dispatches["post_sept"]

    text = client_for("regional").get(dispatch.get_absolute_url()).content.decode()

    assert "Mark sent" in text
    assert "Mark delivered" in text


def test_it_ignores_an_unknown_dispatch_step(dispatches, client_for):
    dispatch = dispatches["post_sept"]
    placement = factory.make_placement(dispatch=dispatch)

    response = client_for("coordinator").post(
        reverse("distribution:dispatch_status", args=[dispatch.pk]),
        {"step": "display:displayed"},
        follow=True,
    )

    assert "Choose a step" in response.content.decode()
    placement.refresh_from_db()
    assert placement.delivery == "planned"
