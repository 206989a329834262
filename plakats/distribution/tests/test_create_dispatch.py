"""A dispatch is created whole or not at all, and takes its stock."""

from datetime import date

import pytest

from plakats.core.errors import DomainError
from plakats.core.tests import factory
from plakats.distribution import services
from plakats.distribution.models import Dispatch, Placement
from plakats.materials import services as stock
from plakats.materials.models import StockMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    edition = factory.make_edition()
    location = factory.make_location(name="Riga office")
    stock.receive_print_run(edition, location, 10)
    venues = [factory.make_venue(municipality=factory.municipality("Daugavpils")) for _ in range(4)]
    return {
        "campaign": factory.make_campaign(),
        "edition": edition,
        "location": location,
        "venues": venues,
    }


def _lines(setup, quantity):
    return [services.Line(v.pk, setup["edition"].pk, quantity) for v in setup["venues"]]


def test_it_creates_one_planned_placement_per_line_and_takes_the_stock(setup, users):
    dispatch = services.create_dispatch(
        campaign=setup["campaign"],
        name="Schools, September",
        channel="post",
        planned_on=date(2014, 9, 1),
        lines=_lines(setup, 2),
        stock_location=setup["location"],
        user=users["coordinator"],
    )

    placements = Placement.objects.filter(dispatch=dispatch)
    assert placements.count() == 4
    assert set(placements.values_list("delivery", "quantity")) == {("planned", 2)}
    assert stock.on_hand(setup["edition"], setup["location"]) == 10 - 4 * 2
    assert StockMovement.objects.get(dispatch=dispatch).delta == -8


def test_it_creates_nothing_when_the_stock_is_short(setup):
    with pytest.raises(stock.InsufficientStock) as short:
        services.create_dispatch(
            campaign=setup["campaign"],
            name="Too many",
            channel="post",
            planned_on=date(2014, 9, 1),
            lines=_lines(setup, 3),
            stock_location=setup["location"],
        )

    assert short.value.available == 10
    assert short.value.wanted == 12
    assert not Dispatch.objects.exists()
    assert not Placement.objects.exists()
    assert StockMovement.objects.count() == 1
    assert stock.on_hand(setup["edition"], setup["location"]) == 10


def test_it_refuses_a_dispatch_without_venues(setup):
    with pytest.raises(DomainError):
        services.create_dispatch(
            campaign=setup["campaign"],
            name="Empty",
            channel="post",
            planned_on=date(2014, 9, 1),
            lines=[],
        )

    assert not Dispatch.objects.exists()


def _form_data(setup, **overrides):
    data = {
        "campaign": setup["campaign"].pk,
        "name": "Latgale schools",
        "channel": "post",
        "planned_on": "2014-09-01",
        "stock_location": setup["location"].pk,
        "edition": setup["edition"].pk,
        "kind-school": 2,
        "note": "",
        "expected_count": 4,
    }
    return {**data, **overrides}


URL = "/distribution/dispatches/new/?region={region}&kind=school"


def test_it_previews_the_chosen_venues_per_kind_and_region(setup, client_for):
    factory.make_venue(municipality=factory.municipality("Liepāja"))
    latgale = factory.region("Latgales")

    response = client_for("coordinator").get(URL.format(region=latgale.pk))

    text = response.content.decode()
    assert "4 venues" in text
    assert "school 4" in text
    assert "Latgales plānošanas reģions 4" in text


def test_it_creates_the_dispatch_for_the_filtered_venues(setup, client_for):
    riga_school = factory.make_venue()
    latgale = factory.region("Latgales")

    response = client_for("coordinator").post(URL.format(region=latgale.pk), _form_data(setup))

    dispatch = Dispatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dispatch.get_absolute_url()
    venues = set(dispatch.placements.values_list("venue_id", flat=True))
    assert venues == {v.pk for v in setup["venues"]}
    assert riga_school.pk not in venues
    assert stock.on_hand(setup["edition"], setup["location"]) == 2


def test_it_shows_over_issue_on_the_form_and_creates_nothing(setup, client_for):
    latgale = factory.region("Latgales")

    response = client_for("coordinator").post(
        URL.format(region=latgale.pk), _form_data(setup, **{"kind-school": 3})
    )

    assert response.status_code == 200
    assert "Only 10 of" in response.content.decode()
    assert "12 were asked for" in response.content.decode()
    assert not Dispatch.objects.exists()
    assert not Placement.objects.exists()
    assert stock.on_hand(setup["edition"], setup["location"]) == 10


def test_it_refuses_when_the_selection_changed_since_the_preview(setup, client_for):
    latgale = factory.region("Latgales")

    response = client_for("coordinator").post(
        URL.format(region=latgale.pk), _form_data(setup, expected_count=3)
    )

    assert response.status_code == 200
    assert "changed (now 4)" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_it_leaves_merged_and_inactive_venues_out(setup, client_for):
    latgale = factory.region("Latgales")
    daugavpils = factory.municipality("Daugavpils")
    factory.make_venue(municipality=daugavpils, is_active=False)
    factory.make_venue(municipality=daugavpils, merged_into=setup["venues"][0])

    client_for("coordinator").post(URL.format(region=latgale.pk), _form_data(setup))

    assert Placement.objects.count() == 4
