"""A dispatch made from a selection: "all schools in Latgale without a current poster".

The data set, worked out by hand:

- Latgale schools: Aglona (edition X planned, current), Balvi (X delivered and
  displayed, current), Dagda (X returned: not current), Krāslava (X delivered
  then removed: not current; edition Y current in another campaign), Ludza (nothing).
- Latgale youth centres: Daugavpils youth centre, Rēzekne youth centre (nothing).
- Kurzeme schools: Liepāja, Talsi, Ventspils (nothing).

Target T (campaign C, schools in Latgale, counts from "delivered") has reached
Balvi and Krāslava.
"""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display, Reach
from plakats.distribution.models import Dispatch, Placement
from plakats.materials import services as stock
from plakats.materials.models import StockMovement

pytestmark = pytest.mark.django_db

URL = reverse("distribution:dispatch_create")


@pytest.fixture
def world():
    latgale, kurzeme = factory.region("Latgales"), factory.region("Kurzemes")
    daugavpils, rezekne = factory.municipality("Daugavpils"), factory.municipality("Rēzekne")
    schools = {
        name: factory.make_venue(name=f"{name} school", municipality=municipality)
        for name, municipality in [
            ("Aglona", rezekne),
            ("Balvi", rezekne),
            ("Dagda", daugavpils),
            ("Krāslava", daugavpils),
            ("Ludza", rezekne),
        ]
    }
    youth = [
        factory.make_venue(
            name="Daugavpils youth centre", kind="youth_centre", municipality=daugavpils
        ),
        factory.make_venue(name="Rēzekne youth centre", kind="youth_centre", municipality=rezekne),
    ]
    for name, municipality in [
        ("Liepāja", "Liepāja"),
        ("Talsi", "Talsu novads"),
        ("Ventspils", "Ventspils"),
    ]:
        factory.make_venue(name=f"{name} school", municipality=factory.municipality(municipality))
    campaign = factory.make_campaign(name="Safe work 2014")
    other = factory.make_campaign(name="Hostels 2015")
    x = factory.make_edition(version="X")
    y = factory.make_edition(version="Y")

    def place(venue, edition=x, in_campaign=campaign, **statuses):
        factory.make_placement(venue=venue, edition=edition, campaign=in_campaign, **statuses)

    place(schools["Aglona"])
    place(schools["Balvi"], delivery=Delivery.DELIVERED, display=Display.DISPLAYED)
    place(schools["Dagda"], delivery=Delivery.RETURNED)
    place(schools["Krāslava"], delivery=Delivery.DELIVERED, display=Display.REMOVED)
    place(schools["Krāslava"], edition=y, in_campaign=other, delivery=Delivery.SENT)
    target = factory.make_target(
        campaign=campaign,
        name="Latgale schools",
        venue_kinds=["school"],
        regions=[latgale],
        min_reach=Reach.DELIVERED,
    )
    location = factory.make_location(name="Riga office")
    return {
        "latgale": latgale,
        "kurzeme": kurzeme,
        "schools": schools,
        "youth": youth,
        "campaign": campaign,
        "other": other,
        "x": x,
        "y": y,
        "target": target,
        "location": location,
    }


def _url(**params) -> str:
    return f"{URL}?{urlencode(params)}"


def _names(response) -> list[str]:
    return [venue.name for venue, _field in response.context["lines"]]


def _dispatch_data(world, **extra) -> dict:
    return {
        "campaign": world["campaign"].pk,
        "name": "Latgale, September",
        "channel": "post",
        "planned_on": "2014-09-01",
        "stock_location": world["location"].pk,
        "edition": world["x"].pk,
        "note": "",
        **extra,
    }


def test_it_counts_only_placements_still_on_their_way_or_up_as_current(world):
    current = Placement.objects.current().filter(edition=world["x"])

    assert set(current.values_list("venue__name", flat=True)) == {
        "Aglona school",
        "Balvi school",
    }


def test_it_selects_latgale_schools_without_a_current_placement_of_an_edition(world, client_for):
    response = client_for("coordinator").get(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk)
    )

    assert response.status_code == 200
    assert response.context["preview"].count == 3
    assert _names(response) == ["Dagda school", "Krāslava school", "Ludza school"]


def test_it_selects_venues_without_a_current_placement_in_a_campaign(world, client_for):
    client = client_for("coordinator")

    in_campaign = client.get(
        _url(region=world["latgale"].pk, kind="school", without_campaign=world["campaign"].pk)
    )
    in_other = client.get(
        _url(region=world["latgale"].pk, kind="school", without_campaign=world["other"].pk)
    )

    assert _names(in_campaign) == ["Dagda school", "Krāslava school", "Ludza school"]
    assert _names(in_other) == ["Aglona school", "Balvi school", "Dagda school", "Ludza school"]


def test_it_selects_the_venues_a_target_has_not_reached_within_its_scope(world, client_for):
    response = client_for("coordinator").get(_url(not_reached_by=world["target"].pk))

    # Kurzeme schools and Latgale youth centres are outside the target, so not listed.
    assert _names(response) == ["Aglona school", "Dagda school", "Ludza school"]
    assert response.context["form"]["campaign"].value() == world["campaign"].pk


def test_it_previews_the_selection_per_kind_and_region(world, client_for):
    response = client_for("coordinator").get(
        _url(region=world["latgale"].pk, without_edition=world["x"].pk)
    )

    preview = response.context["preview"]
    assert preview.count == 5
    assert preview.by_kind == [("school", 3), ("youth or children's centre", 2)]
    assert preview.by_region == [("Latgales plānošanas reģions", 5)]
    text = response.content.decode()
    assert "5 venues" in text
    assert "school 3, youth or children&#x27;s centre 2" in text


def test_it_proposes_a_quantity_per_kind_and_checks_the_stock_before_submit(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 9)

    response = client_for("coordinator").get(
        _url(
            region=world["latgale"].pk,
            without_edition=world["x"].pk,
            stock_location=world["location"].pk,
        )
    )

    # Defaults: 2 per school, 2 per youth centre: 3 × 2 + 2 × 2 = 10 needed, 9 on hand.
    kinds = response.context["kind_form"]
    assert kinds["school"].value() == 2
    assert kinds["youth_centre"].value() == 2
    assert response.context["form"]["edition"].value() == world["x"].pk
    need = response.context["need"]
    assert (need.needed, need.on_hand, need.short) == (10, 9, 1)
    assert "Only 9 of" in response.content.decode()
    assert "this dispatch needs 10 (1 short)" in response.content.decode()


def test_it_shows_the_totals_of_changed_quantities_without_creating_anything(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 20)
    ludza = world["schools"]["Ludza"]

    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, without_edition=world["x"].pk),
        _dispatch_data(
            world,
            expected_count=5,
            action="check",
            **{"kind-school": 4, "kind-youth_centre": 1, f"line-{ludza.pk}": 0},
        ),
    )

    # Dagda 4 + Krāslava 4 + two youth centres 1 each; Ludza left out.
    assert response.status_code == 200
    assert response.context["plan"].placements == 4
    assert response.context["plan"].items == 10
    assert response.context["need"].short == 0
    assert not Dispatch.objects.exists()


def test_it_creates_a_placement_per_venue_with_kind_and_line_quantities(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 20)
    ludza = world["schools"]["Ludza"]
    daugavpils_centre, rezekne_centre = world["youth"]

    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, without_edition=world["x"].pk),
        _dispatch_data(
            world,
            expected_count=5,
            action="create",
            **{
                "kind-school": 2,
                "kind-youth_centre": 3,
                f"line-{ludza.pk}": 5,
                f"line-{rezekne_centre.pk}": 0,
                f"line-{daugavpils_centre.pk}": "",
            },
        ),
        follow=True,
    )

    dispatch = Dispatch.objects.get()
    assert response.redirect_chain[-1][0] == dispatch.get_absolute_url()
    placed = set(dispatch.placements.values_list("venue__name", "quantity", "delivery"))
    assert placed == {
        ("Dagda school", 2, "planned"),
        ("Krāslava school", 2, "planned"),
        ("Ludza school", 5, "planned"),
        ("Daugavpils youth centre", 3, "planned"),
    }
    movement = StockMovement.objects.get(dispatch=dispatch)
    assert movement.delta == -(2 + 2 + 5 + 3)
    assert stock.on_hand(world["x"], world["location"]) == 20 - 12
    assert "4 placements created, 12 items taken from Riga office." in response.content.decode()


def test_it_refuses_short_stock_on_submit_and_creates_nothing(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 9)
    placements_before = Placement.objects.count()

    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, without_edition=world["x"].pk),
        _dispatch_data(world, expected_count=5, **{"kind-school": 2, "kind-youth_centre": 2}),
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Only 9 of" in text
    assert "10 were asked for" in text
    assert not Dispatch.objects.exists()
    assert Placement.objects.count() == placements_before
    assert stock.on_hand(world["x"], world["location"]) == 9


@pytest.mark.parametrize(
    ("line", "value", "error"),
    [
        ("aglona", "1", "no longer match the selection"),
        ("12345678", "1", "no longer match the selection"),
        ("ludza", "-1", "greater than or equal to 0"),
        ("ludza", "two", "Enter a whole number"),
        ("ludza", "1000000", "less than or equal to 10000"),
    ],
)
def test_it_rejects_bad_lines_and_creates_nothing(world, client_for, line, value, error):
    stock.receive_print_run(world["x"], world["location"], 100)
    key = {"aglona": world["schools"]["Aglona"].pk, "ludza": world["schools"]["Ludza"].pk}.get(
        line, line
    )

    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, expected_count=3, **{"kind-school": 2, f"line-{key}": value}),
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Dispatch.objects.exists()
    assert stock.on_hand(world["x"], world["location"]) == 100


@pytest.mark.parametrize("value", ["", "-2", "x"])
def test_it_rejects_a_bad_quantity_per_kind(world, client_for, value):
    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, stock_location="", expected_count=3, **{"kind-school": value}),
    )

    assert response.status_code == 200
    assert "school" in response.context["kind_form"].errors
    assert not Dispatch.objects.exists()


def test_it_refuses_a_dispatch_where_every_quantity_is_zero(world, client_for):
    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, expected_count=3, **{"kind-school": 0}),
    )

    assert "Choose at least one venue." in response.content.decode()
    assert not Dispatch.objects.exists()


def test_it_refuses_to_create_from_a_filter_value_that_does_not_validate(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 100)

    response = client_for("coordinator").post(
        _url(region=999999, kind="school"),
        _dispatch_data(world, expected_count=0, **{"kind-school": 1}),
    )

    # Ignoring the bad region would have picked every active school in the country.
    assert response.context["preview"].count == 0
    assert "Correct the venue filter first." in response.content.decode()
    assert not Dispatch.objects.exists()


@pytest.mark.parametrize("role", ["regional", "viewer"])
def test_it_lets_only_coordinators_create_dispatches(world, client_for, role):
    stock.receive_print_run(world["x"], world["location"], 100)
    url = _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk)
    client = client_for(role)

    shown = client.get(url)
    posted = client.post(url, _dispatch_data(world, expected_count=3, **{"kind-school": 1}))

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert not Dispatch.objects.exists()
    assert stock.on_hand(world["x"], world["location"]) == 100


def test_it_keeps_the_preview_page_at_a_fixed_query_count(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 100)
    client = client_for("coordinator")
    url = _url(
        region=world["latgale"].pk,
        without_edition=world["x"].pk,
        not_reached_by=world["target"].pk,
        stock_location=world["location"].pk,
    )
    municipalities = [factory.municipality("Daugavpils"), factory.municipality("Ludzas novads")]

    def grow(count):
        for i in range(count):
            factory.make_venue(municipality=municipalities[i % 2])

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.context["preview"].count

    grow(10 - 2)  # Dagda and Ludza already match (Krāslava is reached): 10 venues
    small, small_count = queries()
    grow(30)
    large, large_count = queries()

    assert (small_count, large_count) == (10, 40)
    assert small == large


def test_it_dates_the_stock_movement_on_the_dispatch_date(world, client_for):
    stock.receive_print_run(world["x"], world["location"], 10)

    client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, expected_count=3, **{"kind-school": 1}),
    )

    movement = StockMovement.objects.get(dispatch__isnull=False)
    assert (movement.delta, movement.occurred_on) == (-3, date(2014, 9, 1))


def test_it_takes_a_target_without_kinds_or_regions_as_the_whole_country(world, client_for):
    everywhere = factory.make_target(campaign=world["campaign"], min_reach=Reach.SENT)

    response = client_for("coordinator").get(
        _url(not_reached_by=everywhere.pk, region=world["latgale"].pk)
    )

    # Balvi (displayed) and Krāslava (delivered) count as sent; every kind is in scope.
    assert _names(response) == [
        "Aglona school",
        "Dagda school",
        "Daugavpils youth centre",
        "Ludza school",
        "Rēzekne youth centre",
    ]


def test_it_refuses_a_selection_over_the_limit(world, client_for, monkeypatch):
    monkeypatch.setattr("plakats.distribution.views.dispatches.BULK_LIMIT", 2)

    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, stock_location="", expected_count=3, **{"kind-school": 1}),
    )

    assert "at most 2 venues" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_it_says_nothing_was_taken_from_stock_without_a_stock_location(world, client_for):
    response = client_for("coordinator").post(
        _url(region=world["latgale"].pk, kind="school", without_edition=world["x"].pk),
        _dispatch_data(world, stock_location="", expected_count=3, **{"kind-school": 1}),
        follow=True,
    )

    assert "3 placements created; nothing taken from stock." in response.content.decode()
    assert not StockMovement.objects.exists()
