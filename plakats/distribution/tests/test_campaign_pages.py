"""Campaign pages: the list, the detail with targets and counts, and editing targets."""

import pytest
from django.urls import reverse

from plakats.core.tests import factory
from plakats.distribution.choices import Delivery, Display
from plakats.distribution.models import Target

pytestmark = pytest.mark.django_db


def test_it_lists_campaigns_with_their_placement_counts(client_for):
    first = factory.make_campaign(name="Safe work abroad")
    factory.make_campaign(name="Sham marriages")
    for _ in range(3):
        factory.make_placement(campaign=first)

    response = client_for("viewer").get(reverse("distribution:campaign_list") + "?q=safe")

    rows = list(response.context["object_list"])
    assert [c.name for c in rows] == ["Safe work abroad"]
    assert rows[0].placement_count == 3


def test_it_shows_counts_per_status_dispatches_and_history(client_for):
    campaign = factory.make_campaign(name="Safe work abroad")
    dispatch = factory.make_dispatch(campaign=campaign, name="Schools, September")
    factory.make_placement(
        dispatch=dispatch, delivery=Delivery.DELIVERED, display=Display.DISPLAYED
    )
    factory.make_placement(dispatch=dispatch, delivery=Delivery.SENT)
    factory.make_placement(dispatch=dispatch)
    factory.make_placement(delivery=Delivery.SENT)

    response = client_for("viewer").get(campaign.get_absolute_url())

    counts = response.context["counts"]
    assert (
        counts["delivery"]["planned"],
        counts["delivery"]["sent"],
        counts["delivery"]["delivered"],
    ) == (1, 1, 1)
    assert counts["display"]["displayed"] == 1
    assert response.context["placement_total"] == 3
    text = response.content.decode()
    assert "Schools, September" in text
    assert f"?campaign={campaign.pk}&amp;delivery=sent" in text
    assert len(response.context["history"]) == 1


def test_it_adds_a_target_with_kinds_and_regions(client_for):
    campaign = factory.make_campaign()
    latgale, kurzeme = factory.region("Latgales"), factory.region("Kurzemes")

    response = client_for("coordinator").post(
        reverse("distribution:target_create", args=[campaign.pk]),
        {
            "name": "Schools and youth centres",
            "measure": "venues",
            "min_reach": "displayed",
            "goal": 46,
            "venue_kinds": ["school", "youth_centre"],
            "regions": [latgale.pk, kurzeme.pk],
        },
    )

    assert response["Location"] == campaign.get_absolute_url()
    target = Target.objects.get()
    assert target.venue_kinds == ["school", "youth_centre"]
    assert set(target.regions.all()) == {latgale, kurzeme}
    assert (target.goal, target.min_reach) == (46, "displayed")


def test_it_has_no_field_for_the_reached_figure(client_for):
    campaign = factory.make_campaign()

    response = client_for("coordinator").get(
        reverse("distribution:target_create", args=[campaign.pk])
    )

    assert set(response.context["form"].fields) == {
        "name",
        "measure",
        "venue_kinds",
        "regions",
        "network",
        "min_reach",
        "goal",
    }


def test_it_edits_a_target_keeping_its_name_free_for_itself(client_for):
    target = factory.make_target(name="Schools", goal=10, venue_kinds=["school"])

    response = client_for("coordinator").post(
        reverse("distribution:target_edit", args=[target.pk]),
        {"name": "Schools", "measure": "venues", "min_reach": "delivered", "goal": 600},
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.goal, target.venue_kinds) == (600, [])


def test_it_deletes_a_target_after_asking(client_for):
    target = factory.make_target(name="Schools")
    client = client_for("coordinator")
    url = reverse("distribution:target_delete", args=[target.pk])

    question = client.get(url)
    assert Target.objects.exists()
    assert "Delete the target" in question.content.decode()

    response = client.post(url)

    assert response["Location"] == target.campaign.get_absolute_url()
    assert not Target.objects.exists()
