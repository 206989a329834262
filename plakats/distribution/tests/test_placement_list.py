"""The placement list: filters from the dashboard's links, search, sorting, bulk steps."""

import pytest
from django.urls import reverse

from plakats.core.collation import latvian_key
from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display
from plakats.distribution.forms import BULK_LIMIT
from plakats.distribution.models import Placement, PlacementEvent

pytestmark = pytest.mark.django_db

URL = "/distribution/placements/"


@pytest.fixture
def placements():
    campaign = factory.make_campaign()
    rezekne, liepaja = factory.municipality("Rēzekne"), factory.municipality("Liepāja")
    return {
        "campaign": campaign,
        "displayed": factory.make_placement(
            campaign=campaign,
            delivery=Delivery.DELIVERED,
            display=Display.DISPLAYED,
            venue=factory.make_venue(name="Rēzeknes 1. vidusskola", municipality=rezekne),
        ),
        "delivered": factory.make_placement(
            campaign=campaign,
            delivery=Delivery.DELIVERED,
            venue=factory.make_venue(name="Liepājas Valsts ģimnāzija", municipality=liepaja),
        ),
        "planned": factory.make_placement(
            campaign=campaign,
            venue=factory.make_venue(
                name="Rēzeknes jauniešu centrs", kind="youth_centre", municipality=rezekne
            ),
        ),
        "other": factory.make_placement(
            delivery=Delivery.DELIVERED,
            venue=factory.make_venue(name="Liepājas hostelis", kind="hostel", municipality=liepaja),
        ),
    }


def _codes(response) -> set[str]:
    return {p.code for p in response.context["object_list"]}


def test_it_follows_the_dashboards_links(placements, client_for):
    client = client_for("viewer")
    campaign = placements["campaign"].pk

    delivered = client.get(f"{URL}?campaign={campaign}&delivery=delivered")
    displayed = client.get(f"{URL}?campaign={campaign}&display=displayed")

    assert _codes(delivered) == {placements["displayed"].code, placements["delivered"].code}
    assert _codes(displayed) == {placements["displayed"].code}


def test_it_filters_by_region_kind_and_municipality(placements, client_for):
    client = client_for("viewer")
    latgale = factory.region("Latgales")

    in_latgale = client.get(f"{URL}?region={latgale.pk}")
    youth = client.get(f"{URL}?kind=youth_centre")
    liepaja = client.get(f"{URL}?municipality={factory.municipality('Liepāja').pk}")

    assert _codes(in_latgale) == {placements["displayed"].code, placements["planned"].code}
    assert _codes(youth) == {placements["planned"].code}
    assert _codes(liepaja) == {placements["delivered"].code, placements["other"].code}


def test_it_searches_by_venue_name_or_code_as_typed(placements, client_for):
    client = client_for("viewer")
    code = placements["other"].code

    by_name = client.get(f"{URL}?q=rēzeknes")
    by_code = client.get(f"{URL}?q={code.replace('-', '').lower()}")

    assert _codes(by_name) == {placements["displayed"].code, placements["planned"].code}
    assert _codes(by_code) == {code}


def test_it_sorts_by_a_whitelisted_column_only(placements, client_for):
    client = client_for("viewer")

    by_venue = client.get(f"{URL}?sort=venue")
    bogus = client.get(f"{URL}?sort=token")

    names = [p.venue.name for p in by_venue.context["object_list"]]
    assert names == sorted(names, key=latvian_key)  # Latvian order: "hostelis" before "Valsts"
    assert bogus.status_code == 200
    assert bogus.context["sort"] == "-created"


def test_it_answers_htmx_filtering_with_the_table_only(placements, client_for):
    response = client_for("viewer").get(f"{URL}?delivery=planned", HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="list-results">')
    assert placements["planned"].code in text


def test_it_ignores_a_filter_value_that_does_not_exist(placements, client_for):
    response = client_for("viewer").get(f"{URL}?campaign=999999&delivery=teleported")

    assert response.status_code == 200


def test_it_marks_the_ticked_placements_sent(placements, client_for):
    planned = placements["planned"]

    response = client_for("coordinator").post(
        reverse("distribution:placement_bulk_status"),
        {
            "step": "delivery:sent",
            "source": "staff",
            "scope": "selected",
            "selected": [planned.pk, placements["delivered"].pk],
        },
        follow=True,
    )

    assert Placement.objects.get(pk=planned.pk).delivery == "sent"
    assert Placement.objects.get(pk=placements["delivered"].pk).delivery == "delivered"
    text = response.content.decode()
    assert "1 placement moved, 1 refused" in text
    assert "Your last step marked 1 placement sent." in text


def test_it_changes_all_matching_the_filter_and_can_undo_it(placements, client_for):
    client = client_for("coordinator")
    campaign = placements["campaign"].pk
    query = f"?campaign={campaign}&delivery=delivered&display=unknown"

    client.post(
        reverse("distribution:placement_bulk_status") + query,
        {"step": "display:displayed", "source": "visit", "scope": "all"},
    )

    assert Placement.objects.get(pk=placements["delivered"].pk).display == "displayed"
    assert Placement.objects.get(pk=placements["other"].pk).display == "unknown"
    batch = PlacementEvent.objects.get(axis="display").batch

    response = client.post(
        reverse("distribution:step_undo"),
        {"batch": str(batch), "next": URL + query},
        follow=True,
    )

    assert Placement.objects.get(pk=placements["delivered"].pk).display == "unknown"
    assert response.redirect_chain[-1][0] == URL + query
    assert "Undo this step" not in response.content.decode()
    assert PlacementEvent.objects.filter(undoes__isnull=False).count() == 1


def test_it_changes_only_a_regional_consultants_own_placements(placements, client_for):
    response = client_for("regional").post(
        reverse("distribution:placement_bulk_status") + "?delivery=delivered",
        {"step": "delivery:returned", "source": "phone", "scope": "all"},
        follow=True,
    )

    deliveries = dict(Placement.objects.values_list("pk", "delivery"))
    assert deliveries[placements["displayed"].pk] == "returned"
    assert deliveries[placements["delivered"].pk] == "delivered"
    assert deliveries[placements["other"].pk] == "delivered"
    assert "2 placements are outside your regions" in response.content.decode()


def test_it_offers_checkboxes_only_for_placements_a_user_may_edit(placements, client_for):
    response = client_for("regional").get(URL)

    assert response.context["editable_ids"] == {
        placements["displayed"].pk,
        placements["planned"].pk,
    }
    assert response.content.decode().count('name="selected"') == 2


def test_it_refuses_a_step_bigger_than_the_limit(placements, client_for, monkeypatch):
    monkeypatch.setattr("plakats.distribution.views.dispatches.BULK_LIMIT", 2)

    response = client_for("coordinator").post(
        reverse("distribution:placement_bulk_status"),
        {"step": "delivery:returned", "source": "staff", "scope": "all"},
        follow=True,
    )

    assert "at most 2 placements" in response.content.decode()
    assert not PlacementEvent.objects.exists()
    assert BULK_LIMIT == 5000
