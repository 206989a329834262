"""Bad input on the forms shows errors and writes nothing."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.models import Campaign, Placement, Target

pytestmark = pytest.mark.django_db


def _campaign_data(**overrides):
    return {
        "name": "Safe work 2015",
        "starts_on": "2015-01-01",
        "ends_on": "2015-12-31",
        "description": "",
        **overrides,
    }


def _target_data(**overrides):
    return {
        "name": "Schools in Latgale",
        "measure": "venues",
        "min_reach": "delivered",
        "goal": 600,
        **overrides,
    }


def test_it_refuses_a_campaign_that_ends_before_it_starts(client_for):
    response = client_for("coordinator").post(
        reverse("distribution:campaign_create"), _campaign_data(ends_on="2014-12-31")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["A campaign cannot end before it starts."]
    assert not Campaign.objects.exists()


def test_it_refuses_to_move_a_campaigns_end_before_its_start(client_for):
    campaign = factory.make_campaign(name="Old name")

    response = client_for("coordinator").post(
        reverse("distribution:campaign_edit", args=[campaign.pk]),
        _campaign_data(name="New name", ends_on="2013-01-01"),
    )

    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.name == "Old name"


def test_it_refuses_a_duplicate_campaign_name(client_for):
    factory.make_campaign(name="Safe work 2015")

    response = client_for("coordinator").post(
        reverse("distribution:campaign_create"), _campaign_data()
    )

    assert "name" in response.context["form"].errors
    assert Campaign.objects.count() == 1


def test_it_creates_a_campaign_with_good_input(client_for):
    response = client_for("coordinator").post(
        reverse("distribution:campaign_create"), _campaign_data()
    )

    campaign = Campaign.objects.get()
    assert response["Location"] == campaign.get_absolute_url()
    assert str(campaign.ends_on) == "2015-12-31"


@pytest.mark.parametrize("goal", ["0", "-5", "", "many"])
def test_it_refuses_a_target_without_a_positive_goal(client_for, goal):
    campaign = factory.make_campaign()

    response = client_for("coordinator").post(
        reverse("distribution:target_create", args=[campaign.pk]), _target_data(goal=goal)
    )

    assert response.status_code == 200
    assert "goal" in response.context["form"].errors
    assert not Target.objects.exists()


def test_it_refuses_a_second_target_with_the_same_name(client_for):
    target = factory.make_target(name="Schools in Latgale")

    response = client_for("coordinator").post(
        reverse("distribution:target_create", args=[target.campaign.pk]),
        _target_data(name="schools in latgale"),
    )

    assert "name" in response.context["form"].errors
    assert Target.objects.count() == 1


def test_it_refuses_an_unknown_venue_kind(client_for):
    campaign = factory.make_campaign()

    response = client_for("coordinator").post(
        reverse("distribution:target_create", args=[campaign.pk]),
        _target_data(venue_kinds=["school", "spaceport"]),
    )

    assert "venue_kinds" in response.context["form"].errors
    assert not Target.objects.exists()


def test_it_refuses_a_placement_quantity_of_zero(client_for):
    placement = factory.make_placement(quantity=4)

    response = client_for("coordinator").post(
        reverse("distribution:placement_edit", args=[placement.pk]),
        {"edition": placement.edition_id, "quantity": 0},
    )

    assert "quantity" in response.context["form"].errors
    placement.refresh_from_db()
    assert placement.quantity == 4


def test_it_refuses_a_new_placement_at_a_merged_venue(client_for):
    survivor = factory.make_venue()
    merged = factory.make_venue(merged_into=survivor)
    campaign, edition = factory.make_campaign(), factory.make_edition()

    response = client_for("coordinator").post(
        reverse("distribution:placement_create"),
        {"campaign": campaign.pk, "venue": merged.pk, "edition": edition.pk, "quantity": 1},
    )

    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert not Placement.objects.exists()


def test_it_refuses_a_dispatch_with_nothing_filled_in(client_for):
    response = client_for("coordinator").post(reverse("distribution:dispatch_create"), {})

    assert response.status_code == 200
    assert {"campaign", "name", "channel", "planned_on", "edition"} <= set(
        response.context["form"].errors
    )


def test_it_answers_a_tampered_bulk_step_with_a_message(client_for):
    placement = factory.make_placement()

    response = client_for("coordinator").post(
        reverse("distribution:placement_bulk_status"),
        {
            "step": "delivery:teleported",
            "source": "staff",
            "scope": "selected",
            "selected": [placement.pk, "x"],
        },
        follow=True,
    )

    assert response.status_code == 200
    placement.refresh_from_db()
    assert placement.delivery == "planned"
    assert "Select a valid choice" in response.content.decode()
